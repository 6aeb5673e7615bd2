import { analyzeCriticalPath } from '../engine/graph/criticalPath';
import { TaskGraph } from '../engine/graph/taskGraph';
import type { Sprint } from '../engine/model/workspace';
import type { ReadonlyRunState } from '../engine/state/runState';
import { DEFAULT_ESTIMATE_UNIT, type EstimateUnit } from '../shared/estimates';

/** The figures `baton run` ends with. */
export interface RunFigures {
  /** Wall time from the run's start to its end (or now), ms. */
  makespanMs: number;
  /** Time agents spent running attempts, summed over tasks, ms. */
  busyMs: number;
  maxParallel: number;
  /** busy / (makespan × maxParallel): how much of the allowed parallelism was used. */
  parallelEfficiency: number;
  /** busy / makespan: how many agents were working on average. */
  averageParallelism: number;
  criticalPath: string[];
  criticalPathEstimate: number;
  estimateUnit: EstimateUnit;
  costUsd: number;
}

export function runFigures(state: ReadonlyRunState, sprint: Sprint | undefined, now: number, estimateUnit: EstimateUnit = DEFAULT_ESTIMATE_UNIT): RunFigures {
  const start = Date.parse(state.startedAt ?? new Date(now).toISOString());
  const end = state.finishedAt ? Date.parse(state.finishedAt) : now;
  const makespanMs = Math.max(1, end - start);
  let busyMs = 0;
  let costUsd = 0;
  for (const t of state.tasks.values()) {
    costUsd += t.costUsd;
    t.history.forEach((h, i) => {
      if (h.status !== 'running') return;
      const next = t.history[i + 1];
      busyMs += Math.max(0, (next ? Date.parse(next.at) : end) - Date.parse(h.at));
    });
  }
  const maxParallel = state.maxParallel ?? 1;
  const analysis = sprint ? analyzeCriticalPath(TaskGraph.from(sprint.tasks)) : undefined;
  return {
    makespanMs, busyMs, maxParallel,
    parallelEfficiency: busyMs / (makespanMs * maxParallel),
    averageParallelism: busyMs / makespanMs,
    criticalPath: analysis?.criticalPath ?? [],
    criticalPathEstimate: analysis?.length ?? 0,
    estimateUnit,
    costUsd,
  };
}
