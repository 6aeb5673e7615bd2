import type { ReadonlyRunState } from '../state/runState';
import { addUsage, emptyTotals, sumTotals, type UsageTotals } from './usageTotals';

/** A run's tokens and dollars: per task, per agent, and for the whole sprint. */
export interface RunUsage {
  sprint: UsageTotals;
  byTask: Record<string, UsageTotals>;
  byAgent: Record<string, UsageTotals>;
  /** The models that did the work, most expensive first. */
  models: string[];
}

/**
 * Sums every agent run's usage and cost of the run (the projection keeps one entry per run in
 * `costs`). The one definition the CLI, the extension and the board all show.
 */
export function usageOfRun(state: ReadonlyRunState): RunUsage {
  const byTask: Record<string, UsageTotals> = {};
  const byAgent: Record<string, UsageTotals> = {};
  const modelCost = new Map<string, number>();
  for (const t of state.tasks.values()) {
    const task = (byTask[t.id] = emptyTotals());
    for (const c of t.costs ?? []) {
      addUsage(task, c.usage, c.costUsd);
      const agent = c.agent ?? t.agent ?? '(unknown)';
      addUsage((byAgent[agent] ??= emptyTotals()), c.usage, c.costUsd);
      if (c.model) modelCost.set(c.model, (modelCost.get(c.model) ?? 0) + (c.costUsd ?? 0));
    }
  }
  const models = [...modelCost.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m);
  return { sprint: sumTotals(Object.values(byTask)), byTask, byAgent, models };
}
