import type { GitRunner } from './gitRunner';
import { readStatus } from './worktreeStatus';

/**
 * Stages everything in `worktree` (new, modified, deleted) except the `keepOut` paths, and
 * commits it when anything is left to commit. Hooks are skipped: these are Baton's bookkeeping
 * commits (checkpoints, an agent's finished work), and a failing or interactive hook must not
 * lose them.
 *
 * @returns the new commit's sha, or undefined (with the current HEAD) when there was nothing.
 */
export async function commitChanges(git: GitRunner, worktree: string, message: string, keepOut: readonly string[]): Promise<{ sha: string | undefined; head: string }> {
  const status = await readStatus(git, worktree);
  const isKeptOut = (p: string): boolean => keepOut.some((k) => p === k || p.startsWith(`${k}/`));
  if (status.paths.every(isKeptOut)) return { sha: undefined, head: status.head };
  // Only kept-out paths git actually reports are excluded: naming a git-ignored path in an
  // exclude pathspec makes `git add` exit 1 (after staging the rest anyway).
  const visible = keepOut.filter((k) => status.paths.some((p) => p === k || p.startsWith(`${k}/`)));
  await git.run(worktree, ['add', '-A', '--verbose', '--', '.', ...visible.map((p) => `:(top,literal,exclude)${p}`)]);
  await git.runCommitting(worktree, ['commit', '--no-verify', '-m', message]);
  const sha = (await git.run(worktree, ['rev-parse', 'HEAD'])).trim();
  return { sha, head: sha };
}
