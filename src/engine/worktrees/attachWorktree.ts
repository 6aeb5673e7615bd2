import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { takeBack } from './agentHandover';
import { BranchCheckedOutError } from './branchCheckedOutError';
import { branchTip, resolveCommit, tryResolveCommit } from './gitRefs';
import type { GitRunner } from './gitRunner';
import { removeRegistered } from './ownedWorktree';
import { pickSlot } from './portSlots';
import type { WorktreeLayout } from './worktreeLayout';
import { readWorktreeList, type RegisteredWorktree } from './worktreeList';
import { WorktreeError } from './worktreeError';
import type { StoredWorktree, WorktreeMetadata } from './worktreeMetadata';
import type { ManagerContext } from './worktreeTypes';

/** Which worktree to attach. */
export interface AttachTarget {
  sprint: string;
  key: string;
  branch: string;
  path: string;
  baseRef: string;
}

/** A worktree that is registered on its branch and has metadata (its checkout may still be due). */
export interface AttachedWorktree {
  adminDir: string;
  metadata: WorktreeMetadata;
  reused: boolean;
  /** HEAD, when known without asking git (a worktree just added); undefined for a reused one. */
  head: string | undefined;
}

/**
 * Finds or creates the worktree for `target`. Must run under the manager's mutex: it adds a
 * worktree and picks a port slot, and another prepare in between would race for both.
 *
 * A new task takes the fast path: nothing registered at the path (per the registry) and no
 * folder with contents there → one `git worktree add -b <branch> <path> <base>`, no listing.
 * git itself refuses when the branch already exists or the path is registered after all, and
 * then the full path below decides, from git's own list:
 *
 * 1. Registered at the path, folder present, on the right branch → reuse it (a resumed run).
 * 2. Registered but the folder is gone → forget the registration, keep its port and base, recreate.
 * 3. Branch checked out in some other live worktree → {@link BranchCheckedOutError}.
 * 4. Otherwise add the worktree: on the existing branch, or on a new branch from `baseRef`.
 *
 * With `ctx.checkoutOutsideLock` the worktree is added with `--no-checkout`; {@link completeCheckout}
 * fills it in afterwards, outside the mutex.
 */
export async function attachWorktree(ctx: ManagerContext, target: AttachTarget): Promise<AttachedWorktree> {
  const added = await addNew(ctx, target);
  if (added) return added;
  ctx.registry.invalidate();
  return attachFromList(ctx, target);
}

/**
 * Whether new worktrees are added with `--no-checkout` and checked out after the mutex is
 * released, by `reset --hard` in the new worktree — the very command `git worktree add` runs as
 * a child process, so this costs no extra process and lets concurrent prepares overlap on the
 * checkout, which on a big repository is most of the work. `git worktree add` itself cannot run
 * concurrently: it reads every registered worktree, and fails reading one another add has only
 * half written. (Baton's git runs no hooks at all — `NO_HOOKS` — so a post-checkout hook, which
 * only `worktree add` runs the way hooks expect, no longer stands in the way.) Decided once per manager.
 */
export async function checkoutOutsideLock(git: GitRunner, layout: WorktreeLayout): Promise<boolean> {
  const hook = (await git.run(layout.repoRoot, ['rev-parse', '--git-path', 'hooks/post-checkout'])).trim();
  return !(await exists(path.resolve(layout.repoRoot, hook)));
}

/**
 * Finishes what a crash or {@link checkoutOutsideLock} left undone in an attached worktree; runs
 * outside the mutex, one call per worktree at a time. A merge a crash interrupted is aborted (it
 * starts over). A worktree whose setup never completed and that has no index was never checked
 * out: `reset --hard` fills it in, over whatever a crashed checkout wrote (and past the
 * `index.lock` it left). No agent has run in such a worktree — agents start only after setup —
 * so nothing of anyone's is lost.
 */
export async function completeCheckout(ctx: ManagerContext, dir: string, attached: AttachedWorktree): Promise<void> {
  if (attached.reused && (await exists(path.join(attached.adminDir, 'MERGE_HEAD')))) await ctx.git.run(dir, ['merge', '--abort']);
  if (attached.metadata.setupDone || (await exists(path.join(attached.adminDir, 'index')))) return;
  if (attached.reused) await fs.rm(path.join(attached.adminDir, 'index.lock'), { force: true });
  await ctx.git.run(dir, ['reset', '--hard', '--no-recurse-submodules', '--quiet']);
}

/** The fast path; undefined when the full path must decide. */
async function addNew(ctx: ManagerContext, target: AttachTarget): Promise<AttachedWorktree | undefined> {
  const registered = await ctx.registry.snapshot();
  if (registered.has(target.path) || (await fs.readdir(target.path).catch(() => [])).length > 0) return undefined;
  const base = await baseCommit(ctx, target.baseRef);
  if (!base) return undefined; // the full path reports it, unless the branch exists and it is not needed
  try {
    const checkout = ctx.checkoutOutsideLock ? ['--no-checkout'] : [];
    await ctx.git.run(ctx.layout.repoRoot, ['worktree', 'add', ...checkout, '-b', target.branch, target.path, base]);
  } catch {
    // The branch exists (a resumed or earlier run), or git knows the path after all. `add -b`
    // creates nothing when it refuses; the full path reads git's list and decides.
    return undefined;
  }
  const used = new Set<number>();
  for (const [worktreePath, entry] of registered) if (worktreePath !== target.path && entry.slot !== undefined) used.add(entry.slot);
  return describeNew(ctx, target, base, base, pickSlot(used));
}

/** `ref` resolved to a commit, from the cache when it is a full id already verified. */
async function baseCommit(ctx: ManagerContext, ref: string): Promise<string | undefined> {
  if (ctx.verifiedCommits.has(ref)) return ref;
  const sha = await tryResolveCommit(ctx, ref);
  if (sha && sha === ref) ctx.verifiedCommits.add(sha);
  return sha;
}

async function attachFromList(ctx: ManagerContext, target: AttachTarget): Promise<AttachedWorktree> {
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
  const checkout = ctx.checkoutOutsideLock ? ['--no-checkout'] : [];
  const existing = await branchTip(ctx, target.branch);
  let base: string;
  if (existing) {
    await git.run(layout.repoRoot, ['worktree', 'add', ...checkout, target.path, target.branch]);
    base = previous?.base ?? existing;
  } else {
    base = await resolveCommit(ctx, target.baseRef);
    await git.run(layout.repoRoot, ['worktree', 'add', ...checkout, '-b', target.branch, target.path, base]);
  }
  return describeNew(ctx, target, base, existing ?? base, pickSlot(usedSlots(stored, target.path), previous?.slot));
}

/** Writes a new worktree's metadata and remembers it in the registry. */
async function describeNew(ctx: ManagerContext, target: AttachTarget, base: string, head: string, slot: number): Promise<AttachedWorktree> {
  const adminDir = await requireAdminDir(ctx, target.path);
  const fresh: WorktreeMetadata = { version: 1, sprint: target.sprint, task: target.key, base, slot, setupDone: false };
  await ctx.metadata.write(adminDir, fresh);
  ctx.registry.record(adminDir, target.path, slot);
  return { adminDir, metadata: fresh, reused: false, head };
}

async function reuse(ctx: ManagerContext, target: AttachTarget, entry: RegisteredWorktree, stored: Map<string, StoredWorktree>): Promise<AttachedWorktree> {
  const mine = stored.get(entry.path);
  if (entry.branch === undefined && mine?.metadata?.sprint === target.sprint && mine.metadata.task === target.key) {
    // Still handed over to an agent a crash stopped: take it back (its branch moves to its HEAD).
    await takeBack(ctx, target.path, mine.adminDir, target.branch);
  } else if (entry.branch !== target.branch) {
    throw new WorktreeError(`${target.path} is on ${entry.branch ?? 'a detached HEAD'}, not ${target.branch}; remove the worktree or switch it back`);
  }
  const adminDir = stored.get(entry.path)?.adminDir ?? (await requireAdminDir(ctx, target.path));
  let metadata = stored.get(entry.path)?.metadata;
  if (!metadata) {
    // Registered but never described (a crash right after `worktree add`): adopt it as it is.
    const head = (await ctx.git.run(target.path, ['rev-parse', 'HEAD'])).trim();
    metadata = { version: 1, sprint: target.sprint, task: target.key, base: head, slot: pickSlot(usedSlots(stored, target.path)), setupDone: false };
    await ctx.metadata.write(adminDir, metadata);
  }
  ctx.registry.record(adminDir, target.path, metadata.slot);
  return { adminDir, metadata, reused: true, head: undefined };
}

function usedSlots(stored: Map<string, StoredWorktree>, except: string): Set<number> {
  const used = new Set<number>();
  for (const [worktreePath, entry] of stored) {
    if (worktreePath !== except && entry.metadata) used.add(entry.metadata.slot);
  }
  return used;
}

async function requireAdminDir(ctx: ManagerContext, worktreePath: string): Promise<string> {
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
