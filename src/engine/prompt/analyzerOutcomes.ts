import type { Sprint, Task } from '../model/workspace';

/**
 * The outcomes a task's dependants branch on (their `condition` names this task), in first-seen
 * order. A task with any is an analyzer: it must report one of them as its `outcome`.
 */
export function analyzerOutcomes(task: Task, sprint: Sprint): string[] {
  const outcomes = new Set<string>();
  for (const other of sprint.tasks) {
    if (other.condition?.task !== task.id) continue;
    for (const outcome of other.condition.outcomes) outcomes.add(outcome);
  }
  return [...outcomes];
}
