import { BinaryHeap } from './binaryHeap';
import type { TaskGraph } from './taskGraph';

/**
 * Topological order as input indices (dependencies first, ties by input order), or undefined
 * if there is a cycle. The index form is what the other algorithms in this folder build on.
 *
 * Kahn's algorithm with a min-heap of ready indices: O((nodes + edges) log nodes). The heap
 * is what makes the order stable: among tasks ready at the same time, the one written first
 * comes first, which is the order a human reading the sprint file expects.
 */
export function topologicalIndices(graph: TaskGraph): Int32Array | undefined {
  const n = graph.size;
  const pending = new Int32Array(n);
  const ready: number[] = [];
  for (let i = 0; i < n; i++) {
    pending[i] = graph.dependencyIndices(i).length;
    if (pending[i] === 0) ready.push(i);
  }
  const heap = new BinaryHeap<number>((a, b) => a - b, ready);
  const order = new Int32Array(n);
  let count = 0;
  for (let v = heap.pop(); v !== undefined; v = heap.pop()) {
    order[count++] = v;
    for (const w of graph.dependantIndices(v)) {
      const left = pending[w]! - 1;
      pending[w] = left;
      if (left === 0) heap.push(w);
    }
  }
  return count === n ? order : undefined;
}

/**
 * Task ids with every dependency before its dependants; among tasks whose dependencies are
 * all placed, the one earliest in the input goes first. Undefined if there is a cycle.
 */
export function topologicalOrder(graph: TaskGraph): string[] | undefined {
  const order = topologicalIndices(graph);
  if (!order) return undefined;
  return Array.from(order, (i) => graph.idAt(i));
}

/** Level per input index (see {@link dependencyLevels}), or undefined on a cycle. */
export function levelIndices(graph: TaskGraph): Int32Array | undefined {
  const order = topologicalIndices(graph);
  if (!order) return undefined;
  const level = new Int32Array(graph.size);
  for (const v of order) {
    let max = -1;
    for (const d of graph.dependencyIndices(v)) max = Math.max(max, level[d]!);
    level[v] = max + 1;
  }
  return level;
}

/**
 * Dependency depth of every task: 0 for tasks with no dependencies, otherwise one more than
 * the deepest dependency. Undefined if there is a cycle. Map iteration follows input order.
 */
export function dependencyLevels(graph: TaskGraph): Map<string, number> | undefined {
  const level = levelIndices(graph);
  if (!level) return undefined;
  const result = new Map<string, number>();
  for (let i = 0; i < graph.size; i++) result.set(graph.idAt(i), level[i]!);
  return result;
}

/**
 * Tasks grouped by {@link dependencyLevels}: element k lists level k's tasks in input order.
 * Every level from 0 to the deepest is non-empty. Undefined if there is a cycle.
 */
export function groupByLevel(graph: TaskGraph): string[][] | undefined {
  const level = levelIndices(graph);
  if (!level) return undefined;
  const groups: string[][] = [];
  for (let i = 0; i < graph.size; i++) {
    const k = level[i]!;
    while (groups.length <= k) groups.push([]);
    groups[k]!.push(graph.idAt(i));
  }
  return groups;
}
