import type { Scheduler } from '../scheduler/schedulingPolicy';
import type { RunContext } from './runContext';

/**
 * Replays the journal's verdicts into a fresh scheduling policy, so a resumed run picks up
 * exactly where the last one stopped: done and skipped tasks satisfy their dependants, failed
 * and blocked ones block them, tasks waiting for a retry keep their backoff.
 */
export function restoreScheduler(scheduler: Scheduler, ctx: RunContext): void {
  for (const [id, t] of ctx.store.state.tasks) {
    if (!ctx.tasks.has(id)) continue;
    switch (t.status) {
      case 'done':
      case 'skipped':
      case 'failed':
      case 'blocked':
      case 'cancelled':
        scheduler.markFinished(id, t.status);
        break;
      case 'ready':
        if (t.retryAt) scheduler.hold(id, Date.parse(t.retryAt));
        break;
      default:
        break;
    }
  }
}
