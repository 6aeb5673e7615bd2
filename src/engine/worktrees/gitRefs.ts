import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { GitRunner } from './gitRunner';
import { WorktreeError } from './worktreeError';
import type { WorktreeContext } from './worktreeTypes';

/** The commit `ref` names, or undefined when it names none (git's exit 128 is the answer "no"). */
export async function tryResolveCommit(ctx: WorktreeContext, ref: string): Promise<string | undefined> {
  const { stdout, exitCode } = await ctx.git.exec(ctx.layout.repoRoot, ['rev-parse', '--verify', `${ref}^{commit}`], { allowExit: [128] });
  return exitCode === 0 ? stdout.trim() : undefined;
}

/** The commit a local branch points at, or undefined when the branch does not exist. */
export function branchTip(ctx: WorktreeContext, branch: string): Promise<string | undefined> {
  return tryResolveCommit(ctx, `refs/heads/${branch}`);
}

/** Resolves a branch name or sha to a commit sha, with a clear error when it names nothing. */
export async function resolveCommit(ctx: WorktreeContext, ref: string): Promise<string> {
  const sha = await tryResolveCommit(ctx, ref);
  if (!sha) throw new WorktreeError(`${ref} is not a branch or commit of ${ctx.layout.repoRoot}`);
  return sha;
}

/** True while a merge is in progress in `worktree` (its MERGE_HEAD exists). */
export async function isMerging(git: GitRunner, worktree: string): Promise<boolean> {
  const mergeHead = path.resolve(worktree, (await git.run(worktree, ['rev-parse', '--git-path', 'MERGE_HEAD'])).trim());
  return fs.access(mergeHead).then(
    () => true,
    () => false,
  );
}
