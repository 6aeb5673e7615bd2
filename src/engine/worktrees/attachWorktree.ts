import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { BranchCheckedOutError } from './branchCheckedOutError';
import { branchTip, isMerging, resolveCommit } from './gitRefs';
import { removeRegistered } from './ownedWorktree';
import { pickSlot } from './portSlots';
import { readWorktreeList, type RegisteredWorktree } from './worktreeList';
import { WorktreeError } from './worktreeError';
import type { StoredWorktree, WorktreeMetadata } from './worktreeMetadata';
import type { WorktreeContext } from './worktreeTypes';

/** Which worktree to attach. */
export interface AttachTarget {
  sprint: string;
  key: string;
  branch: string;
  path: string;
  baseRef: string;
}

/** A worktree that is registered, checked out on its branch, and has metadata. */
export interface AttachedWorktree {
  adminDir: string;
  metadata: WorktreeMetadata;
  reused: boolean;
}

/**
 * Finds or creates the worktree for `target`. Must run under the manager's mutex: it reads the
 * registered worktrees, then adds one, and another prepare in between would race for git's
 * lock files and for the same port slot.
 *
 * 1. Registered at the path, folder present, on the right branch → reuse it (a resumed run).
 * 2. Registered but the folder is gone → forget the registration, keep its port and base, recreate.
 * 3. Branch checked out in some other live worktree → {@link BranchCheckedOutError}.
 * 4. Otherwise add the worktree: on the existing branch, or on a new branch from `baseRef`.
 */
export async function attachWorktree(ctx: WorktreeContext, target: AttachTarget): Promise<AttachedWorktree> {
  const { git, layout, metadata } = ctx;
  const [entries, stored] = await Promise.all([readWorktreeList(git, layout.repoRoot), metadata.readAll()]);
  const atPath = entries.find((e) => e.path === target.path);
  const previous = atPath ? stored.get(atPath.path)?.metadata : undefined;
  if (atPath && !atPath.prunable && (await exists(path.join(target.path, '.git')))) {
    return reuse(ctx, target, atPath, stored);
  }
  // Safety: only registrations whose folder is gone are forgotten; a live worktree is never removed here.
  if (atPath) await removeRegistered(ctx, atPath.path);
  const holder = entries.find((e) => e.branch === target.branch && e.path !== target.path);
  if (holder && !holder.prunable) throw new BranchCheckedOutError(target.branch, holder.path);
  if (holder) await removeRegistered(ctx, holder.path);
  if ((await fs.readdir(target.path).catch(() => [])).length > 0) {
    throw new WorktreeError(`${target.path} exists and is not a worktree of ${layout.repoRoot}; move it away and try again`);
  }
  const existing = await branchTip(ctx, target.branch);
  let base: string;
  if (existing) {
    await git.run(layout.repoRoot, ['worktree', 'add', target.path, target.branch]);
    base = previous?.base ?? existing;
  } else {
    base = await resolveCommit(ctx, target.baseRef);
    await git.run(layout.repoRoot, ['worktree', 'add', '-b', target.branch, target.path, base]);
  }
  const adminDir = await requireAdminDir(ctx, target.path);
  const slot = pickSlot(usedSlots(stored, target.path), previous?.slot);
  const fresh: WorktreeMetadata = { version: 1, sprint: target.sprint, task: target.key, base, slot, setupDone: false };
  await metadata.write(adminDir, fresh);
  return { adminDir, metadata: fresh, reused: false };
}

async function reuse(ctx: WorktreeContext, target: AttachTarget, entry: RegisteredWorktree, stored: Map<string, StoredWorktree>): Promise<AttachedWorktree> {
  if (entry.branch !== target.branch) {
    throw new WorktreeError(`${target.path} is on ${entry.branch ?? 'a detached HEAD'}, not ${target.branch}; remove the worktree or switch it back`);
  }
  // A crash in the middle of a dependency merge leaves it half-done; start that merge over.
  if (await isMerging(ctx.git, target.path)) await ctx.git.run(target.path, ['merge', '--abort']);
  const adminDir = stored.get(entry.path)?.adminDir ?? (await requireAdminDir(ctx, target.path));
  let metadata = stored.get(entry.path)?.metadata;
  if (!metadata) {
    // Registered but never described (a crash right after `worktree add`): adopt it as it is.
    const head = (await ctx.git.run(target.path, ['rev-parse', 'HEAD'])).trim();
    metadata = { version: 1, sprint: target.sprint, task: target.key, base: head, slot: pickSlot(usedSlots(stored, target.path)), setupDone: false };
    await ctx.metadata.write(adminDir, metadata);
  }
  return { adminDir, metadata, reused: true };
}

function usedSlots(stored: Map<string, StoredWorktree>, except: string): Set<number> {
  const used = new Set<number>();
  for (const [worktreePath, entry] of stored) {
    if (worktreePath !== except && entry.metadata) used.add(entry.metadata.slot);
  }
  return used;
}

async function requireAdminDir(ctx: WorktreeContext, worktreePath: string): Promise<string> {
  const adminDir = await ctx.metadata.adminDirOf(worktreePath);
  if (!adminDir || !ctx.metadata.isAdminDir(adminDir)) throw new WorktreeError(`${worktreePath} has no private git directory in ${ctx.layout.commonDir}`);
  return adminDir;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}
