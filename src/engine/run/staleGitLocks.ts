import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { gitEnvironment } from '../worktrees/gitEnvironment';
import { GitRunner } from '../worktrees/gitRunner';
import { log, type RunContext } from './runContext';

/**
 * Removes the lock files an agent killed in the middle of a git command leaves in its worktree
 * (`index.lock` above all; `HEAD.lock` and its branch's ref lock for a commit cut short). Git
 * never removes them itself, so every later git command there — the rollback, the retry's
 * checkpoint — would fail with "Unable to create index.lock: File exists".
 *
 * Safety: call this only once the agent's process group is gone and for an attempt whose agent
 * exit is not yet settled. In that window the engine runs no git in the worktree (it prepares
 * before `task:started` and settles after `task:agent-exited`), so a lock can only be the
 * killed agent's.
 *
 * @returns the lock files removed.
 */
export async function removeStaleGitLocks(worktree: string, branch: string | undefined, hostEnv: Readonly<Record<string, string | undefined>> = {}): Promise<string[]> {
  const git = new GitRunner(worktree, gitEnvironment(hostEnv));
  const dirs = await git.exec(worktree, ['rev-parse', '--absolute-git-dir', '--git-common-dir'], { allowExit: [128] }).catch(() => undefined);
  if (!dirs || dirs.exitCode !== 0) return [];
  const [gitDir, commonDir] = dirs.stdout.split('\n').map((l) => l.trim());
  if (!gitDir || !commonDir) return [];
  const candidates = [path.join(gitDir, 'index.lock'), path.join(gitDir, 'HEAD.lock')];
  if (branch) candidates.push(path.join(path.resolve(worktree, commonDir), 'refs', 'heads', `${branch}.lock`));
  const removed: string[] = [];
  for (const file of candidates) {
    if (await fs.rm(file).then(() => true, () => false)) removed.push(file);
  }
  return removed;
}

/** {@link removeStaleGitLocks}, saying what it removed in the run's log. */
export async function clearLocks(ctx: RunContext, taskId: string, worktree: string, branch: string | undefined): Promise<void> {
  const removed = await removeStaleGitLocks(worktree, branch, ctx.host.env);
  if (removed.length) log(ctx, `${taskId}: removed ${removed.map((f) => path.basename(f)).join(', ')} left by its stopped agent`);
}
