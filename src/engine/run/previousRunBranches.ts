import { gitEnvironment } from '../worktrees/gitEnvironment';
import { GitRunner } from '../worktrees/gitRunner';

/**
 * A new run of a sprint reuses the branch names `baton/<sprint>/<task>`. The previous run's
 * branches are renamed to `baton-archive/<sprint>/<run>/<task>` rather than deleted, so no
 * agent's work is ever lost; the integration branch is rebuilt from scratch anyway.
 */
export async function archivePreviousRunBranches(repoRoot: string, sprint: string, previousRunId: string, hostEnv: Readonly<Record<string, string | undefined>> = {}): Promise<number> {
  const git = new GitRunner(repoRoot, gitEnvironment(hostEnv));
  const refs = (await git.run(repoRoot, ['for-each-ref', '--format=%(refname:short)', `refs/heads/baton/${sprint}/`])).split('\n').map((l) => l.trim()).filter(Boolean);
  for (const ref of refs) {
    const task = ref.slice(`baton/${sprint}/`.length);
    await git.run(repoRoot, ['branch', '-M', ref, `baton-archive/${sprint}/${previousRunId}/${task}`]);
  }
  return refs.length;
}
