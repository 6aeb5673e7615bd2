import { BinaryHeap } from './binaryHeap';
import { bottomLevels } from './criticalPath';
import type { TaskGraph } from './taskGraph';
import { levelIndices } from './topology';

/** A simulated run: when each task starts and finishes, and on which worker (0-based). */
export interface ScheduleResult {
  /** Latest finish time (0 for an empty graph). */
  makespan: number;
  start: Map<string, number>;
  finish: Map<string, number>;
  /** Worker index in [0, workers); a starting task takes the lowest-numbered free worker. */
  workerOf: Map<string, number>;
}

/** Options for {@link listSchedule}. */
export interface ListScheduleOptions {
  /**
   * Priority key per task, compared element by element, larger first; equal keys (or keys
   * equal over their common length) fall back to input order. Called once per task.
   * Default: `[remaining (bottom level), -inputIndex]`, i.e. critical-path-first.
   */
  priority?: (id: string) => number[];
}

/** Throws unless `workers` is an integer >= 1; every entry point validates it the same way. */
export function assertWorkers(workers: number): void {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`Expected \`workers\` to be an integer >= 1, got \`${workers}\``);
  }
}

/**
 * A lower bound on any schedule's makespan on `workers` identical workers: the longer of the
 * critical path and the total work spread perfectly. Infinity if there is a cycle (such a
 * graph never finishes). O((nodes + edges) log nodes).
 * @throws RangeError unless `workers` is an integer >= 1.
 */
export function lowerBound(graph: TaskGraph, workers: number): number {
  assertWorkers(workers);
  const levels = bottomLevels(graph);
  if (!levels) return Number.POSITIVE_INFINITY;
  let critical = 0;
  let total = 0;
  for (let i = 0; i < graph.size; i++) {
    critical = Math.max(critical, levels.remaining[i]!);
    total += graph.estimateAt(i);
  }
  return Math.max(critical, total / workers);
}

/**
 * Simulates a non-preemptive list schedule: whenever a worker is free, it starts the ready
 * task (every dependency finished) with the greatest priority key. All completions at one
 * instant are processed before anything starts, so simultaneous releases compete fairly.
 * Undefined if there is a cycle. O((nodes + edges) log nodes + min(workers, nodes)).
 * @throws RangeError unless `workers` is an integer >= 1.
 */
export function listSchedule(graph: TaskGraph, workers: number, options?: ListScheduleOptions): ScheduleResult | undefined {
  assertWorkers(workers);
  const n = graph.size;
  const compareReady = readyComparator(graph, options?.priority);
  if (!compareReady) return undefined;

  const pending = new Int32Array(n);
  const initial: number[] = [];
  for (let i = 0; i < n; i++) {
    pending[i] = graph.dependencyIndices(i).length;
    if (pending[i] === 0) initial.push(i);
  }
  const ready = new BinaryHeap<number>(compareReady, initial);
  const start = new Float64Array(n);
  const finish = new Float64Array(n);
  const workerOf = new Int32Array(n);
  const running = new BinaryHeap<number>((a, b) => finish[a]! - finish[b]! || a - b);
  const freed = new BinaryHeap<number>((a, b) => a - b);
  // Workers never used yet are handed out by counter, so a huge `workers` costs nothing.
  let fresh = 0;
  let time = 0;
  let done = 0;

  for (;;) {
    while (ready.size > 0 && (freed.size > 0 || fresh < workers)) {
      const t = ready.pop()!;
      const w = freed.size > 0 ? freed.pop()! : fresh++;
      start[t] = time;
      finish[t] = time + graph.estimateAt(t);
      workerOf[t] = w;
      running.push(t);
    }
    const first = running.pop();
    if (first === undefined) break;
    time = finish[first]!;
    for (let t: number | undefined = first; t !== undefined; t = nextAt(running, finish, time)) {
      done++;
      freed.push(workerOf[t]!);
      for (const d of graph.dependantIndices(t)) {
        const left = pending[d]! - 1;
        pending[d] = left;
        if (left === 0) ready.push(d);
      }
    }
  }
  // Tasks on a cycle never become ready.
  if (done < n) return undefined;
  return toResult(graph, start, finish, workerOf);
}

/**
 * The seed's naive strategy, kept as a benchmark baseline: dependency levels run one after
 * another with a barrier between them; within a level, longest task first onto the earliest
 * free worker. Undefined if there is a cycle.
 * @throws RangeError unless `workers` is an integer >= 1.
 */
export function levelByLevelSchedule(graph: TaskGraph, workers: number): ScheduleResult | undefined {
  assertWorkers(workers);
  const level = levelIndices(graph);
  if (!level) return undefined;
  const n = graph.size;
  const byLevel: number[][] = [];
  for (let i = 0; i < n; i++) {
    const k = level[i]!;
    while (byLevel.length <= k) byLevel.push([]);
    byLevel[k]!.push(i);
  }
  const start = new Float64Array(n);
  const finish = new Float64Array(n);
  const workerOf = new Int32Array(n);
  let barrier = 0;
  for (const tasks of byLevel) {
    tasks.sort((a, b) => graph.estimateAt(b) - graph.estimateAt(a) || a - b);
    // Only as many workers as tasks can matter, which keeps a chain at huge `workers` linear.
    const used = Math.min(workers, tasks.length);
    const freeAt = new Float64Array(used).fill(barrier);
    const free = new BinaryHeap<number>((a, b) => freeAt[a]! - freeAt[b]! || a - b, Array.from({ length: used }, (_, w) => w));
    let levelEnd = barrier;
    for (const t of tasks) {
      const w = free.pop()!;
      start[t] = freeAt[w]!;
      finish[t] = start[t]! + graph.estimateAt(t);
      workerOf[t] = w;
      freeAt[w] = finish[t]!;
      free.push(w);
      levelEnd = Math.max(levelEnd, finish[t]!);
    }
    barrier = levelEnd;
  }
  return toResult(graph, start, finish, workerOf);
}

function nextAt(running: BinaryHeap<number>, finish: Float64Array, time: number): number | undefined {
  const t = running.peek();
  return t !== undefined && finish[t] === time ? running.pop() : undefined;
}

/** Larger-key-first comparator over task indices, or undefined if the graph has a cycle. */
function readyComparator(graph: TaskGraph, priority: ((id: string) => number[]) | undefined): ((a: number, b: number) => number) | undefined {
  if (!priority) {
    const levels = bottomLevels(graph);
    if (!levels) return undefined;
    const remaining = levels.remaining;
    return (a, b) => remaining[b]! - remaining[a]! || a - b;
  }
  // A custom key skips the bottom-level pass, so the simulation itself must detect cycles
  // (it does: tasks on a cycle never become ready).
  const keys = graph.ids.map((id) => priority(id));
  return (a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    const len = Math.min(ka.length, kb.length);
    for (let k = 0; k < len; k++) {
      const x = ka[k]!;
      const y = kb[k]!;
      if (x > y) return -1;
      if (x < y) return 1;
    }
    return a - b;
  };
}

function toResult(graph: TaskGraph, start: Float64Array, finish: Float64Array, workerOf: Int32Array): ScheduleResult {
  const result: ScheduleResult = { makespan: 0, start: new Map(), finish: new Map(), workerOf: new Map() };
  for (let i = 0; i < graph.size; i++) {
    const id = graph.idAt(i);
    result.start.set(id, start[i]!);
    result.finish.set(id, finish[i]!);
    result.workerOf.set(id, workerOf[i]!);
    result.makespan = Math.max(result.makespan, finish[i]!);
  }
  return result;
}
