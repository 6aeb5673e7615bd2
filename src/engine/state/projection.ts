import type { EngineEvent, EngineEventOf } from './events';
import type { RunState, TaskRunState, TaskRunStatus } from './runState';
import { applyTeamEvent, isTeamEvent } from './teamProjection';

/** The state before any event: an idle run with no tasks. */
export function emptyRunState(): RunState {
  return { status: 'idle', lastSeq: 0, tasks: new Map() };
}

/**
 * Applies one event to a run's state and returns the same object, changed in place: the store
 * owns the state and applies tens of thousands of events a second, so copying it per event is
 * not affordable. Callers that need a frozen copy serialise it (`snapshot.ts`).
 *
 * The reducer records what happened; it does not judge whether it was allowed — the engine
 * checks a transition before journalling it, and replay must reproduce even a surprising one.
 * Events at or below `state.lastSeq` are ignored, so replaying an overlap is harmless, and
 * unknown event types (from a newer Baton) only advance `lastSeq`.
 *
 * Invariant kept for snapshot equality: optional fields are deleted, never set to `undefined`,
 * and arrays from events are copied, never shared with the event a listener also receives.
 */
export function applyEvent(state: RunState, e: EngineEvent): RunState {
  if (e.seq <= state.lastSeq) return state;
  state.lastSeq = e.seq;
  if (e.type.startsWith('run:')) applyRunEvent(state, e);
  else if (e.type === 'prerequisites:checked') state.prerequisites = { go: e.go, checks: e.checks.map((c) => ({ ...c })), at: e.at };
  else if (isTeamEvent(e)) applyTeamEvent(state, e, (id) => taskOf(state, id));
  else if ('task' in e) applyTaskEvent(taskOf(state, e.task), e);
  return state;
}

function applyRunEvent(state: RunState, e: EngineEvent): void {
  switch (e.type) {
    case 'run:started':
      state.runId = e.runId;
      state.sprint = e.sprint;
      state.status = 'active';
      state.baseBranch = e.baseBranch;
      state.baseCommit = e.baseCommit;
      state.maxParallel = e.maxParallel;
      state.workspaceRoot = e.workspaceRoot;
      state.startedAt = e.at;
      delete state.finishedAt;
      delete state.reason;
      delete state.integrationBranch;
      delete state.mergedTasks;
      delete state.prerequisites;
      delete state.waitingForReview;
      delete state.clis;
      delete state.waitingForAnswers;
      delete state.team;
      if (e.config) state.config = { hash: e.config.hash, files: e.config.files.map((f) => ({ ...f })) };
      else delete state.config;
      state.tasks = new Map(e.taskIds.map((id) => [id, newTask(id)]));
      return;
    case 'run:config-reloaded':
      state.config = { hash: e.hash, files: e.files.map((f) => ({ ...f })) };
      return;
    case 'run:paused':
      state.status = 'paused';
      setOrDelete(state, 'reason', e.reason);
      if (e.waitingForReview) state.waitingForReview = [...e.waitingForReview];
      else delete state.waitingForReview;
      if (e.waitingForAnswers) state.waitingForAnswers = [...e.waitingForAnswers];
      else delete state.waitingForAnswers;
      return;
    case 'run:resumed':
      // Also reopens a run that stopped on failures (`baton retry`): it is no longer finished.
      state.status = 'active';
      delete state.finishedAt;
      delete state.reason;
      delete state.waitingForReview;
      delete state.waitingForAnswers;
      return;
    case 'run:cancelled':
      finishRun(state, 'cancelled', e.at, e.reason);
      return;
    case 'run:stopped':
      finishRun(state, 'stopped', e.at, e.reason);
      return;
    case 'run:cli-checked':
      state.clis = { ...state.clis, [e.runner]: { command: e.command, supported: e.supported, ...(e.version !== undefined ? { version: e.version } : {}), ...(e.problem !== undefined ? { problem: e.problem } : {}) } };
      return;
    case 'run:completed':
      finishRun(state, 'completed', e.at, undefined);
      setOrDelete(state, 'integrationBranch', e.integrationBranch);
      if (e.mergedTasks) state.mergedTasks = [...e.mergedTasks];
      else delete state.mergedTasks;
      return;
    default:
      return;
  }
}

function applyTaskEvent(t: TaskRunState, e: EngineEvent): void {
  switch (e.type) {
    case 'task:ready':
      setStatus(t, 'ready', e);
      delete t.reason;
      delete t.finishedAt;
      // A parked task keeps `waiting` (its checkpoint and session) for the attempt that continues it.
      return;
    case 'task:assigned':
      t.agent = e.agent;
      setOrDelete(t, 'team', e.team);
      return;
    case 'task:started':
      startAttempt(t, e);
      return;
    case 'task:agent-exited':
      recordExit(t, e);
      return;
    case 'task:succeeded':
      setStatus(t, 'done', e);
      if (e.commit !== undefined) t.commit = e.commit;
      if (e.summary !== undefined) t.summary = e.summary;
      delete t.reviewComment;
      endAttempt(t, e.at);
      return;
    case 'task:failed':
      recordFailure(t, e);
      return;
    case 'task:blocked':
      setStatus(t, 'blocked', e, e.reason);
      t.reason = e.reason;
      if (t.currentAttempt) t.rollbackTo = t.currentAttempt.checkpoint;
      delete t.currentAttempt;
      return;
    case 'task:skipped':
      setStatus(t, 'skipped', e, e.reason);
      t.reason = e.reason;
      endAttempt(t, e.at);
      return;
    case 'task:cancelled':
      setStatus(t, 'cancelled', e, e.reason);
      setOrDelete(t, 'reason', e.reason);
      endAttempt(t, e.at);
      return;
    case 'task:review-requested':
      setStatus(t, 'review', e);
      delete t.currentAttempt;
      if (e.handoff) t.handoff = structuredClone(e.handoff);
      return;
    case 'task:approved':
      setStatus(t, 'done', e);
      setOrDelete(t, 'approvedBy', e.by);
      delete t.reviewComment;
      endAttempt(t, e.at);
      return;
    case 'task:changes-requested':
      setStatus(t, 'ready', e, e.comment);
      t.reason = e.comment;
      t.reviewComment = e.comment;
      delete t.finishedAt;
      delete t.approvedBy;
      delete t.rollbackTo;
      return;
    case 'worktree:created':
      t.worktree = e.path;
      t.branch = e.branch;
      return;
    case 'worktree:removed':
      if (t.worktree === e.path) delete t.worktree;
      return;
    default:
      applyCoordinationEvent(t, e);
      return;
  }
}

/** Events of the coordination layer: verification, handoffs, redirects, failover, resolution tasks. */
function applyCoordinationEvent(t: TaskRunState, e: EngineEvent): void {
  switch (e.type) {
    case 'task:verified':
      t.verification = { attempt: e.attempt, passed: e.passed, checklist: e.checklist.map((c) => structuredClone(c)), durationMs: e.durationMs };
      return;
    case 'task:handoff':
      t.handoff = { ...structuredClone(e.handoff), ...(t.handoff?.reviews ? { reviews: t.handoff.reviews } : {}) };
      return;
    case 'task:reviewed':
      attachReview(t, e);
      return;
    case 'task:redirected':
      setStatus(t, 'ready', e, e.reason, e.attempt);
      t.reason = e.reason;
      if (t.currentAttempt) t.rollbackTo = t.currentAttempt.checkpoint;
      delete t.currentAttempt;
      delete t.retryAt;
      delete t.finishedAt;
      reassign(t, e.to, e.from, e.attempt);
      return;
    case 'task:failover':
      t.reason = e.reason;
      reassign(t, e.to, e.from, e.attempt);
      return;
    case 'task:reassigned':
      // A person's choice: the new member gets a fresh retry budget, as after a failover.
      t.reassignedTo = e.agent;
      t.budgetFrom = t.attempts + 1;
      return;
    case 'task:accepted':
      setStatus(t, 'done', e, e.reason);
      t.commit = e.commit;
      setOrDelete(t, 'acceptedBy', e.by);
      delete t.reason;
      delete t.reviewComment;
      delete t.failedCommit;
      endAttempt(t, e.at);
      return;
    case 'task:resolution-created':
      t.resolution = { for: e.for, branch: e.branch, files: [...e.files], integrationBranch: e.integrationBranch, integrationTip: e.integrationTip, agent: e.agent, title: e.title };
      t.reassignedTo = e.agent;
      return;
    default:
      return;
  }
}

function startAttempt(t: TaskRunState, e: EngineEventOf<'task:started'>): void {
  setStatus(t, 'running', e, undefined, e.attempt);
  if (e.agent) t.history[t.history.length - 1]!.agent = e.agent;
  t.attempts = Math.max(t.attempts, e.attempt);
  t.agent = e.agent;
  t.currentAttempt = {
    attempt: e.attempt, startedAt: e.at, worktree: e.worktree, branch: e.branch,
    checkpoint: e.checkpoint, resultFile: e.resultFile, logFile: e.logFile,
  };
  if (e.pid !== undefined) t.currentAttempt.pid = e.pid;
  if (e.base !== undefined) t.currentAttempt.base = e.base;
  t.worktree = e.worktree;
  t.branch = e.branch;
  t.startedAt ??= e.at;
  delete t.finishedAt;
  delete t.retryAt;
  delete t.reason;
  delete t.rollbackTo;
  // A parked attempt is continued by this one: it no longer waits.
  delete t.waiting;
}

function recordExit(t: TaskRunState, e: EngineEventOf<'task:agent-exited'>): void {
  t.lastExit = { attempt: e.attempt, status: e.status };
  if (e.exitCode !== undefined) t.lastExit.exitCode = e.exitCode;
  if (e.signal !== undefined) t.lastExit.signal = e.signal;
  if (e.sessionId !== undefined) t.lastExit.sessionId = e.sessionId;
  if (e.costUsd !== undefined) t.costUsd += e.costUsd;
  if (e.usage !== undefined || e.costUsd !== undefined || e.model !== undefined) {
    (t.costs ??= []).push({
      attempt: e.attempt, ...(t.agent !== undefined ? { agent: t.agent } : {}), ...(e.model !== undefined ? { model: e.model } : {}),
      ...(e.usage !== undefined ? { usage: { ...e.usage } } : {}), ...(e.costUsd !== undefined ? { costUsd: e.costUsd } : {}),
      ...(e.costSource !== undefined ? { costSource: e.costSource } : {}),
    });
  }
  if (e.summary !== undefined) t.summary = e.summary;
  if (e.outcome !== undefined) t.outcome = e.outcome;
  if (e.artifacts !== undefined) t.artifacts = [...e.artifacts];
  if (e.knownIssues !== undefined) t.knownIssues = [...e.knownIssues];
  else delete t.knownIssues;
}

// A retried failure stays visible in the timeline (failed, then ready) though the task's
// status goes straight back to ready.
function recordFailure(t: TaskRunState, e: EngineEventOf<'task:failed'>): void {
  setStatus(t, 'failed', e, e.reason, e.attempt);
  t.reason = e.reason;
  if (e.commit !== undefined) t.failedCommit = e.commit;
  // The next attempt starts from the failed one's checkpoint, even if the rollback was cut short.
  if (t.currentAttempt) t.rollbackTo = t.currentAttempt.checkpoint;
  delete t.currentAttempt;
  if (e.willRetry) {
    setStatus(t, 'ready', e, undefined, e.attempt);
    setOrDelete(t, 'retryAt', e.retryAt);
  } else {
    t.finishedAt = e.at;
    delete t.retryAt;
  }
}

/** The next attempts run on `to`; `from` has had its turn, and the retry budget starts again. */
function reassign(t: TaskRunState, to: string, from: string, attempt: number): void {
  t.reassignedTo = to;
  const tried = t.triedAgents ?? [];
  if (from && !tried.includes(from)) tried.push(from);
  t.triedAgents = tried;
  t.budgetFrom = attempt + 1;
}

function attachReview(t: TaskRunState, e: EngineEventOf<'task:reviewed'>): void {
  const review = { reviewTask: e.reviewTask, reviewer: e.reviewer, status: e.status, summary: e.summary, ...(e.outcome !== undefined ? { outcome: e.outcome } : {}) };
  t.handoff ??= {
    task: t.id, agent: t.agent ?? '', attempt: t.attempts, summary: t.summary ?? '', notes: [], knownIssues: [], artifacts: [],
    acceptanceCriteria: [], checklist: [], diffStat: { files: [], insertions: 0, deletions: 0 },
  };
  t.handoff.reviews = [...(t.handoff.reviews ?? []).filter((r) => r.reviewTask !== e.reviewTask), review];
}

function setStatus(t: TaskRunState, status: TaskRunStatus, e: EngineEvent, reason?: string, attempt = t.attempts): void {
  t.status = status;
  t.history.push(reason === undefined ? { attempt, status, at: e.at } : { attempt, status, reason, at: e.at });
}

function endAttempt(t: TaskRunState, at: string): void {
  delete t.currentAttempt;
  delete t.retryAt;
  t.finishedAt = at;
}

function finishRun(state: RunState, status: RunState['status'], at: string, reason: string | undefined): void {
  state.status = status;
  state.finishedAt = at;
  setOrDelete(state, 'reason', reason);
}

function taskOf(state: RunState, id: string): TaskRunState {
  let t = state.tasks.get(id);
  if (!t) {
    // A task first named after `run:started` (a fan-out expansion) joins the run in planning.
    t = newTask(id);
    state.tasks.set(id, t);
  }
  return t;
}

function newTask(id: string): TaskRunState {
  return { id, status: 'planning', attempts: 0, costUsd: 0, history: [] };
}

function setOrDelete<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}
