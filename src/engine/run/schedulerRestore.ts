import { Scheduler } from '../scheduler/schedulingPolicy';
import type { RunContext } from './runContext';
import { schedulableTasks } from './teamSetup';

/**
 * Replays the journal's verdicts into a fresh scheduling policy, so a resumed run picks up
 * exactly where the last one stopped: done and skipped tasks satisfy their dependants, failed
 * and blocked ones block them, tasks waiting for a retry keep their backoff, and tasks at the
 * review gate wait there again (after every verdict, since their dependencies must be done), as
 * do parked (`waiting`) tasks.
 * Tasks the engine created (merge resolutions) are not the policy's.
 *
 * @returns the tasks waiting for review.
 */
export function restoreScheduler(scheduler: Scheduler, ctx: RunContext): string[] {
  const review: string[] = [];
  // Parked tasks hold no slot and keep their dependants waiting, as tasks at the review gate do.
  const waiting: string[] = [];
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
      case 'waiting':
        waiting.push(id);
        break;
      default:
        break;
    }
  }
  for (const id of [...review, ...waiting]) {
    scheduler.markRunning(id, ctx.store.state.tasks.get(id)?.agent || ctx.tasks.get(id)?.assignee || 'unknown');
    scheduler.markInReview(id);
  }
  return review;
}

/**
 * A new policy for a task graph that grew while the sprint ran (a subscription's task, an
 * orchestrator's, a dependency added): built from the live tasks, restored from the journal as
 * on resume, with the running tasks' slots counted where they were. Member history carries over.
 */
export function rebuildScheduler(ctx: RunContext, old: Scheduler, running: ReadonlyMap<string, { agent: string; team?: string }>): Scheduler {
  const scheduler = new Scheduler({ tasks: schedulableTasks(ctx), workspace: ctx.workspace, maxParallel: ctx.store.state.maxParallel ?? 1, sprintTeams: ctx.sprint.teams, selector: old.selector });
  restoreScheduler(scheduler, ctx);
  for (const [id, slot] of running) if (scheduler.statusOf(id) === 'pending') scheduler.markRunning(id, slot.agent, slot.team);
  return scheduler;
}
