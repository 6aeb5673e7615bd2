import type { TaskGraph } from './taskGraph';

/**
 * The dependants of `id` that become ready once `id` finishes: every other dependency is in
 * `done`, and the dependant itself is not. Input order; [] for an unknown id. Whether `id` is
 * itself in `done` does not matter. O(sum of the dependants' dependency counts).
 */
export function unblockedBy(graph: TaskGraph, id: string, done: ReadonlySet<string>): string[] {
  const v = graph.indexOf(id);
  if (v === -1) return [];
  const result: string[] = [];
  for (const d of graph.dependantIndices(v)) {
    const dependant = graph.idAt(d);
    if (done.has(dependant)) continue;
    if (graph.dependencyIndices(d).every((x) => x === v || done.has(graph.idAt(x)))) result.push(dependant);
  }
  return result;
}

/**
 * Everything that (transitively) depends on `id`, in input order, never `id` itself even when
 * it sits on a cycle. [] for an unknown id. O(reached nodes and edges + k log k).
 */
export function transitiveDependants(graph: TaskGraph, id: string): string[] {
  return reach(graph, id, (i) => graph.dependantIndices(i));
}

/**
 * Everything `id` (transitively) depends on, in input order, never `id` itself even when it
 * sits on a cycle. [] for an unknown id. O(reached nodes and edges + k log k).
 */
export function transitiveDependencies(graph: TaskGraph, id: string): string[] {
  return reach(graph, id, (i) => graph.dependencyIndices(i));
}

/**
 * Whether adding "`from` depends on `to`" would close a cycle: `from === to`, or `to` already
 * depends on `from` (directly or transitively). False for unknown ids, since an edge to an
 * unknown task cannot close a cycle.
 *
 * One call walks up to the whole graph. To screen many candidates for the same `from` (as in
 * completion), compute `transitiveDependants(graph, from)` once instead: exactly those tasks
 * and `from` itself are excluded.
 */
export function wouldCreateCycle(graph: TaskGraph, from: string, to: string): boolean {
  if (from === to) return true;
  const target = graph.indexOf(from);
  const origin = graph.indexOf(to);
  if (target === -1 || origin === -1) return false;
  const seen = new Uint8Array(graph.size);
  const stack = [origin];
  seen[origin] = 1;
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    for (const d of graph.dependencyIndices(v)) {
      if (d === target) return true;
      if (seen[d]) continue;
      seen[d] = 1;
      stack.push(d);
    }
  }
  return false;
}

function reach(graph: TaskGraph, id: string, neighbours: (i: number) => readonly number[]): string[] {
  const start = graph.indexOf(id);
  if (start === -1) return [];
  const seen = new Uint8Array(graph.size);
  seen[start] = 1;
  const found: number[] = [];
  // An explicit stack rather than recursion: a 10k-long chain must not overflow.
  const stack = [start];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    for (const w of neighbours(v)) {
      if (seen[w]) continue;
      seen[w] = 1;
      found.push(w);
      stack.push(w);
    }
  }
  found.sort((a, b) => a - b);
  return found.map((i) => graph.idAt(i));
}
