import type { RepositoryGuard } from '../guard/repositoryGuard';
import type { RunnerKind } from '../model/agentSchema';
import type { RunSandbox } from '../sandbox/runSandbox';
import type { Sprint, Task, Workspace } from '../model/workspace';
import type { StateStore } from '../state/stateStore';
import type { Redactor } from '../secrets/redactor';
import type { WorktreeManager } from '../worktrees/worktreeManager';

/** A command's outcome, as the run layer's `runCommand` reports it. */
export interface CommandOutcome {
  ok: boolean;
  exitCode: number | null;
  output: string;
  durationMs: number;
  reason?: string;
}

/**
 * What the communication layer needs from the run it serves: the run's `RunContext` satisfies
 * it, so `team/` depends on nothing in `run/` (the run layer owns the team layer, not the other
 * way round). Commands are injected so subscriptions run them exactly as checklist commands run.
 */
export interface TeamContext {
  workspace: Workspace;
  sprint: Sprint;
  /** The sprint's tasks plus the ones added while it runs; the team layer adds to it. */
  tasks: Map<string, Task>;
  store: StateStore;
  worktrees: WorktreeManager;
  host: { env: Readonly<Record<string, string | undefined>>; log?: (message: string) => void; redactor?: Redactor };
  stateDir: string;
  subdir: string;
  /** How the run contains the processes it starts: answer attempts too. */
  sandbox: RunSandbox;
  /** Checks the user's repository around processes that run without a sandbox. */
  guard: RepositoryGuard;
  now(): number;
}

/** The configured executable of a runner's CLI (`settings.runners.<kind>.executable`), as the run layer resolves it. */
export type ExecutableFor = (kind: RunnerKind) => string | undefined;

/** Runs a command without a shell (the run layer's `runCommand`). */
export type CommandRunner = (argv: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }) => Promise<CommandOutcome>;
