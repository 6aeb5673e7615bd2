import type { ReadonlyRunState } from '../state/runState';
import { addresseeName } from './questions';

/** One question as people see it (`baton inbox --json`, the Inbox tree, host tools). */
export interface InboxQuestion {
  id: string;
  asker: string;
  addressee: string;
  text: string;
  status: 'open' | 'answered' | 'closed';
  task: string;
  blocking: boolean;
  askedAt: string;
  context?: string;
  answer?: string;
  answeredBy?: string;
  answeredAt?: string;
  closedReason?: string;
  /** The asking task is parked until this is answered. */
  parksTask: boolean;
}

/** A team notified of an event (`notify` subscriptions). */
export interface InboxNotification {
  event: string;
  name: string;
  team: string;
  at: string;
  critical: boolean;
  source: string;
  data: Record<string, unknown>;
}

/** What needs people, and what they should know, in the current run. */
export interface Inbox {
  runId?: string;
  sprint?: string;
  questions: InboxQuestion[];
  notifications: InboxNotification[];
  denials: { tool: string; reason: string; agent: string; role: string; task?: string; at: string }[];
  emergencies: { id: string; event: string; tasks: string[]; status: string; startedAt: string; resolvedAt?: string }[];
}

/**
 * The run's inbox, from its state: every question (open ones to people first, then open ones
 * to agents, then the answered and closed), the teams' notifications, denied calls, emergencies.
 * One query that the CLI, the MCP host tools and the extension all call.
 */
export function inboxOf(state: ReadonlyRunState): Inbox {
  const team = state.team;
  const rank = (q: { status: string; to: { kind: string } }): number => (q.status === 'open' ? (q.to.kind === 'person' ? 0 : 1) : 2);
  const questions = [...(team?.questions ?? [])].sort((a, b) => rank(a) - rank(b) || a.askedAt.localeCompare(b.askedAt)).map((q): InboxQuestion => {
    const waiting = state.tasks.get(q.task);
    return {
      id: q.id, asker: q.from, addressee: addresseeName(q.to), text: q.text, status: q.status, task: q.task, blocking: q.blocking, askedAt: q.askedAt,
      ...(q.context !== undefined ? { context: q.context } : {}),
      ...(q.answer !== undefined ? { answer: q.answer } : {}), ...(q.answeredBy !== undefined ? { answeredBy: q.answeredBy } : {}),
      ...(q.answeredAt !== undefined ? { answeredAt: q.answeredAt } : {}), ...(q.closedReason !== undefined ? { closedReason: q.closedReason } : {}),
      parksTask: q.status === 'open' && waiting?.status === 'waiting' && (waiting.waiting?.questions?.includes(q.id) ?? false),
    };
  });
  const notifications = (team?.events ?? []).flatMap((e) => e.deliveries.filter((d) => d.action === 'notify').map((d): InboxNotification => ({
    event: e.id, name: e.name, team: d.team, at: e.at, critical: e.critical, source: e.source.agent ? `${e.source.agent}${e.source.task ? ` (${e.source.task})` : ''}` : 'engine', data: e.data as Record<string, unknown>,
  })));
  return {
    ...(state.runId ? { runId: state.runId } : {}), ...(state.sprint ? { sprint: state.sprint } : {}),
    questions, notifications,
    denials: (team?.denials ?? []).map((d) => ({ tool: d.tool, reason: d.reason, agent: d.caller.agent, role: d.caller.role, ...(d.caller.task ? { task: d.caller.task } : {}), at: d.at })),
    emergencies: (team?.emergencies ?? []).map((e) => ({ id: e.id, event: e.name, tasks: [...e.tasks], status: e.status, startedAt: e.startedAt, ...(e.resolvedAt ? { resolvedAt: e.resolvedAt } : {}) })),
  };
}
