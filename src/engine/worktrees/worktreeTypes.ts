import type { GitRunner } from './gitRunner';
import type { RunSetup, WorkspaceSetup } from './workspaceSetup';
import type { WorktreeLayout } from './worktreeLayout';
import type { WorktreeMetadataStore } from './worktreeMetadata';
import type { WorktreeRegistry } from './worktreeRegistry';

/** How a {@link WorktreeManager} is built; the fronts map `teams.yaml` `settings.worktrees` onto it. */
export interface WorktreeManagerOptions {
  /** The user's working tree (a sub-folder resolves to its top level). Never modified. */
  repoRoot: string;
  /** Folder for worktrees; relative paths resolve from `repoRoot`. Default `<parent>/<repo>.baton-worktrees`. */
  location?: string;
  /** Files copied from `repoRoot` into every new worktree (e.g. `.env`); missing ones are skipped. */
  copy?: readonly string[];
  /** Folders symlinked from `repoRoot` into every new worktree (e.g. `node_modules`). */
  symlink?: readonly string[];
  /** Command (argv, no shell) run in every new worktree after copy and symlink. */
  setup?: readonly string[];
  /** First port handed out; each live worktree gets `basePort + slot`. Default 4100. */
  basePort?: number;
  /** Runs `setup`; default `execFile` without a shell, in the worktree. */
  runSetup?: RunSetup;
  /**
   * The host's environment: git gets an allow-listed part of it (`gitEnvironment`), never all
   * of it. Default: none (git finds itself on the system path and reads no global config).
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What {@link WorktreeManager.prepare} needs to give a task its worktree. */
export interface PrepareRequest {
  sprint: string;
  task: string;
  /** Branch name or commit a new task branch starts from. */
  baseRef: string;
  /** Branches or commits merged in, in order (`git merge --no-ff`): the dependencies' verified commits. */
  dependencyBranches: readonly string[];
  /** Names for merged commits in merge messages (`{ <sha>: 'baton/s/api' }`). */
  labels?: Readonly<Record<string, string>>;
  /**
   * Shares one worktree and branch, `baton/<sprint>/<strategyKey>`, between every task that
   * passes the same key (seed 003 §6: `sprint` for sprint_level, `team-frontend` for
   * team_level, `epic-<id>` for epic_level). Tasks sharing a worktree see each other's files;
   * the engine must not run them concurrently unless it deliberately allows that.
   */
  strategyKey?: string;
}

/** A task's worktree, ready for its agent. */
export interface PreparedWorktree {
  path: string;
  /** `baton/<sprint>/<task or strategyKey>`. */
  branch: string;
  /**
   * The commit the worktree's own work is measured from: the tip after dependency merges when
   * the worktree was first prepared. A reused worktree keeps it (unless it had no work of its
   * own yet and new merges landed, which move it forward). Diff against it to see the agent's
   * changes; in a shared worktree, take a {@link WorktreeManager.checkpoint} per task instead.
   */
  baseCommit: string;
  /** `basePort + slot`, distinct among live worktrees, stable for the worktree's life: pass as BATON_PORT. */
  port: number;
  /** True when an existing healthy worktree (a resumed run) was reused. */
  reused: boolean;
}

/** A Baton worktree as git and Baton's metadata describe it. */
export interface WorktreeInfo {
  path: string;
  /** Short branch name; undefined when detached. */
  branch: string | undefined;
  head: string | undefined;
  sprint?: string;
  /** Task id or shared strategy key. */
  task?: string;
  /** False when git still lists it but the folder is gone. */
  exists: boolean;
  locked: boolean;
  prunable: boolean;
  /** Uncommitted changes, setup files aside (only when it exists). */
  dirty?: boolean;
  /** Commits ahead of its recorded base (only for worktrees Baton created, when they exist). */
  ahead?: number;
  /** Recorded base commit (see {@link PreparedWorktree.baseCommit}). */
  base?: string;
  port?: number;
}

/**
 * Which worktrees live tasks own: a set of keys (task id or strategy key, optionally qualified
 * as `<sprint>/<key>`), or a predicate for full control.
 */
export type TaskOwnership = ReadonlySet<string> | ((worktree: WorktreeInfo) => boolean);

/** Result of {@link WorktreeManager.reconcile}. */
export interface ReconcileResult {
  /** Existing Baton worktrees no live task owns (left behind by a crash). */
  orphans: WorktreeInfo[];
  /** Registered with git but their folder is gone. */
  missing: WorktreeInfo[];
}

/** Options of {@link WorktreeManager.remove}. */
export interface RemoveOptions {
  /** Also delete the branch (`git branch -D`); its commits become unreachable. Default false. */
  deleteBranch?: boolean;
}

/** Options of {@link WorktreeManager.removeMany}. */
export interface RemoveManyOptions {
  /**
   * Also delete each worktree's `baton/<sprint>/<key>` branch (for a path already removed, the
   * branch its location names); its commits become unreachable. Default false.
   */
  deleteBranches?: boolean;
}

/** Outcome of {@link WorktreeManager.removeMany}. */
export interface RemoveManyResult {
  /** Real paths of the worktrees removed, in the order given. Paths already gone are not listed. */
  removed: string[];
  /** Baton worktrees left in place: locked ones, and any whose removal failed (with git's reason). */
  skipped: { path: string; reason: string }[];
}

/** What {@link WorktreeManager.commit} did. */
export interface CommitResult {
  /** The new commit, or undefined when there was nothing to commit. */
  sha: string | undefined;
  /** HEAD afterwards: the new commit, or the unchanged HEAD. */
  head: string;
}

/** Options of {@link WorktreeManager.prune}. */
export interface PruneOptions {
  /** Worktrees to remove, usually `reconcile().orphans`; locked ones are skipped. */
  orphans?: readonly WorktreeInfo[];
  /** Also delete the orphans' branches. Default false: committed work stays reachable. */
  deleteBranches?: boolean;
}

/** What {@link WorktreeManager.mergeSprint} merges. */
export interface MergeSprintRequest {
  sprint: string;
  /** Where the integration branch starts when it does not exist yet (or `fresh` is set). */
  baseRef: string;
  /** Task branches or commits (the verified ones) in dependency order. */
  taskBranches: readonly string[];
  /** Names for merged commits in merge messages (`{ <sha>: 'baton/s/api' }`). */
  labels?: Readonly<Record<string, string>>;
  /** Rebuild the integration branch from `baseRef` even if it exists. Default false. */
  fresh?: boolean;
}

/** Outcome of {@link WorktreeManager.mergeSprint}. */
export interface MergeSprintResult {
  /** `baton/<sprint>/_integration`. */
  branch: string;
  /** Branches merged (or already contained), in order, before any conflict. */
  merged: string[];
  /** The first branch that conflicted; the integration branch stays at the last good merge. */
  conflict?: { branch: string; files: string[] };
}

/** The collaborators every worktree operation shares, resolved once per manager. */
export interface WorktreeContext {
  git: GitRunner;
  layout: WorktreeLayout;
  metadata: WorktreeMetadataStore;
  setup: WorkspaceSetup;
}

/** The manager's own context: the shared collaborators plus what it caches between calls. */
export interface ManagerContext extends WorktreeContext {
  registry: WorktreeRegistry;
  /** Full commit ids already resolved as commits (a sha names the same commit forever). */
  verifiedCommits: Set<string>;
  /** New worktrees are checked out after the mutex is released (see `checkoutOutsideLock`). */
  checkoutOutsideLock: boolean;
}
