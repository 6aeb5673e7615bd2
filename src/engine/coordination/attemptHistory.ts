import type { DeepReadonly, TaskRunState } from '../state/runState';

/** One attempt at a task as people read it: who ran it, how it ended, and why. */
export interface AttemptRecord {
  attempt: number;
  agent?: string;
  /** The statuses it went through after running, e.g. `failed`, `review→done`, `ready` (redirected). */
  outcome: string;
  reason?: string;
}

/**
 * Every attempt of a task from its timeline (seed 001: each attempt, with its reason, is on
 * record): the agent from its `running` entry, then the statuses the attempt ended in. A retried
 * failure shows as `failed` (the `ready` after it is the retry, not an outcome).
 */
export function attemptHistory(t: DeepReadonly<TaskRunState>): AttemptRecord[] {
  const out: AttemptRecord[] = [];
  let current: { record: AttemptRecord; statuses: string[] } | undefined;
  const close = (): void => {
    if (!current) return;
    const statuses = current.statuses[0] === 'failed' ? ['failed'] : current.statuses;
    current.record.outcome = statuses.join('→') || 'running';
    out.push(current.record);
    current = undefined;
  };
  for (const h of t.history) {
    if (h.status === 'running') {
      close();
      current = { record: { attempt: h.attempt, ...(h.agent ? { agent: h.agent } : {}), outcome: 'running' }, statuses: [] };
      continue;
    }
    if (!current || h.attempt !== current.record.attempt) continue;
    current.statuses.push(h.status);
    if (h.reason) current.record.reason ??= h.reason;
  }
  close();
  return out;
}
