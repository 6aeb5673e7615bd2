import type { Scheduler } from '../scheduler/schedulingPolicy';
import type { RunContext } from './runContext';

/**
 * Replays the journal's verdicts into a fresh scheduling policy, so a resumed run picks up
 * exactly where the last one stopped: done and skipped tasks satisfy their dependants, failed
 * and blocked ones block them, tasks waiting for a retry keep their backoff, and tasks at the
 * review gate wait there again (after every verdict, since their dependencies must be done).
 * Tasks the engine created (merge resolutions) are not the policy's.
 *
 * @returns the tasks waiting for review.
 */
export function restoreScheduler(scheduler: Scheduler, ctx: RunContext): string[] {
  const review: string[] = [];
  for (const [id, t] of ctx.store.state.tasks) {
    if (!ctx.tasks.has(id) || t.resolution) continue;
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
      case 'review':
        review.push(id);
        break;
      default:
        break;
    }
  }
  for (const id of review) {
    scheduler.markRunning(id, ctx.store.state.tasks.get(id)?.agent || ctx.tasks.get(id)?.assignee || 'unknown');
    scheduler.markInReview(id);
  }
  return review;
}
