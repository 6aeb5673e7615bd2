import type { TaskGraph } from './taskGraph';
import { topologicalIndices } from './topology';

/** Timing of every task when each starts as soon as its dependencies finish (unlimited workers). */
export interface CriticalPathAnalysis {
  /** Earliest start: the latest earliest finish among the task's dependencies (0 if none). */
  earliestStart: Map<string, number>;
  /** Earliest start plus the task's estimate. */
  earliestFinish: Map<string, number>;
  /** Longest path from the task to any sink, including the task's own estimate ("bottom level"). */
  remaining: Map<string, number>;
  /** Latest start that does not delay the whole graph: `length - remaining`. */
  latestStart: Map<string, number>;
  /** `latestStart - earliestStart`; 0 on the critical path. */
  slack: Map<string, number>;
  /** The longest chain by estimate, from a task with no dependencies to one with no dependants. */
  criticalPath: string[];
  /** Max earliest finish: the makespan with unlimited workers (0 for an empty graph). */
  length: number;
  /** Sum of all estimates: the makespan on one worker. */
  totalWork: number;
}

/**
 * Bottom level per input index (longest estimate-weighted path to a sink, including the task)
 * and, per index, the dependant that achieves it (-1 for sinks; first in input order on ties).
 * Undefined on a cycle. Shared with the list scheduler's default priority.
 */
export function bottomLevels(graph: TaskGraph): { remaining: Float64Array; next: Int32Array; order: Int32Array } | undefined {
  const order = topologicalIndices(graph);
  if (!order) return undefined;
  const n = graph.size;
  const remaining = new Float64Array(n);
  const next = new Int32Array(n).fill(-1);
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k]!;
    let best = 0;
    let bestNext = -1;
    // Dependants are ascending, and only a strictly longer tail replaces the best, so ties go
    // to input order.
    for (const w of graph.dependantIndices(v)) {
      const r = remaining[w]!;
      if (bestNext === -1 || r > best) {
        best = r;
        bestNext = w;
      }
    }
    remaining[v] = graph.estimateAt(v) + best;
    next[v] = bestNext;
  }
  return { remaining, next, order };
}

/**
 * Critical path method over the dependency graph: earliest/latest starts, slack, the critical
 * chain and its length. Undefined if there is a cycle. O((nodes + edges) log nodes), all of
 * it in the topological sort. Map iteration follows input order.
 */
export function analyzeCriticalPath(graph: TaskGraph): CriticalPathAnalysis | undefined {
  const levels = bottomLevels(graph);
  if (!levels) return undefined;
  const { remaining, next, order } = levels;
  const n = graph.size;
  const es = new Float64Array(n);
  const ef = new Float64Array(n);
  let length = 0;
  let totalWork = 0;
  for (const v of order) {
    let start = 0;
    for (const d of graph.dependencyIndices(v)) start = Math.max(start, ef[d]!);
    es[v] = start;
    ef[v] = start + graph.estimateAt(v);
    length = Math.max(length, ef[v]!);
    totalWork += graph.estimateAt(v);
  }

  // The longest chain can always be extended back to a task without dependencies (its
  // dependency's tail is at least as long), so starting from sources loses nothing; chasing
  // `next` rather than re-comparing sums keeps floating-point estimates from derailing the walk.
  let source = -1;
  for (let i = 0; i < n; i++) {
    if (graph.dependencyIndices(i).length > 0) continue;
    if (source === -1 || remaining[i]! > remaining[source]!) source = i;
  }
  const criticalPath: string[] = [];
  for (let v = source; v !== -1; v = next[v]!) criticalPath.push(graph.idAt(v));

  const earliestStart = new Map<string, number>();
  const earliestFinish = new Map<string, number>();
  const remainingById = new Map<string, number>();
  const latestStart = new Map<string, number>();
  const slack = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = graph.idAt(i);
    const ls = length - remaining[i]!;
    earliestStart.set(id, es[i]!);
    earliestFinish.set(id, ef[i]!);
    remainingById.set(id, remaining[i]!);
    latestStart.set(id, ls);
    // Forward and backward sums round differently with fractional estimates; a slack of
    // -1e-16 would read as "already late" to callers, so clamp it.
    slack.set(id, Math.max(0, ls - es[i]!));
  }
  return {
    earliestStart,
    earliestFinish,
    remaining: remainingById,
    latestStart,
    slack,
    criticalPath,
    length,
    totalWork,
  };
}
