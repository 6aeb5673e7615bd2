import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describeWorktrees } from './describeWorktrees';
import { removeRegistered } from './ownedWorktree';
import { assertId } from './worktreeLayout';
import { readWorktreeList } from './worktreeList';
import { WorktreeError } from './worktreeError';
import type { ManagerContext, RemoveManyResult } from './worktreeTypes';
import { TRASH_FOLDER_NAME } from '../config/worktreeLocation';

/**
 * Where removed worktree folders wait to be deleted, inside the worktree location. Ids never
 * start with a dot, so no sprint folder can be called this.
 */
export const TRASH_FOLDER = TRASH_FOLDER_NAME;

/** Branches per `git branch -D`, to stay far below Windows' command-line limit. */
const BRANCHES_PER_CALL = 100;

/** What {@link detachWorktrees} did, and the folders left for {@link deleteFolders}. */
export interface Detached extends RemoveManyResult {
  trash: string[];
}

/**
 * Takes Baton worktrees out of git in one pass; runs under the manager's mutex.
 *
 * 1. One `git worktree list` and one read of the metadata: every path must be a Baton worktree
 *    or no worktree at all (already removed) — the main worktree or a worktree Baton did not
 *    create fails the whole call before anything changes.
 * 2. Each folder is renamed into {@link TRASH_FOLDER}: one atomic step, so a crash leaves the
 *    folder either intact where it was or wholly in the trash — never a half-deleted worktree
 *    that the next prepare would reuse. Where renaming fails (another file system, a file held
 *    open on Windows) `git worktree remove --force` removes that one instead.
 * 3. One `git worktree prune` forgets every registration whose folder is now gone (as
 *    {@link WorktreeManager.prune} does, it also forgets other worktrees whose folder is gone).
 * 4. With `deleteBranches`, one `git branch -D` per hundred branches.
 *
 * A crash at any step leaves only what the next call, or `prune()`, finishes: prunable
 * registrations, branches, folders in the trash. Locked worktrees are skipped.
 */
export async function detachWorktrees(ctx: ManagerContext, dirs: readonly string[], deleteBranches: boolean): Promise<Detached> {
  const { git, layout } = ctx;
  const [entries, stored] = await Promise.all([readWorktreeList(git, layout.repoRoot), ctx.metadata.readAll()]);
  const ours = new Map((await describeWorktrees(ctx, entries, stored, 0, false)).map((w) => [w.path, w]));
  const registered = new Set(entries.map((e) => e.path));
  for (const dir of dirs) {
    if (!ours.has(dir) && (dir === layout.repoRoot || registered.has(dir))) {
      throw new WorktreeError(`${dir} is not a Baton worktree of ${layout.repoRoot}; refusing to remove it`);
    }
  }
  const result: Detached = { removed: [], skipped: [], trash: [] };
  const branches: string[] = [];
  for (const dir of new Set(dirs)) {
    const worktree = ours.get(dir);
    if (!worktree) {
      // Already removed (perhaps by a call that crashed before deleting its branch).
      const branch = deleteBranches ? branchAt(ctx, dir) : undefined;
      if (branch) branches.push(branch);
      continue;
    }
    if (worktree.locked) {
      result.skipped.push({ path: dir, reason: 'the worktree is locked (`git worktree unlock` it first)' });
      continue;
    }
    try {
      if (worktree.exists) {
        const moved = await moveToTrash(ctx, dir);
        if (moved) result.trash.push(moved);
        else await removeRegistered(ctx, dir);
      }
    } catch (error) {
      result.skipped.push({ path: dir, reason: (error as Error).message });
      continue;
    }
    result.removed.push(dir);
    if (deleteBranches && worktree.branch && layout.parseBranch(worktree.branch)) branches.push(worktree.branch);
    await tidySprintFolder(ctx, dir);
  }
  if (result.removed.length > 0) await git.run(layout.repoRoot, ['worktree', 'prune']);
  const gone = new Set(result.removed);
  const held = new Set(entries.filter((e) => !gone.has(e.path) && e.branch).map((e) => e.branch));
  await deleteBranchesOnce(ctx, branches.filter((b) => !held.has(b)));
  return result;
}

/**
 * Deletes folders moved into the trash, a few at a time; runs outside the mutex. Symlinks are
 * unlinked, never followed, so a linked `node_modules` of the main checkout is never touched.
 */
export async function deleteFolders(folders: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < folders.length; i = next++) await fs.rm(folders[i]!, { recursive: true, force: true, maxRetries: 3 });
  };
  await Promise.all(Array.from({ length: Math.min(4, folders.length) }, worker));
}

/** Folders in the trash that no call in flight is deleting: leftovers of a crash. */
export async function trashLeftovers(ctx: ManagerContext, inFlight: ReadonlySet<string>): Promise<string[]> {
  const trash = path.join(ctx.layout.location, TRASH_FOLDER);
  const names = await fs.readdir(trash).catch(() => [] as string[]);
  return names.map((n) => path.join(trash, n)).filter((p) => !inFlight.has(p));
}

async function moveToTrash(ctx: ManagerContext, dir: string): Promise<string | undefined> {
  const trash = path.join(ctx.layout.location, TRASH_FOLDER);
  const target = path.join(trash, `${path.basename(dir)}-${randomBytes(6).toString('hex')}`);
  try {
    await fs.mkdir(trash, { recursive: true });
    await fs.rename(dir, target);
    return target;
  } catch {
    return undefined;
  }
}

/** `baton/<sprint>/<key>` for a path `<location>/<sprint>/<key>`; undefined for any other path. */
function branchAt(ctx: ManagerContext, dir: string): string | undefined {
  if (!ctx.layout.holds(dir)) return undefined;
  const parts = path.relative(ctx.layout.location, dir).split(path.sep);
  if (parts.length !== 2) return undefined;
  const [sprint, key] = parts as [string, string];
  try {
    assertId('sprint', sprint);
    assertId('key', key);
  } catch {
    return undefined;
  }
  return ctx.layout.branchFor(sprint, key);
}

/** Deletes the branches that exist, never one checked out anywhere (the caller filtered those). */
async function deleteBranchesOnce(ctx: ManagerContext, wanted: readonly string[]): Promise<void> {
  if (wanted.length === 0) return;
  const { git, layout } = ctx;
  const refs = await git.run(layout.repoRoot, ['for-each-ref', '--format=%(refname)', 'refs/heads/baton/']);
  const existing = new Set(refs.split('\n').filter(Boolean).map((r) => r.slice('refs/heads/'.length)));
  const doomed = [...new Set(wanted)].filter((b) => existing.has(b));
  for (let i = 0; i < doomed.length; i += BRANCHES_PER_CALL) {
    await git.run(layout.repoRoot, ['branch', '-D', ...doomed.slice(i, i + BRANCHES_PER_CALL)]);
  }
}

async function tidySprintFolder(ctx: ManagerContext, dir: string): Promise<void> {
  const parent = path.dirname(dir);
  if (parent !== ctx.layout.location && ctx.layout.holds(parent)) await fs.rmdir(parent).catch(() => undefined);
}
