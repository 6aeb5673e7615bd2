import type { Sprint, Task, Workspace } from '../model/workspace';
import type { RepositoryGuard } from '../guard/repositoryGuard';
import type { RunSandbox } from '../sandbox/runSandbox';
import type { StateStore } from '../state/stateStore';
import type { WorktreeManager } from '../worktrees/worktreeManager';
import type { TeamHub } from '../team/teamHub';
import type { EngineHost } from './engineHost';

/** Everything one run's attempts need, built once by the run's entry point. */
export interface RunContext {
  workspace: Workspace;
  sprint: Sprint;
  /** The sprint's tasks, plus tasks the engine created during the run (merge resolutions). */
  tasks: Map<string, Task>;
  store: StateStore;
  worktrees: WorktreeManager;
  host: EngineHost;
  stateDir: string;
  /** The git repository holding the workspace. */
  repoRoot: string;
  /** The workspace root relative to the repository root ('' when they are the same). */
  subdir: string;
  /** How the run's agents and check commands are contained (a no-op without a sandbox). */
  sandbox: RunSandbox;
  /** Compares the user's repository around every attempt and undoes what an agent changed there. */
  guard: RepositoryGuard;
  /** First retry delay; later retries double it. */
  retryBaseMs: number;
  now(): number;
  /** The run's communication layer (questions, status, events, subscriptions) behind Baton's MCP server. */
  team?: TeamHub;
}

/** The run id of the open run; the store always has one while a run executes. */
export function runIdOf(ctx: RunContext): string {
  const id = ctx.store.runId;
  if (!id) throw new Error('no run is open');
  return id;
}

export function log(ctx: RunContext, message: string): void {
  ctx.host.log?.(message);
}
