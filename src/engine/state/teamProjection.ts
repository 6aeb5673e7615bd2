import type { EngineEvent, EngineEventOf } from './events';
import type { RunState, TaskRunState } from './runState';
import { TEAM_EVENT_TYPES } from './teamEvents';
import type { TeamState } from './teamState';

/** True for the communication layer's events (teamEvents.ts). */
export function isTeamEvent(e: EngineEvent): boolean {
  return Object.hasOwn(TEAM_EVENT_TYPES, e.type);
}

/**
 * Applies one communication event, in place, with projection.ts's invariants: optional fields
 * are deleted rather than set to undefined, and nothing is shared with the event object.
 * `task` returns the task's state (created if a later event first names it).
 */
export function applyTeamEvent(state: RunState, e: EngineEvent, task: (id: string) => TaskRunState): void {
  switch (e.type) {
    case 'question:asked': {
      const q = { id: e.question, task: e.task, attempt: e.attempt, from: e.from, to: structuredClone(e.to), text: e.text, blocking: e.blocking, status: 'open' as const, askedAt: e.at };
      teamOf(state).questions.push(e.context !== undefined ? { ...q, context: e.context } : q);
      return;
    }
    case 'question:delivered': {
      const q = question(state, e.question);
      if (q) q.deliveredTo = [...(q.deliveredTo ?? []), { agent: e.agent, via: e.via, at: e.at }];
      return;
    }
    case 'question:answered': {
      const q = question(state, e.question);
      if (!q) return;
      Object.assign(q, { status: 'answered', answer: e.answer, answeredBy: e.by, answeredVia: e.via, answeredAt: e.at });
      if (state.waitingForAnswers) state.waitingForAnswers = state.waitingForAnswers.filter((id) => id !== e.question);
      return;
    }
    case 'question:closed': {
      const q = question(state, e.question);
      if (q && q.status === 'open') Object.assign(q, { status: 'closed', closedReason: e.reason });
      return;
    }
    case 'task:status-reported': {
      const { type: _t, seq: _s, runId: _r, task: id, ...report } = e;
      task(id).progress = structuredClone(report);
      return;
    }
    case 'task:handoff-submitted':
      task(e.task).submitted = { attempt: e.attempt, handoff: structuredClone(e.handoff) };
      return;
    case 'task:waiting':
      applyWaiting(task(e.task), e);
      return;
    case 'task:created':
      task(e.task).created = { definition: structuredClone(e.definition), by: { ...e.by } };
      return;
    case 'task:dependency-added': {
      const t = task(e.task);
      t.addedDependencies = [...new Set([...(t.addedDependencies ?? []), e.dependsOn])];
      return;
    }
    default:
      applyRunWideEvent(state, e);
  }
}

function applyRunWideEvent(state: RunState, e: EngineEvent): void {
  switch (e.type) {
    case 'event:raised':
      teamOf(state).events.push({ id: e.event, name: e.name, data: structuredClone(e.data), source: { ...e.source }, critical: e.critical, at: e.at, deliveries: e.deliveries.map((d) => ({ ...d })) });
      if (e.key !== undefined) teamOf(state).raisedKeys.push(e.key);
      return;
    case 'subscription:command-finished': {
      const raised = teamOf(state).events.find((x) => x.id === e.event);
      if (raised) raised.commands = [...(raised.commands ?? []), { team: e.team, passed: e.passed, exitCode: e.exitCode, output: e.output, durationMs: e.durationMs }];
      return;
    }
    case 'emergency:started':
      teamOf(state).emergencies.push({ id: e.emergency, name: e.name, tasks: [...e.tasks], pause: e.pause, parked: [...(e.parked ?? [])], status: 'active', startedAt: e.at });
      return;
    case 'emergency:resolved': {
      const em = teamOf(state).emergencies.find((x) => x.id === e.emergency);
      if (em) Object.assign(em, { status: e.outcome, resolvedAt: e.at });
      return;
    }
    case 'access:denied': {
      teamOf(state).denials.push({ tool: e.tool, reason: e.reason, caller: { ...e.caller }, at: e.at });
      return;
    }
    default:
      return;
  }
}

function applyWaiting(t: TaskRunState, e: EngineEventOf<'task:waiting'>): void {
  t.status = 'waiting';
  t.history.push({ attempt: e.attempt, status: 'waiting', reason: e.reason, at: e.at });
  t.reason = e.reason;
  const waiting: TaskRunState['waiting'] = { attempt: e.attempt, checkpoint: e.checkpoint, reason: e.reason };
  if (e.questions) waiting.questions = [...e.questions];
  if (e.tasks) waiting.tasks = [...e.tasks];
  if (e.emergency !== undefined) waiting.emergency = e.emergency;
  if (e.sessionId !== undefined) waiting.sessionId = e.sessionId;
  if (e.keptWork) waiting.keptWork = true;
  t.waiting = waiting;
  delete t.currentAttempt;
  delete t.retryAt;
}

function teamOf(state: RunState): TeamState {
  return (state.team ??= { questions: [], events: [], emergencies: [], denials: [], raisedKeys: [] });
}

function question(state: RunState, id: string) {
  return state.team?.questions.find((q) => q.id === id);
}
