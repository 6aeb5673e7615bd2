/**
 * Every state change the engine makes, as one discriminated union. Events are appended to the
 * run's journal before the engine acts on them; the live state is their projection
 * (`projection.ts`), and the same stream feeds the event bus, the views and the audit trail.
 *
 * Names are colon-namespaced (`task:started`), as in GitLens' event bus. Adding an optional
 * field is backwards compatible; renaming or retyping a field is not — old journals must keep
 * replaying.
 */

/** How an agent process ended, as its runner reported it. */
export type AgentExitStatus = 'success' | 'failure' | 'blocked';

/** Payload of each event type, without the envelope the journal stamps. */
export interface EngineEventPayloads {
  'run:started': {
    sprint: string;
    baseBranch: string;
    baseCommit: string;
    maxParallel: number;
    /** Every task of the compiled sprint; each starts in `planning`. */
    taskIds: string[];
    workspaceRoot: string;
  };
  'run:paused': Record<never, never>;
  'run:resumed': Record<never, never>;
  'run:cancelled': { reason?: string };
  'run:completed': { integrationBranch?: string; mergedTasks?: string[] };
  'run:stopped': { reason: string; failed: string[]; blocked: string[] };

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
  };
  'task:succeeded': { task: string; attempt: number; commit?: string; summary?: string };
  'task:failed': { task: string; attempt: number; reason: string; willRetry: boolean; retryAt?: string };
  'task:blocked': { task: string; reason: string };
  'task:skipped': { task: string; reason: string };
  'task:cancelled': { task: string; reason?: string };
  'task:review-requested': { task: string };
  'task:approved': { task: string; by?: string };
  'task:changes-requested': { task: string; comment: string; by?: string };

  'worktree:created': { task: string; path: string; branch: string };
  'worktree:removed': { task: string; path: string };
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
}

/** One journalled event. Narrow on `type`. */
export type EngineEvent = {
  [T in EngineEventType]: EventEnvelope & { type: T } & EngineEventPayloads[T];
}[EngineEventType];

/** The journalled event(s) of the given type(s). */
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;

/** An event as callers hand it to the journal: no `seq`, `at` or `runId` yet. */
export type NewEvent = {
  [T in EngineEventType]: { type: T } & EngineEventPayloads[T];
}[EngineEventType];

/** A new event of the given type(s). */
export type NewEventOf<T extends EngineEventType> = Extract<NewEvent, { type: T }>;

// A Record keyed by the union makes the compiler reject a type missing from this list.
const typeSet: Record<EngineEventType, true> = {
  'run:started': true, 'run:paused': true, 'run:resumed': true, 'run:cancelled': true,
  'run:completed': true, 'run:stopped': true,
  'task:ready': true, 'task:assigned': true, 'task:started': true, 'task:agent-exited': true,
  'task:succeeded': true, 'task:failed': true, 'task:blocked': true, 'task:skipped': true,
  'task:cancelled': true, 'task:review-requested': true, 'task:approved': true,
  'task:changes-requested': true,
  'worktree:created': true, 'worktree:removed': true,
};

/** Every event type, in declaration order. */
export const ENGINE_EVENT_TYPES = Object.keys(typeSet) as readonly EngineEventType[];

/** True for the names in {@link ENGINE_EVENT_TYPES}. */
export function isEngineEventType(type: unknown): type is EngineEventType {
  return typeof type === 'string' && Object.hasOwn(typeSet, type);
}

/** Run events after which the run takes no more work. */
export const TERMINAL_RUN_EVENTS: ReadonlySet<EngineEventType> = new Set(['run:completed', 'run:stopped', 'run:cancelled']);
