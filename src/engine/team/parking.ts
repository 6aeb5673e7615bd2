import type { Task } from '../model/workspace';
import type { ReadonlyRunState } from '../state/runState';

/** Why an attempt that ended is parked instead of settled, and what it waits for. */
export interface ParkDecision {
  reason: string;
  questions?: string[];
  tasks?: string[];
  emergency?: string;
}

const SATISFIED = new Set(['done', 'skipped']);
const BROKEN = new Set(['failed', 'blocked', 'cancelled']);

/**
 * Whether the attempt `attempt` of `taskId`, which just ended, is parked (`waiting`) rather than
 * settled: it asked a blocking question whose answer it has not received (`consumed` holds the
 * answers it got in a tool result), it now depends on a task that is not done (a fix for a bug
 * it raised), or an emergency paused it. Its work is kept and a later attempt continues it.
 */
export function parkDecision(state: ReadonlyRunState, taskId: string, attempt: number, options: { consumed: ReadonlySet<string>; emergency?: string }): ParkDecision | undefined {
  const t = state.tasks.get(taskId);
  if (!t) return undefined;
  const questions = (state.team?.questions ?? [])
    .filter((q) => q.task === taskId && q.attempt === attempt && q.blocking && q.status !== 'closed' && !options.consumed.has(q.id))
    .map((q) => q.id);
  const tasks = (t.addedDependencies ?? []).filter((d) => !SATISFIED.has(state.tasks.get(d)?.status ?? 'planning'));
  const reasons: string[] = [];
  if (questions.length) reasons.push(`waits for the answer${questions.length > 1 ? 's' : ''} to ${questions.join(', ')}`);
  if (tasks.length) reasons.push(`waits for ${tasks.join(', ')}, then runs again`);
  if (options.emergency) reasons.push(`parked for the emergency ${options.emergency}`);
  if (!reasons.length) return undefined;
  return {
    reason: reasons.join('; '),
    ...(questions.length ? { questions } : {}),
    ...(tasks.length ? { tasks } : {}),
    ...(options.emergency ? { emergency: options.emergency } : {}),
  };
}

/** What to do with a waiting task now. */
export type WaitVerdict = { task: string; action: 'resume' } | { task: string; action: 'block'; reason: string };

/**
 * Waiting tasks whose wait is over — every question answered (or closed), every task they
 * wait for done, the emergency over — to resume; and those waiting for a task that failed, to
 * block. Pure over the journal's state, so the live loop and a resumed one decide alike.
 */
export function waitingVerdicts(state: ReadonlyRunState): WaitVerdict[] {
  const out: WaitVerdict[] = [];
  for (const [id, t] of state.tasks) {
    if (t.status !== 'waiting' || !t.waiting) continue;
    const w = t.waiting;
    const broken = [...(w.tasks ?? []), ...(t.addedDependencies ?? [])].find((d) => BROKEN.has(state.tasks.get(d)?.status ?? ''));
    if (broken) {
      out.push({ task: id, action: 'block', reason: `it waited for ${broken}, which is ${state.tasks.get(broken)?.status}` });
      continue;
    }
    const questionsDone = (w.questions ?? []).every((qid) => state.team?.questions.find((q) => q.id === qid)?.status !== 'open');
    const tasksDone = [...(w.tasks ?? []), ...(t.addedDependencies ?? [])].every((d) => SATISFIED.has(state.tasks.get(d)?.status ?? ''));
    const emergencyOver = w.emergency === undefined || state.team?.emergencies.find((e) => e.id === w.emergency)?.status !== 'active';
    if (questionsDone && tasksDone && emergencyOver) out.push({ task: id, action: 'resume' });
  }
  return out;
}

/** Active emergencies whose response tasks have all settled, and how. */
export function settledEmergencies(state: ReadonlyRunState): { emergency: string; outcome: 'done' | 'failed' }[] {
  return (state.team?.emergencies ?? [])
    .filter((e) => e.status === 'active')
    .map((e) => ({ e, statuses: e.tasks.map((id) => state.tasks.get(id)?.status ?? 'planning') }))
    .filter(({ statuses }) => statuses.every((s) => SATISFIED.has(s) || BROKEN.has(s)))
    .map(({ e, statuses }) => ({ emergency: e.id, outcome: statuses.every((s) => SATISFIED.has(s)) ? 'done' as const : 'failed' as const }));
}

/** Running tasks of lower priority than an emergency: what a critical subscription with `pause` parks. */
export function runningBelowCritical(state: ReadonlyRunState, tasks: ReadonlyMap<string, Task>): string[] {
  return [...state.tasks.values()]
    .filter((t) => t.status === 'running' && tasks.get(t.id)?.priority !== 'critical' && tasks.get(t.id)?.emergency === undefined && tasks.get(t.id)?.kind !== 'sync')
    .map((t) => t.id);
}
