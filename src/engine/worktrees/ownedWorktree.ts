import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { WorktreeError } from './worktreeError';
import type { WorktreeContext } from './worktreeTypes';

/**
 * Resolves `worktreePath` to its real path, refusing anything but the top folder of a worktree
 * Baton created in this repository (its private git directory holds Baton's metadata).
 *
 * Safety: this is what keeps reset, clean and commit out of the user's checkout, out of the
 * user's own linked worktrees, and out of a sub-folder that would scope `clean` oddly. It reads
 * the links git keeps rather than asking git (no process on every checkpoint and commit): the
 * folder's `.git` file must name a private directory under `<common dir>/worktrees`, whose
 * `gitdir` file must name this folder's `.git` back — which is what makes the folder that
 * worktree's top level — and that directory must hold Baton's metadata. The main worktree's
 * `.git` is a directory and a sub-folder has no `.git`: both are refused.
 */
export async function resolveOwnedWorktree(ctx: WorktreeContext, worktreePath: string): Promise<string> {
  const dir = await fs.realpath(worktreePath).catch(() => {
    throw new WorktreeError(`No worktree at ${worktreePath}`);
  });
  const adminDir = await ctx.metadata.adminDirOf(dir);
  const ours = adminDir !== undefined && ctx.metadata.isAdminDir(adminDir) && (await pointsBack(adminDir, dir)) && (await ctx.metadata.read(adminDir)) !== undefined;
  if (!ours) throw new WorktreeError(`${dir} is not a Baton worktree of ${ctx.layout.repoRoot}; refusing to touch it`);
  return dir;
}

/** True when the private directory's `gitdir` file names `<dir>/.git`. */
async function pointsBack(adminDir: string, dir: string): Promise<boolean> {
  const gitdir = await fs.readFile(path.join(adminDir, 'gitdir'), 'utf8').catch(() => undefined);
  if (gitdir === undefined) return false;
  const named = path.resolve(adminDir, gitdir.trim());
  if (path.basename(named) !== '.git') return false;
  const top = path.dirname(named);
  return top === dir || (await fs.realpath(top).catch(() => '')) === dir;
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
