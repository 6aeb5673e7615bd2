import { analyzeCriticalPath } from '../engine/graph/criticalPath';
import { listSchedule, lowerBound } from '../engine/graph/makespan';
import { TaskGraph } from '../engine/graph/taskGraph';
import { groupByLevel } from '../engine/graph/topology';
import type { Sprint, TaskKind } from '../engine/model/workspace';
import { DEFAULT_ESTIMATE_UNIT, type EstimateUnit } from '../shared/estimates';

/** One task of a plan; `start`/`finish` assume unlimited workers, `scheduled*` the N workers. */
export interface PlanTask {
  id: string;
  title: string;
  kind: TaskKind;
  level: number;
  estimate: number;
  /** Earliest start by estimate (critical path method). */
  start: number;
  /** Earliest finish by estimate. */
  finish: number;
  slack: number;
  assignee: string | null;
  team: string | null;
  dependencies: string[];
  /** Direct dependants: what finishing this task moves closer to ready. */
  unblocks: string[];
  critical: boolean;
  /** Start in the critical-path-first list schedule on `workers` workers. */
  scheduledStart: number;
  scheduledFinish: number;
  /** 0-based worker in that schedule. */
  worker: number;
}

/** A sprint's plan; also the `baton plan --json` object, key for key. */
export interface PlanReport {
  sprint: string;
  name: string;
  workers: number;
  /** The unit of every estimate, start, finish, slack and length here (`settings.estimate_unit`). */
  estimateUnit: EstimateUnit;
  criticalPath: string[];
  criticalPathLength: number;
  /** No schedule on `workers` workers can finish sooner. */
  lowerBound: number;
  /** Finish time of the critical-path-first list schedule on `workers` workers. */
  makespan: number;
  /** makespan / lowerBound (1 when both are 0): how close the schedule is to optimal. */
  ratio: number;
  totalWork: number;
  levels: string[][];
  tasks: PlanTask[];
}

/**
 * Plans a sprint on `workers` workers with the engine's graph algorithms. Undefined when the
 * tasks form a cycle (callers refuse such sprints earlier, from the loader's diagnostics).
 * @throws RangeError unless `workers` is an integer >= 1.
 */
export function buildPlanReport(sprint: Sprint, workers: number, estimateUnit: EstimateUnit = DEFAULT_ESTIMATE_UNIT): PlanReport | undefined {
  const graph = TaskGraph.from(sprint.tasks);
  const analysis = analyzeCriticalPath(graph);
  const levels = groupByLevel(graph);
  const schedule = listSchedule(graph, workers);
  if (!analysis || !levels || !schedule) return undefined;
  const levelOf = new Map(levels.flatMap((ids, level) => ids.map((id) => [id, level] as const)));
  const critical = new Set(analysis.criticalPath);
  const bound = lowerBound(graph, workers);
  const seen = new Set<string>();
  const tasks: PlanTask[] = [];
  for (const task of sprint.tasks) {
    // A duplicate id is a loader error; the graph keeps the first, and so does the plan.
    if (seen.has(task.id)) continue;
    seen.add(task.id);
    tasks.push({
      id: task.id,
      title: task.title,
      kind: task.kind,
      level: levelOf.get(task.id) ?? 0,
      estimate: task.estimate,
      start: analysis.earliestStart.get(task.id) ?? 0,
      finish: analysis.earliestFinish.get(task.id) ?? 0,
      slack: analysis.slack.get(task.id) ?? 0,
      assignee: task.assignee ?? null,
      team: task.team ?? null,
      dependencies: [...graph.dependenciesOf(task.id)],
      unblocks: [...graph.dependantsOf(task.id)],
      critical: critical.has(task.id),
      scheduledStart: schedule.start.get(task.id) ?? 0,
      scheduledFinish: schedule.finish.get(task.id) ?? 0,
      worker: schedule.workerOf.get(task.id) ?? 0,
    });
  }
  return {
    sprint: sprint.id,
    name: sprint.name,
    workers,
    estimateUnit,
    criticalPath: analysis.criticalPath,
    criticalPathLength: analysis.length,
    lowerBound: bound,
    makespan: schedule.makespan,
    ratio: bound === 0 ? 1 : schedule.makespan / bound,
    totalWork: analysis.totalWork,
    levels,
    tasks,
  };
}
