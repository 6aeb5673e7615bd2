import type { Task } from '../model/workspace';
import type { NewEvent } from '../state/events';

/**
 * Seed 004 pattern 4: when a reviewer agent's review task finishes, its verdict is attached to
 * the primary task's handoff package (`task:reviewed` on the primary), so whoever reads the
 * package — a person at the review gate, the next agent — sees every review beside the work.
 */
export function reviewerResultEvents(task: Task, primaryExists: boolean, reviewer: string, status: 'done' | 'failed', result: { summary: string; outcome?: string }): NewEvent[] {
  if (task.kind !== 'review' || !task.generatedFrom || !primaryExists) return [];
  return [{
    type: 'task:reviewed', task: task.generatedFrom, reviewTask: task.id, reviewer, status, summary: result.summary,
    ...(result.outcome !== undefined ? { outcome: result.outcome } : {}),
  }];
}
