/**
 * Every state change the engine makes, as one discriminated union. Events are appended to the
 * run's journal before the engine acts on them; the live state is their projection
 * (`projection.ts`), and the same stream feeds the event bus, the views and the audit trail.
 *
 * Names are colon-namespaced (`task:started`), as in GitLens' event bus. Adding an optional
 * field is backwards compatible; renaming or retyping a field is not — old journals must keep
 * replaying.
 */

import { TEAM_EVENT_TYPES, type TeamEventPayloads } from './teamEvents';

/** How an agent process ended, as its runner reported it. */
export type AgentExitStatus = 'success' | 'failure' | 'blocked';

/** One handoff checklist item after verification (DESIGN.md "Running a task"). */
export interface ChecklistResult {
  item: string;
  /** The command that verified it, as an argument list; absent for items the agent only states. */
  verify?: string[];
  /** True when its command exited 0 (or the engine checked it itself); absent: stated, unverified. */
  passed?: boolean;
  exitCode?: number | null;
  durationMs?: number;
  /** The last lines of the command's output (at most a few KB). */
  output?: string;
  /** Why it failed, in words: "exited 1", "timed out after 600 s", "`npm` was not found". */
  reason?: string;
}

/** One changed file of a handoff's diff stat (the shape `WorktreeManager.diffStat` returns). */
export interface HandoffFileChange {
  path: string;
  oldPath?: string;
  status: 'A' | 'M' | 'D' | 'R';
  insertions: number;
  deletions: number;
}

/** A reviewer agent's verdict on a task (seed 004 pattern 4), attached to the task's handoff. */
export interface ReviewerResult {
  /** The generated review task (`<task>--review-<agent>`). */
  reviewTask: string;
  reviewer: string;
  status: 'done' | 'failed';
  summary: string;
  outcome?: string;
}

/**
 * What a finished task hands to the tasks after it and to its reviewer (seed 000 §3). The
 * board's review panel reads exactly these names from the `handoff` object of
 * `task:review-requested` and of the task's run state.
 */
export interface HandoffPackage {
  task: string;
  agent: string;
  attempt: number;
  summary: string;
  /** Engine notes: artifacts dropped for pointing outside the worktree, checks skipped, ... */
  notes: string[];
  knownIssues: string[];
  /** Repository-relative paths, confined to the task's worktree. */
  artifacts: string[];
  acceptanceCriteria: string[];
  checklist: ChecklistResult[];
  diffStat: { files: HandoffFileChange[]; insertions: number; deletions: number };
  /** The commit holding the work, and the base its diff is measured from. */
  commit?: string;
  base?: string;
  /** Reviewer agents' results, attached as their review tasks finish. */
  reviews?: ReviewerResult[];
}

/**
 * A handoff in seed 000's message formats: `cross_team_handoff` to a dependant in another team,
 * `status_update` to the task's own team otherwise.
 */
export type HandoffMessage =
  | {
    message_type: 'cross_team_handoff';
    source_orchestrator: string;
    target_orchestrator: string;
    handoff_type: string;
    deliverable: { id: string; artifacts: string[]; features: string[]; documentation: string[]; test_requirements: string[] };
    /** Every checklist item with whether it passed (`null`: stated, not verified). */
    handoff_checklist: Record<string, boolean | null>;
    /** The dependant tasks in the target team. */
    targets: string[];
    timestamp: string;
  }
  | {
    message_type: 'status_update';
    source_agent: string;
    target_orchestrator: string;
    task_id: string;
    status: 'completed' | 'in_review';
    progress_percentage: number;
    completed_work: string[];
    remaining_work: string[];
    blockers: string[];
    handoff_checklist: Record<string, boolean | null>;
    targets: string[];
    timestamp: string;
  };

/** One prerequisite of a sprint, checked (seed 002's resource verifier). */
export interface PrerequisiteCheck {
  name: string;
  kind: 'stated' | 'command' | 'env' | 'file' | 'port' | 'npm';
  /** `go` passed; `no-go` failed; `stated` is shown but not checked. */
  verdict: 'go' | 'no-go' | 'stated';
  /** What was found, in words ("exited 1: …", "$DATABASE_URL is not set"). */
  detail: string;
  durationMs: number;
}

/** Tokens one agent run used, as its CLI reported them (cache reads and writes apart). */
export interface AttemptUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/**
 * Who caused an event: the engine itself, an agent (what it claims about its own attempt), or a
 * person acting through a front (`cli`, `vscode`) — seed 003 §10.2's audit `agent`, widened. A
 * person's name comes from the front: `git config user.name`, or an identity passed in
 * (`--by`, `BATON_ACTOR`).
 */
export type Actor =
  | { kind: 'engine' }
  | { kind: 'agent'; name: string }
  | { kind: 'person'; name: string; via: string };

/** The actor of everything the engine decides on its own. */
export const ENGINE_ACTOR: Actor = Object.freeze({ kind: 'engine' });

/** The actor of what an agent claims or asks for (its result, its MCP calls). */
export function agentActor(name: string): Actor {
  return { kind: 'agent', name };
}

/**
 * The rules a run follows (frozen config): every config file it uses — teams.yaml, its sprint,
 * the agents, the epics — by path under the config root and SHA-256, plus the hash of that list.
 * The files themselves are kept in the run folder (`config/<hash>.json`); `resume` and `retry`
 * load them from there, never silently from disk.
 */
export interface RunConfig {
  hash: string;
  files: { path: string; sha256: string }[];
}

/** Payload of each event type, without the envelope the journal stamps. The communication layer's are in teamEvents.ts. */
export interface EngineEventPayloads extends TeamEventPayloads {
  'run:started': {
    sprint: string;
    baseBranch: string;
    baseCommit: string;
    maxParallel: number;
    /** Every task of the compiled sprint; each starts in `planning`. */
    taskIds: string[];
    workspaceRoot: string;
    /** The config the run started with (absent in runs of an earlier Baton). */
    config?: RunConfig;
  };
  /** A person adopted the config files on disk (`--reload-config`): they were validated and are the run's rules from here on. */
  'run:config-reloaded': RunConfig & { changed: string[] };
  /** With `waitingForReview` / `waitingForAnswers`: nothing can run until a person decides on these tasks or answers these questions. */
  'run:paused': { reason?: string; waitingForReview?: string[]; waitingForAnswers?: string[] };
  'run:resumed': Record<never, never>;
  'run:cancelled': { reason?: string };
  'run:completed': { integrationBranch?: string; mergedTasks?: string[] };
  'run:stopped': { reason: string; failed: string[]; blocked: string[] };
  /** An agent CLI's `--version`, read once per run before its first attempt. */
  'run:cli-checked': {
    runner: string;
    /** What was run: the configured executable or the CLI's default name. */
    command: string;
    version?: string;
    /** False when the version is older than the runner supports (its attempts fail with `problem`). */
    supported: boolean;
    problem?: string;
  };
  /**
   * How this engine contains the run's agents and check commands, said once each time it starts
   * or resumes the run: `bwrap` (a bubblewrap sandbox), or `off` / `unavailable` (detection only).
   */
  'run:sandbox': { mode: 'bwrap' | 'off' | 'unavailable'; detail: string };

  'task:ready': { task: string };
  'task:assigned': { task: string; agent: string; team?: string };
  'task:started': {
    task: string;
    agent: string;
    attempt: number;
    worktree: string;
    branch: string;
    /** The commit the attempt starts from; a failed attempt rolls back to it. */
    checkpoint: string;
    pid?: number;
    resultFile: string;
    logFile: string;
    /** The worktree's base (after dependency merges): the task's diff is measured from it. */
    base?: string;
  };
  'task:agent-exited': {
    task: string;
    attempt: number;
    status: AgentExitStatus;
    summary?: string;
    exitCode?: number;
    signal?: string;
    costUsd?: number;
    sessionId?: string;
    /** For analyzer tasks: the outcome that conditions downstream branches (seed 004). */
    outcome?: string;
    artifacts?: string[];
    knownIssues?: string[];
    /** The output looked like a rate or usage limit. */
    rateLimited?: boolean;
    /** Tokens the run used, and the model that did the work. */
    usage?: AttemptUsage;
    model?: string;
    /** Where `costUsd` came from: the CLI's own report, or Baton's price table for `model`. */
    costSource?: 'cli' | 'price-table';
  };
  'task:succeeded': { task: string; attempt: number; commit?: string; summary?: string };
  'task:failed': {
    task: string;
    attempt: number;
    reason: string;
    willRetry: boolean;
    retryAt?: string;
    /** Which evidence was missing when an agent claimed success: `changes`, `checklist`, `artifacts`, `outcome`, `conflict-markers`. */
    evidence?: string;
    rateLimited?: boolean;
    /** The commit holding the failed attempt's work (rolled back, kept for a person to accept as is). */
    commit?: string;
  };
  'task:blocked': { task: string; reason: string; paths?: string[] };
  /** `by`: a person skipped it (else a condition or an all-skipped upstream did). */
  'task:skipped': { task: string; reason: string; by?: string };
  'task:cancelled': { task: string; reason?: string };
  /** The agent's work holds its evidence and waits for a person; `handoff` is what they review. */
  'task:review-requested': { task: string; attempt?: number; handoff?: HandoffPackage };
  'task:approved': { task: string; by?: string };
  'task:changes-requested': { task: string; comment: string; by?: string };

  /** The handoff checklist's results for one attempt: every verify command, run in the worktree. */
  'task:verified': { task: string; attempt: number; passed: boolean; checklist: ChecklistResult[]; durationMs: number };
  /** The task's handoff package, and the seed-000 messages to the teams after it. */
  'task:handoff': { task: string; attempt: number; handoff: HandoffPackage; messages: HandoffMessage[] };
  /** A reviewer agent finished reviewing `task` (its review task is `reviewTask`). */
  'task:reviewed': ReviewerResult & { task: string };
  /** Role boundaries: the attempt changed paths its agent may not touch; rolled back, the next attempt runs on `to`. */
  'task:redirected': { task: string; attempt: number; from: string; to: string; paths: string[]; reason: string };
  /** Retries on `from` are used up: the next attempts run on `to` (seed 001 failover). */
  'task:failover': { task: string; attempt: number; from: string; to: string; reason: string };
  /** A person moved a task to another member (whose boundaries allow its files); the next attempt runs there. */
  'task:reassigned': { task: string; agent: string; by?: string };
  /** A person accepted an attempt's work as it is, without (further) evidence: the task is done at `commit`. */
  'task:accepted': { task: string; commit: string; by?: string; reason?: string };
  /**
   * The integration merge conflicted: the engine created task `task` (not in the sprint file)
   * to resolve it. Its worktree starts at `integrationTip` with `branch` merged in, conflict
   * markers committed, for `agent` to resolve.
   */
  'task:resolution-created': {
    task: string;
    title: string;
    /** The task whose branch conflicted. */
    for: string;
    branch: string;
    files: string[];
    integrationBranch: string;
    integrationTip: string;
    agent: string;
  };
  /** Seed 002's GO/NO-GO gate: every prerequisite, checked before any task starts. */
  'prerequisites:checked': { go: boolean; checks: PrerequisiteCheck[] };

  'worktree:created': { task: string; path: string; branch: string };
  'worktree:removed': { task: string; path: string };
  /**
   * A person's action on a completed run's result (its integration branch), journalled on that
   * run after git did it: checked out in the repository, merged into a branch (the new tip),
   * pushed to a remote (with the pull or merge request opened, if any).
   */
  'result:checked-out': { branch: string };
  'result:merged': { branch: string; into: string; mode: 'fast-forward' | 'merge-commit'; tip: string };
  'result:pushed': { branch: string; remote: string; url?: string };
}

/** The name of an event. */
export type EngineEventType = keyof EngineEventPayloads;

/** What the journal stamps on every event it accepts. */
export interface EventEnvelope {
  /** Position in the run's journal: strictly increasing from 1, assigned by the journal. */
  seq: number;
  /** ISO-8601 time of the append, from the injected clock. */
  at: string;
  runId: string;
  /** Who caused it; absent only on lines of journals written before Baton recorded it. */
  actor?: Actor;
}

/** One journalled event. Narrow on `type`. */
export type EngineEvent = {
  [T in EngineEventType]: EventEnvelope & { type: T } & EngineEventPayloads[T];
}[EngineEventType];

/** The journalled event(s) of the given type(s). */
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;

/** An event as callers hand it to the journal: no `seq`, `at` or `runId` yet; `actor` when not the journal's default. */
export type NewEvent = {
  [T in EngineEventType]: { type: T; actor?: Actor } & EngineEventPayloads[T];
}[EngineEventType];

/** A new event of the given type(s). */
export type NewEventOf<T extends EngineEventType> = Extract<NewEvent, { type: T }>;

// A Record keyed by the union makes the compiler reject a type missing from this list.
const typeSet: Record<EngineEventType, true> = {
  'run:started': true, 'run:paused': true, 'run:resumed': true, 'run:cancelled': true,
  'run:completed': true, 'run:stopped': true, 'run:cli-checked': true, 'run:sandbox': true, 'run:config-reloaded': true,
  'task:ready': true, 'task:assigned': true, 'task:started': true, 'task:agent-exited': true,
  'task:succeeded': true, 'task:failed': true, 'task:blocked': true, 'task:skipped': true,
  'task:cancelled': true, 'task:review-requested': true, 'task:approved': true,
  'task:changes-requested': true,
  'task:verified': true, 'task:handoff': true, 'task:reviewed': true, 'task:redirected': true,
  'task:failover': true, 'task:reassigned': true, 'task:accepted': true, 'task:resolution-created': true,
  'prerequisites:checked': true,
  'worktree:created': true, 'worktree:removed': true,
  'result:checked-out': true, 'result:merged': true, 'result:pushed': true,
  ...TEAM_EVENT_TYPES,
};

/** Every event type, in declaration order. */
export const ENGINE_EVENT_TYPES = Object.keys(typeSet) as readonly EngineEventType[];

/** True for the names in {@link ENGINE_EVENT_TYPES}. */
export function isEngineEventType(type: unknown): type is EngineEventType {
  return typeof type === 'string' && Object.hasOwn(typeSet, type);
}

/** Run events after which the run takes no more work. */
export const TERMINAL_RUN_EVENTS: ReadonlySet<EngineEventType> = new Set(['run:completed', 'run:stopped', 'run:cancelled']);
