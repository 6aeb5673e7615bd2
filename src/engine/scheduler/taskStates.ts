import type { TaskGraph } from '../graph/taskGraph';

/**
 * Where a task stands, as far as the scheduler cares. `review` is the engine's review gate:
 * the agent has finished (its slot is free) but dependants still wait.
 */
export type TaskStatus = 'pending' | 'running' | 'review' | 'done' | 'failed' | 'blocked' | 'skipped' | 'cancelled';

function satisfies(s: TaskStatus): boolean {
  return s === 'done' || s === 'skipped';
}

function breaks(s: TaskStatus): boolean {
  return s === 'failed' || s === 'blocked' || s === 'cancelled';
}

/**
 * Task statuses plus, per task, counts over its dependencies, kept up to date on every change
 * so readiness is O(1) and a finish costs O(dependants) — never a rescan of the sprint.
 *
 * The dependency rule: a dependency is satisfied when it is done or skipped, and broken when
 * it failed, is blocked or was cancelled. A task whose dependencies are all satisfied runs if
 * at least one of them is done (or it has none); if every one was skipped it is skipped too.
 * Fan-in after a conditional therefore still runs when one branch ran, and a chain hanging
 * off a branch that was not taken is skipped with it.
 */
export class TaskStates {
  readonly #graph: TaskGraph;
  readonly #status: TaskStatus[];
  /** Dependencies neither done nor skipped. */
  readonly #open: Int32Array;
  readonly #done: Int32Array;
  readonly #broken: Int32Array;
  /** Pending tasks whose fate may be sealed (a broken dependency, or all skipped); pruned lazily. */
  readonly #watch = new Set<number>();

  constructor(graph: TaskGraph) {
    this.#graph = graph;
    const n = graph.size;
    this.#status = new Array<TaskStatus>(n).fill('pending');
    this.#open = Int32Array.from({ length: n }, (_, i) => graph.dependencyIndices(i).length);
    this.#done = new Int32Array(n);
    this.#broken = new Int32Array(n);
  }

  /** The status of task index `i`. */
  status(i: number): TaskStatus {
    return this.#status[i]!;
  }

  /** Every dependency is done or skipped and at least one is done (or there are none). */
  depsSatisfied(i: number): boolean {
    return this.#open[i] === 0 && (this.#done[i]! > 0 || this.#graph.dependencyIndices(i).length === 0);
  }

  /** Every dependency was skipped, so this task is skipped too. */
  allDepsSkipped(i: number): boolean {
    return this.#open[i] === 0 && this.#done[i] === 0 && this.#graph.dependencyIndices(i).length > 0;
  }

  /** Dependencies that failed, are blocked or were cancelled, in the order written. */
  brokenDeps(i: number): number[] {
    if (this.#broken[i] === 0) return [];
    return this.#graph.dependencyIndices(i).filter((d) => breaks(this.#status[d]!));
  }

  /**
   * Changes a status and updates the dependants' counts. Returns the dependants whose last
   * open dependency just closed: the callers' candidates for the ready queue.
   */
  set(i: number, next: TaskStatus): number[] {
    const prev = this.#status[i]!;
    this.#status[i] = next;
    const opened = (satisfies(prev) ? 1 : 0) - (satisfies(next) ? 1 : 0);
    const done = (next === 'done' ? 1 : 0) - (prev === 'done' ? 1 : 0);
    const broken = (breaks(next) ? 1 : 0) - (breaks(prev) ? 1 : 0);
    if (opened === 0 && done === 0 && broken === 0) return [];
    const released: number[] = [];
    for (const d of this.#graph.dependantIndices(i)) {
      this.#open[d]! += opened;
      this.#done[d]! += done;
      this.#broken[d]! += broken;
      if (opened < 0 && this.#open[d] === 0) released.push(d);
      if (broken > 0 || (opened < 0 && this.allDepsSkipped(d))) this.#watch.add(d);
    }
    return released;
  }

  /** Pending tasks that can never run (a broken dependency) or must be skipped, in input order. */
  sealed(): { blocked: number[]; skipped: number[] } {
    const blocked: number[] = [];
    const skipped: number[] = [];
    for (const i of this.#watch) {
      if (this.#status[i] !== 'pending') this.#watch.delete(i);
      else if (this.#broken[i]! > 0) blocked.push(i);
      else if (this.allDepsSkipped(i)) skipped.push(i);
      else this.#watch.delete(i);
    }
    blocked.sort((a, b) => a - b);
    skipped.sort((a, b) => a - b);
    return { blocked, skipped };
  }
}
