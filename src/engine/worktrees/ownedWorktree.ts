import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { WorktreeError } from './worktreeError';
import type { WorktreeContext } from './worktreeTypes';

/**
 * Resolves `worktreePath` to its real path, refusing anything but the top folder of a worktree
 * Baton created in this repository (its private git directory holds Baton's metadata).
 *
 * Safety: this is what keeps reset, clean and commit out of the user's checkout, out of the
 * user's own linked worktrees, and out of a sub-folder that would scope `clean` oddly.
 */
export async function resolveOwnedWorktree(ctx: WorktreeContext, worktreePath: string): Promise<string> {
  const dir = await fs.realpath(worktreePath).catch(() => {
    throw new WorktreeError(`No worktree at ${worktreePath}`);
  });
  const [top, gitDir] = (await ctx.git.run(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir'])).split('\n');
  const adminDir = gitDir ? path.resolve(gitDir) : '';
  const ours = top !== undefined && path.resolve(top) === dir && ctx.metadata.isAdminDir(adminDir) && (await ctx.metadata.read(adminDir)) !== undefined;
  if (!ours) throw new WorktreeError(`${dir} is not a Baton worktree of ${ctx.layout.repoRoot}; refusing to touch it`);
  return dir;
}

/**
 * `git worktree remove --force` (uncommitted changes are discarded; symlinks are unlinked, never
 * followed), then drops the `<sprint>` folder if that left it empty.
 */
export async function removeRegistered(ctx: WorktreeContext, worktreePath: string): Promise<void> {
  await ctx.git.run(ctx.layout.repoRoot, ['worktree', 'remove', '--force', worktreePath]);
  const parent = path.dirname(worktreePath);
  if (parent !== ctx.layout.location && ctx.layout.holds(parent)) await fs.rmdir(parent).catch(() => undefined);
}
