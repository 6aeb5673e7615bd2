import type { AgentExitStatus, AttemptUsage, ChecklistResult, EngineEventPayloads, HandoffPackage, PrerequisiteCheck, RunConfig } from './events';
import type { TeamState, TaskTeamState } from './teamState';

/** Where a run is: `idle` before `run:started`; the last three are terminal. */
export type RunStatus = 'idle' | 'active' | 'paused' | 'completed' | 'stopped' | 'cancelled';

/** Where a task is within a run (DESIGN.md "Engine semantics"). */
export type TaskRunStatus = 'planning' | 'ready' | 'running' | 'waiting' | 'review' | 'done' | 'blocked' | 'failed' | 'cancelled' | 'skipped';

/** The attempt a running task is on. */
export type TaskAttempt = Omit<EngineEventPayloads['task:started'], 'task' | 'agent'> & {
  /** When the attempt's `task:started` was journalled. */
  startedAt: string;
};

/** One status change of a task, for its timeline. */
export interface TaskHistoryEntry {
  attempt: number;
  status: TaskRunStatus;
  reason?: string;
  at: string;
  /** On `running` entries: the agent that ran the attempt. */
  agent?: string;
}

/** How the last agent process of a task ended. */
export interface AgentExit {
  attempt: number;
  status: AgentExitStatus;
  exitCode?: number;
  signal?: string;
  sessionId?: string;
}

/** What one agent run used and cost, for the per-task, per-agent and per-sprint totals. */
export interface AttemptCost {
  attempt: number;
  agent?: string;
  model?: string;
  usage?: AttemptUsage;
  /** Undefined when neither the CLI nor the price table could tell. */
  costUsd?: number;
  costSource?: 'cli' | 'price-table';
}

/** One task's state, projected from its events (the communication layer's fields in teamState.ts). */
export interface TaskRunState extends TaskTeamState {
  id: string;
  status: TaskRunStatus;
  agent?: string;
  team?: string;
  /** Attempts started so far. */
  attempts: number;
  currentAttempt?: TaskAttempt;
  worktree?: string;
  branch?: string;
  /** Why the task is blocked, failed, skipped, cancelled or back for changes. */
  reason?: string;
  summary?: string;
  commit?: string;
  /** Summed over every agent run of the task. */
  costUsd: number;
  /** Every agent run's usage and cost, in order (absent before the first run ended). */
  costs?: AttemptCost[];
  /** When the first attempt started. */
  startedAt?: string;
  finishedAt?: string;
  /** When a failed task may be retried. */
  retryAt?: string;
  /** An analyzer's reported outcome. */
  outcome?: string;
  artifacts?: string[];
  lastExit?: AgentExit;
  approvedBy?: string;
  history: TaskHistoryEntry[];
  /** Issues the agent reported with its last result. */
  knownIssues?: string[];
  /** The last attempt's checklist verification. */
  verification?: { attempt: number; passed: boolean; checklist: ChecklistResult[]; durationMs: number };
  /** The handoff package: what the board's review panel and the tasks after this one read. */
  handoff?: HandoffPackage;
  /** The agent the next attempt runs on, overriding the scheduler's pick (redirect, failover, reassign). */
  reassignedTo?: string;
  /** Agents that ran out of retries or broke their boundaries on this task, in order. */
  triedAgents?: string[];
  /** Failures of attempts from this number on count against the retry budget (it restarts on a new agent). */
  budgetFrom?: number;
  /** The reviewer's comment for the next attempt, with the previous attempt's summary. */
  reviewComment?: string;
  /** The last failed attempt's own work (rolled back): what "accept as is" keeps. */
  failedCommit?: string;
  /** Who accepted the task's work as it is (`task:accepted`). */
  acceptedBy?: string;
  /** The next attempt first returns the worktree to this commit (the failed attempt's checkpoint). */
  rollbackTo?: string;
  /** Set on tasks the engine created to resolve an integration merge conflict. */
  resolution?: { for: string; branch: string; files: string[]; integrationBranch: string; integrationTip: string; agent: string; title: string };
}

/** A run's state: the projection of its journal (`projection.ts`). */
export interface RunState {
  /** Questions, raised events, emergencies and denials (teamState.ts); absent until the first one. */
  team?: TeamState;
  /** Questions a paused run waits on a person's answer for. */
  waitingForAnswers?: string[];
  runId?: string;
  sprint?: string;
  status: RunStatus;
  baseBranch?: string;
  baseCommit?: string;
  maxParallel?: number;
  workspaceRoot?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Why the run stopped or was cancelled. */
  reason?: string;
  integrationBranch?: string;
  mergedTasks?: string[];
  /** The prerequisites gate, once checked. */
  prerequisites?: { go: boolean; checks: PrerequisiteCheck[]; at: string };
  /** Tasks a paused run waits on a person's review for. */
  waitingForReview?: string[];
  /** The agent CLIs' versions, by runner, as read at their first attempt in this run. */
  clis?: Record<string, { command: string; version?: string; supported: boolean; problem?: string }>;
  /** The rules the run follows: set by `run:started`, replaced by `run:config-reloaded`. */
  config?: RunConfig;
  /** Seq of the last event applied; 0 before any. */
  lastSeq: number;
  /** In `run:started` order; tasks first named by a later event come after. */
  tasks: Map<string, TaskRunState>;
}

/** A read-only view of `T`, all the way down (maps and arrays included). */
export type DeepReadonly<T> = T extends Map<infer K, infer V>
  ? ReadonlyMap<K, DeepReadonly<V>>
  : T extends (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
      : T;

/** What the store hands out: the live state, not to be changed by its readers. */
export type ReadonlyRunState = DeepReadonly<RunState>;
