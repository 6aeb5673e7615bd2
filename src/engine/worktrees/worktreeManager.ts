import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { agentObjectsView, handOver, takeBack, type AgentGit, type TakenBack } from './agentHandover';
import { AsyncMutex } from './asyncMutex';
import { attachWorktree, checkoutOutsideLock, completeCheckout, type AttachedWorktree } from './attachWorktree';
import { deleteFolders, detachWorktrees, trashLeftovers } from './batchRemoval';
import { commitChanges } from './commitChanges';
import { describeWorktrees } from './describeWorktrees';
import { branchTip } from './gitRefs';
import { gitEnvironment } from './gitEnvironment';
import { GitRunner } from './gitRunner';
import { KeyedMutex } from './keyedMutex';
import { mergeBranches } from './mergeBranches';
import { mergeSprint } from './mergeSprint';
import { removeRegistered, resolveOwnedWorktree } from './ownedWorktree';
import { WorkspaceSetup } from './workspaceSetup';
import { changedFiles, diffStat, type DiffStat } from './worktreeDiff';
import { WorktreeError } from './worktreeError';
import { assertId, assertRef, WorktreeLayout } from './worktreeLayout';
import { readWorktreeList } from './worktreeList';
import { WorktreeMetadataStore } from './worktreeMetadata';
import { WorktreeRegistry } from './worktreeRegistry';
import type {
  CommitResult, ManagerContext, MergeSprintRequest, MergeSprintResult, PreparedWorktree, PrepareRequest, PruneOptions,
  ReconcileResult, RemoveManyOptions, RemoveManyResult, RemoveOptions, TaskOwnership, WorktreeInfo, WorktreeManagerOptions,
} from './worktreeTypes';

const DEFAULT_BASE_PORT = 4100;

/**
 * Git worktrees for tasks: one branch `baton/<sprint>/<task>` and one folder
 * `<location>/<sprint>/<task>` per task (or per shared strategy key), with its dependencies'
 * branches merged in, setup files in place and a port of its own.
 *
 * Safety: the user's branch, index and working tree are never touched — no checkout, stash,
 * reset or clean ever runs in the main worktree, and every method taking a path refuses any
 * worktree Baton did not create. Operations that change `.git/worktrees` or shared branches
 * (adding, removing, pruning worktrees, deleting branches, building the integration branch) run
 * one at a time through an internal mutex: they read what is registered and then change it, and
 * git's lock files make concurrent ones fail. What touches one worktree only — its checkout, the
 * dependency merges that move its own branch, setup, commits, diffs, rollbacks — runs outside it,
 * one call per worktree at a time where two could collide (tasks sharing a worktree).
 *
 * Performance: a new task's worktree costs one `git worktree add` (no listing, no rev-parse: the
 * registered worktrees are cached, see {@link WorktreeRegistry}); a checkpoint or commit of an
 * unchanged worktree one `git status`. Remove finished worktrees with {@link removeMany}: one
 * listing and one `git worktree prune` for the lot, where {@link remove} costs a listing and a
 * `git worktree remove` each, and both grow with the number of worktrees.
 */
export class WorktreeManager {
  readonly #options: WorktreeManagerOptions;
  readonly #basePort: number;
  readonly #mutex = new AsyncMutex();
  readonly #perWorktree = new KeyedMutex();
  readonly #setupRuns = new Map<string, Promise<void>>();
  /** Trash folders a call in flight is deleting; the others are crash leftovers. */
  readonly #deleting = new Set<string>();
  #context: Promise<ManagerContext> | undefined;

  constructor(options: WorktreeManagerOptions) {
    const basePort = options.basePort ?? DEFAULT_BASE_PORT;
    if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65535) {
      throw new WorktreeError(`Expected \`basePort\` to be an integer from 1 to 65535, got \`${basePort}\``);
    }
    this.#options = options;
    this.#basePort = basePort;
    // Validate copy/symlink/setup now, so a bad config fails at construction, not mid-run.
    new WorkspaceSetup(options.repoRoot, options);
  }

  /**
   * Gives a task its worktree: creates (or, for a resumed run, reuses) the branch and folder,
   * merges `dependencyBranches` in, and on a new worktree copies, links and runs setup.
   * Idempotent: after a crash at any point, calling it again finishes the same worktree.
   *
   * @throws MergeConflictError when a dependency conflicts (the merge is aborted, the worktree clean).
   * @throws BranchCheckedOutError when the branch is checked out in another worktree.
   */
  async prepare(request: PrepareRequest): Promise<PreparedWorktree> {
    assertId('sprint', request.sprint);
    assertId('task', request.task);
    if (request.strategyKey !== undefined) assertId('strategyKey', request.strategyKey);
    assertRef('baseRef', request.baseRef);
    for (const dependency of request.dependencyBranches) assertRef('dependencyBranches', dependency);
    const ctx = await this.#ctx();
    const key = request.strategyKey ?? request.task;
    const target = { sprint: request.sprint, key, branch: ctx.layout.branchFor(request.sprint, key), path: ctx.layout.pathFor(request.sprint, key), baseRef: request.baseRef };
    const attached = await this.#mutex.run(() => attachWorktree(ctx, target));
    await this.#perWorktree.run(target.path, async () => {
      await completeCheckout(ctx, target.path, attached);
      await this.#mergeDependencies(ctx, target.path, attached, request.dependencyBranches, request.labels);
    });
    await this.#finishSetup(ctx, target.path, attached);
    return { path: target.path, branch: target.branch, baseCommit: attached.metadata.base, port: this.#basePort + attached.metadata.slot, reused: attached.reused };
  }

  /** Commits pending changes as `baton: checkpoint` (if any) and returns HEAD, for an exact {@link rollback}. */
  async checkpoint(worktreePath: string): Promise<string> {
    const { ctx, dir } = await this.#owned(worktreePath);
    return (await commitChanges(ctx.git, dir, 'baton: checkpoint', ctx.setup.paths)).head;
  }

  /**
   * Returns the worktree to `sha` exactly: `reset --hard`, then `clean -fd` — deliberately
   * without `-x`, so git-ignored build output and installed dependencies survive (and with the
   * setup paths excluded), then copy/symlink again in case the agent deleted them.
   */
  async rollback(worktreePath: string, sha: string): Promise<void> {
    assertRef('sha', sha);
    const { ctx, dir } = await this.#owned(worktreePath);
    await ctx.git.run(dir, ['reset', '--hard', sha]);
    await ctx.git.run(dir, ['clean', '-fd', ...ctx.setup.cleanExcludes]);
    await ctx.setup.link(dir);
  }

  /**
   * Hands the worktree to an agent: HEAD detached at `checkpoint` (its current HEAD when undefined), a private object folder whose
   * alternates name the shared store at `sharedObjectsInside` (where the sandbox shows it).
   * Call {@link takeBack} once the agent has stopped, before any other git in the worktree.
   */
  async handOver(worktreePath: string, checkpoint: string | undefined, sharedObjectsInside: string): Promise<AgentGit & { commonDir: string }> {
    if (checkpoint !== undefined) assertRef('checkpoint', checkpoint);
    const { ctx, dir } = await this.#owned(worktreePath);
    const adminDir = (await ctx.metadata.adminDirOf(dir))!;
    const at = checkpoint ?? (await ctx.git.run(dir, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
    return { ...(await handOver(ctx, adminDir, at, sharedObjectsInside)), commonDir: ctx.layout.commonDir };
  }

  /**
   * Takes the worktree back from an agent: its objects imported, `baton/<sprint>/<task>` moved to
   * the commit its HEAD names, HEAD attached to that branch again, and the worktree's `.git` file
   * pointing at its own git directory again. Idempotent, so crash recovery calls it too.
   *
   * The worktree is found from git's registry (the private directories' `gitdir` files), not from
   * its `.git` file, which an uncontained agent may have rewritten.
   */
  async takeBack(worktreePath: string): Promise<TakenBack> {
    const ctx = await this.#ctx();
    const dir = await fs.realpath(worktreePath).catch(() => path.resolve(worktreePath));
    const stored = (await ctx.metadata.readAll()).get(dir);
    if (!stored?.metadata) throw new WorktreeError(`${dir} is not a Baton worktree of ${ctx.layout.repoRoot}; refusing to touch it`);
    const pointer = `gitdir: ${stored.adminDir}\n`;
    if ((await fs.readFile(path.join(dir, '.git'), 'utf8').catch(() => '')) !== pointer) await fs.writeFile(path.join(dir, '.git'), pointer);
    const branch = ctx.layout.branchFor(stored.metadata.sprint, stored.metadata.task);
    return this.#perWorktree.run(dir, () => takeBack(ctx, dir, stored.adminDir, branch));
  }

  /** Stages everything and commits it; the new sha, or undefined when nothing changed. */
  async commitAll(worktreePath: string, message: string): Promise<string | undefined> {
    return (await this.commit(worktreePath, message)).sha;
  }

  /**
   * {@link commitAll}, also returning HEAD afterwards — what a {@link checkpoint} right after
   * would return, without its `git status`. An unchanged worktree costs one git process.
   */
  async commit(worktreePath: string, message: string): Promise<CommitResult> {
    if (message.trim() === '') throw new WorktreeError('Expected `message` to be a non-empty commit message');
    const { ctx, dir } = await this.#owned(worktreePath);
    return commitChanges(ctx.git, dir, message, ctx.setup.paths);
  }

  /** Line counts of everything changed since `baseCommit`, committed or not (an agent's work too, while it runs). */
  async diffStat(worktreePath: string, baseCommit: string): Promise<DiffStat> {
    assertRef('baseCommit', baseCommit);
    const { ctx, dir } = await this.#owned(worktreePath);
    return diffStat(ctx.git, dir, baseCommit, ctx.setup.excludePathspecs, await this.#readView(ctx, dir));
  }

  /** Paths changed since `baseCommit`, committed or not (renames as old and new path), sorted; an agent's work too, while it runs. */
  async changedFiles(worktreePath: string, baseCommit: string): Promise<string[]> {
    assertRef('baseCommit', baseCommit);
    const { ctx, dir } = await this.#owned(worktreePath);
    return changedFiles(ctx.git, dir, baseCommit, ctx.setup.excludePathspecs, await this.#readView(ctx, dir));
  }

  /** Lets a reading git see the commits of an agent that holds the worktree (see {@link agentObjectsView}). */
  async #readView(ctx: ManagerContext, dir: string): Promise<Record<string, string>> {
    const adminDir = await ctx.metadata.adminDirOf(dir);
    return adminDir ? agentObjectsView(adminDir) : {};
  }

  /**
   * Removes a Baton worktree (given by path or by sprint and task/strategy key), discarding
   * uncommitted changes. Symlinked folders are unlinked, never followed.
   *
   * @returns false when there was no such worktree (already removed).
   */
  async remove(target: string | { sprint: string; task: string }, options: RemoveOptions = {}): Promise<boolean> {
    const ctx = await this.#ctx();
    let dir: string;
    let branch: string | undefined;
    if (typeof target === 'string') {
      dir = path.resolve(target);
    } else {
      assertId('sprint', target.sprint);
      assertId('task', target.task);
      dir = ctx.layout.pathFor(target.sprint, target.task);
      branch = ctx.layout.branchFor(target.sprint, target.task);
    }
    dir = await fs.realpath(dir).catch(() => dir);
    return this.#mutex.run(async () => {
      const [entries, stored] = await Promise.all([readWorktreeList(ctx.git, ctx.layout.repoRoot), ctx.metadata.readAll()]);
      const entry = (await describeWorktrees(ctx, entries, stored, this.#basePort, false)).find((w) => w.path === dir);
      if (!entry && (dir === ctx.layout.repoRoot || entries.some((e) => e.path === dir))) {
        throw new WorktreeError(`${dir} is not a Baton worktree of ${ctx.layout.repoRoot}; refusing to remove it`);
      }
      if (entry) await removeRegistered(ctx, entry.path);
      branch = entry?.branch ?? branch;
      if (options.deleteBranch && branch && (await branchTip(ctx, branch))) {
        await ctx.git.run(ctx.layout.repoRoot, ['branch', '-D', branch]);
      }
      ctx.registry.invalidate();
      return entry !== undefined;
    });
  }

  /**
   * Removes many Baton worktrees at once, discarding uncommitted changes: one `git worktree
   * list`, each folder moved into a trash folder inside the worktree location (one rename), one
   * `git worktree prune`, then the folders deleted after the mutex is released, so prepares carry
   * on meanwhile. Symlinked folders are unlinked, never followed. Branches stay unless
   * `deleteBranches`.
   *
   * Idempotent and crash-safe: paths already removed are skipped, and whatever a crash left
   * (registrations whose folder is gone, folders in the trash, branches) is finished by the next
   * call or by {@link prune}. A crash never leaves a half-deleted folder where a worktree was.
   *
   * @param paths worktree paths, as {@link PreparedWorktree.path} gave them.
   * @throws WorktreeError, before anything is removed, when a path is the main worktree or a
   *   worktree Baton did not create.
   */
  async removeMany(paths: readonly string[], options: RemoveManyOptions = {}): Promise<RemoveManyResult> {
    if (paths.length === 0) return { removed: [], skipped: [] };
    const ctx = await this.#ctx();
    const dirs = await Promise.all(paths.map((p) => fs.realpath(p).catch(() => path.resolve(p))));
    const detached = await this.#mutex.run(async () => {
      try {
        return await detachWorktrees(ctx, dirs, options.deleteBranches === true);
      } finally {
        ctx.registry.invalidate();
      }
    });
    await this.#emptyTrash(ctx, detached.trash);
    return { removed: detached.removed, skipped: detached.skipped };
  }

  /** Baton's worktrees (see {@link WorktreeInfo}); never the main worktree or the user's own. */
  async list(): Promise<WorktreeInfo[]> {
    const ctx = await this.#ctx();
    return this.#mutex.run(() => this.#describe(ctx));
  }

  /** Sorts Baton's worktrees into orphans (exist, no live task owns them) and missing (folder gone). */
  async reconcile(live: TaskOwnership): Promise<ReconcileResult> {
    const owned = typeof live === 'function'
      ? live
      : (w: WorktreeInfo): boolean => w.task !== undefined && (live.has(w.task) || live.has(`${w.sprint ?? ''}/${w.task}`));
    const worktrees = await this.list();
    return { orphans: worktrees.filter((w) => w.exists && !owned(w)), missing: worktrees.filter((w) => !w.exists) };
  }

  /**
   * Removes `orphans` (skipping locked ones; uncommitted changes are discarded, branches kept
   * unless `deleteBranches`), then `git worktree prune` forgets worktrees whose folder is gone.
   *
   * @returns the paths removed.
   */
  async prune(options: PruneOptions = {}): Promise<string[]> {
    const ctx = await this.#ctx();
    const removed = await this.#mutex.run(async () => {
      const ours = new Map((await this.#describe(ctx, false)).map((w) => [w.path, w]));
      const removed: string[] = [];
      for (const orphan of options.orphans ?? []) {
        const current = ours.get(orphan.path);
        if (!current || current.locked) continue;
        await removeRegistered(ctx, current.path);
        removed.push(current.path);
        if (options.deleteBranches && current.branch && ctx.layout.parseBranch(current.branch)) {
          await ctx.git.run(ctx.layout.repoRoot, ['branch', '-D', current.branch]);
        }
      }
      await ctx.git.run(ctx.layout.repoRoot, ['worktree', 'prune']);
      ctx.registry.invalidate();
      return removed;
    });
    await this.#emptyTrash(ctx, []);
    return removed;
  }

  /** Merges task branches in order into `baton/<sprint>/_integration`, in a temporary worktree. */
  async mergeSprint(request: MergeSprintRequest): Promise<MergeSprintResult> {
    assertId('sprint', request.sprint);
    assertRef('baseRef', request.baseRef);
    for (const branch of request.taskBranches) assertRef('taskBranches', branch);
    const ctx = await this.#ctx();
    return this.#mutex.run(() => mergeSprint(ctx, request));
  }

  #ctx(): Promise<ManagerContext> {
    this.#context ??= (async () => {
      const git = new GitRunner(path.resolve(this.#options.repoRoot), gitEnvironment(this.#options.env ?? {}));
      const layout = await WorktreeLayout.create(git, this.#options.repoRoot, this.#options.location);
      const metadata = new WorktreeMetadataStore(layout.commonDir);
      return {
        git, layout, metadata, setup: new WorkspaceSetup(layout.repoRoot, this.#options),
        registry: new WorktreeRegistry(metadata), verifiedCommits: new Set<string>(), checkoutOutsideLock: await checkoutOutsideLock(git, layout),
      };
    })();
    // A failed resolution (repository not there yet) is retried on the next call.
    this.#context.catch(() => (this.#context = undefined));
    return this.#context;
  }

  /** Deletes `folders` (this call's trash) and any crash leftovers in the trash; never throws. */
  async #emptyTrash(ctx: ManagerContext, folders: readonly string[]): Promise<void> {
    const mine = [...folders, ...(await trashLeftovers(ctx, new Set([...this.#deleting, ...folders])))];
    for (const f of mine) this.#deleting.add(f);
    try {
      await deleteFolders(mine);
    } catch {
      // A folder that cannot be deleted now (a file held open on Windows) stays for the next call.
    } finally {
      for (const f of mine) this.#deleting.delete(f);
    }
  }

  async #describe(ctx: ManagerContext, details = true): Promise<WorktreeInfo[]> {
    const [entries, stored] = await Promise.all([readWorktreeList(ctx.git, ctx.layout.repoRoot), ctx.metadata.readAll()]);
    return describeWorktrees(ctx, entries, stored, this.#basePort, details);
  }

  async #mergeDependencies(ctx: ManagerContext, dir: string, attached: AttachedWorktree, branches: readonly string[], labels: Readonly<Record<string, string>> | undefined): Promise<void> {
    if (branches.length === 0) return;
    const before = attached.head ?? (await ctx.git.run(dir, ['rev-parse', 'HEAD'])).trim();
    await mergeBranches(ctx.git, dir, branches, dir, labels);
    const after = (await ctx.git.run(dir, ['rev-parse', 'HEAD'])).trim();
    // The base moves with the merges only while the worktree has no work of its own, so the
    // dependencies' changes are never counted as this task's diff.
    if (after !== before && before === attached.metadata.base) {
      attached.metadata = { ...attached.metadata, base: after };
      await ctx.metadata.write(attached.adminDir, attached.metadata);
    }
  }

  async #finishSetup(ctx: ManagerContext, dir: string, attached: AttachedWorktree): Promise<void> {
    await ctx.setup.link(dir);
    if (attached.metadata.setupDone) return;
    // Tasks sharing a worktree may be prepared together; the setup command runs once.
    let run = this.#setupRuns.get(dir);
    if (!run) {
      run = (async () => {
        await ctx.setup.run(dir);
        const current = (await ctx.metadata.read(attached.adminDir)) ?? attached.metadata;
        await ctx.metadata.write(attached.adminDir, { ...current, setupDone: true });
      })().finally(() => this.#setupRuns.delete(dir));
      this.#setupRuns.set(dir, run);
    }
    await run;
    attached.metadata = { ...attached.metadata, setupDone: true };
  }

  async #owned(worktreePath: string): Promise<{ ctx: ManagerContext; dir: string }> {
    const ctx = await this.#ctx();
    return { ctx, dir: await resolveOwnedWorktree(ctx, worktreePath) };
  }
}
