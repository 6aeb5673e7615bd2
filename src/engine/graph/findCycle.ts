import type { TaskGraph } from './taskGraph';

const WHITE = 0;
const GREY = 1;
const BLACK = 2;

/**
 * Finds one dependency cycle, as a closed path `[a, b, c, a]` in which each task depends on
 * the next; a self-dependency gives `[a, a]`. Undefined when the graph is acyclic.
 *
 * Depth-first over dependencies, starting from tasks in input order and following each task's
 * dependencies in the order written, so the answer is deterministic. Iterative: a 10k-long
 * chain must not overflow the call stack. O(nodes + edges).
 */
export function findCycle(graph: TaskGraph): string[] | undefined {
  const n = graph.size;
  const colour = new Uint8Array(n);
  const edgePos = new Int32Array(n);
  // Where each grey task sits on the path, so the cycle can be sliced out in O(cycle).
  const depth = new Int32Array(n);
  const path: number[] = [];
  for (let root = 0; root < n; root++) {
    if (colour[root] !== WHITE) continue;
    colour[root] = GREY;
    depth[root] = 0;
    path.push(root);
    while (path.length > 0) {
      const v = path[path.length - 1]!;
      const deps = graph.dependencyIndices(v);
      const pos = edgePos[v]!;
      if (pos < deps.length) {
        edgePos[v] = pos + 1;
        const w = deps[pos]!;
        const c = colour[w];
        if (c === WHITE) {
          colour[w] = GREY;
          depth[w] = path.length;
          path.push(w);
        } else if (c === GREY) {
          const cycle = path.slice(depth[w]!).map((i) => graph.idAt(i));
          cycle.push(graph.idAt(w));
          return cycle;
        }
      } else {
        colour[v] = BLACK;
        path.pop();
      }
    }
  }
  return undefined;
}

/**
 * Finds every cyclic knot in the graph: one closed path per strongly connected component with
 * two or more tasks, plus `[a, a]` for every self-dependency (including ones inside a larger
 * component, which the loader reports as `self-dependency`). Each path is written like
 * {@link findCycle}'s, so reporting every consecutive pair flags real edges only.
 *
 * Within a component the path is a shortest cycle through the component's first task (by
 * input order), which keeps the reported edge list small. Components come in order of their
 * first task; a component's self-loops follow its cycle, in input order. O(nodes + edges).
 */
export function findCycles(graph: TaskGraph): string[][] {
  const n = graph.size;
  const { component, componentSize } = stronglyConnectedComponents(graph);
  const cycles: string[][] = [];
  const emitted = new Uint8Array(componentSize.length);
  // Every task belongs to one component, so one shared parent array serves every search.
  const parent = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) {
    const comp = component[s]!;
    if (emitted[comp]) continue;
    emitted[comp] = 1;
    if (componentSize[comp]! > 1) {
      cycles.push(shortestCycleThrough(graph, s, component, parent));
      // Members are scanned from s upward: s is the component's smallest index.
      for (let i = s; i < n; i++) {
        if (component[i] === comp && hasSelfLoop(graph, i)) cycles.push([graph.idAt(i), graph.idAt(i)]);
      }
    } else if (hasSelfLoop(graph, s)) {
      cycles.push([graph.idAt(s), graph.idAt(s)]);
    }
  }
  return cycles;
}

function hasSelfLoop(graph: TaskGraph, i: number): boolean {
  return graph.dependencyIndices(i).includes(i);
}

/** Breadth-first within `s`'s component; the component has >= 2 tasks, so a cycle exists. */
function shortestCycleThrough(graph: TaskGraph, s: number, component: Int32Array, parent: Int32Array): string[] {
  const comp = component[s]!;
  const queue: number[] = [s];
  parent[s] = s;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of graph.dependencyIndices(v)) {
      if (w === v || component[w] !== comp) continue;
      if (w === s) {
        const reversed: number[] = [];
        for (let x = v; x !== s; x = parent[x]!) reversed.push(x);
        reversed.push(s);
        const cycle = reversed.reverse().map((i) => graph.idAt(i));
        cycle.push(graph.idAt(s));
        return cycle;
      }
      if (parent[w] !== -1) continue;
      parent[w] = v;
      queue.push(w);
    }
  }
  throw new Error(`Internal error: no cycle through \`${graph.idAt(s)}\` in its component`);
}

/**
 * Tarjan's algorithm, iterative. Returns each task's component number and each component's
 * size; component numbers are in reverse topological order of the condensation.
 */
export function stronglyConnectedComponents(graph: TaskGraph): { component: Int32Array; componentSize: number[] } {
  const n = graph.size;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const edgePos = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const componentSize: number[] = [];
  const stack: number[] = [];
  const calls: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    calls.push(root);
    while (calls.length > 0) {
      const v = calls[calls.length - 1]!;
      const deps = graph.dependencyIndices(v);
      const pos = edgePos[v]!;
      if (pos < deps.length) {
        edgePos[v] = pos + 1;
        const w = deps[pos]!;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          calls.push(w);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, order[w]!);
        }
        continue;
      }
      calls.pop();
      const caller = calls[calls.length - 1];
      if (caller !== undefined) low[caller] = Math.min(low[caller]!, low[v]!);
      if (low[v] === order[v]) {
        const comp = componentSize.length;
        let size = 0;
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          component[w] = comp;
          size++;
          if (w === v) break;
        }
        componentSize.push(size);
      }
    }
  }
  return { component, componentSize };
}

/**
 * {@link findCycles} of `graph`, which is `previous` with some tasks' edges changed (see
 * `TaskGraph.withReplacedNodes`; `previousCycles` being `findCycles(previous)`). When `previous`
 * had no cycle, only an added edge can close one, and edge i → j does exactly when j reaches i:
 * a search from each changed task's added dependencies answers "still acyclic" without
 * visiting the rest of the graph. Any cycle, new or old, is reported by `findCycles` itself, so
 * the editor and the scheduler see the same paths.
 */
export function findCyclesAfterChange(previous: TaskGraph, previousCycles: readonly string[][], graph: TaskGraph): string[][] {
  if (previousCycles.length > 0 || previous.size !== graph.size) return findCycles(graph);
  for (let i = 0; i < graph.size; i++) {
    const now = graph.dependencyIndices(i);
    const then = previous.dependencyIndices(i);
    // A task whose edges did not change shares its list with the previous graph.
    if (now === then) continue;
    const before = new Set(then);
    const added = now.filter((j) => !before.has(j));
    if (added.length > 0 && reaches(graph, added, i)) return findCycles(graph);
  }
  return [];
}

/** Whether `target` can be reached from any of `starts` by following dependencies. */
function reaches(graph: TaskGraph, starts: readonly number[], target: number): boolean {
  const visited = new Uint8Array(graph.size);
  const stack = [...starts];
  for (const s of starts) visited[s] = 1;
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (v === target) return true;
    for (const w of graph.dependencyIndices(v)) {
      if (visited[w]) continue;
      visited[w] = 1;
      stack.push(w);
    }
  }
  return false;
}
