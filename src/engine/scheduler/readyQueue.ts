import { BinaryHeap } from '../graph/binaryHeap';

/** Whether a queued task is still waiting to start; entries for anything else are stale. */
export type IsPending = (i: number) => boolean;

/**
 * Ready tasks by rank, plus sync points (which need no slot, so they never queue behind
 * agents) and backoff holds. Entries are removed lazily: a task that started or finished
 * since it was queued is dropped when it surfaces, so no state change ever searches a heap.
 *
 * Ranked tasks sit in buckets of tasks that compete for exactly the same slots (one assignee
 * and team, or one team's pool). When a bucket's best task cannot be placed, none of the
 * bucket can, so a dispatch skips the whole bucket instead of popping past every task of a
 * busy agent: O((buckets + placed) log n) per dispatch rather than O(ready log ready).
 */
export class ReadyQueue {
  readonly #compare: (a: number, b: number) => number;
  readonly #bucketOf: Int32Array;
  readonly #buckets: BinaryHeap<number>[];
  readonly #queued: Uint8Array;
  readonly #sync = new Set<number>();
  readonly #held = new BinaryHeap<{ i: number; until: number }>((a, b) => a.until - b.until || a.i - b.i);
  readonly #holdUntil: Float64Array;

  /**
   * @param compare orders task indices, negative when the first goes first.
   * @param bucketOf per task index, its bucket (0-based, dense); ignored for sync points.
   */
  constructor(compare: (a: number, b: number) => number, bucketOf: Int32Array) {
    const size = bucketOf.length;
    this.#compare = compare;
    this.#bucketOf = bucketOf;
    const count = bucketOf.reduce((max, b) => Math.max(max, b + 1), 0);
    this.#buckets = Array.from({ length: count }, () => new BinaryHeap<number>(compare));
    this.#queued = new Uint8Array(size);
    this.#holdUntil = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
  }

  /** Queues a ready task (idempotent). */
  add(i: number, sync: boolean): void {
    if (sync) this.#sync.add(i);
    else if (!this.#queued[i]) {
      this.#queued[i] = 1;
      this.#buckets[this.#bucketOf[i]!]!.push(i);
    }
  }

  /** Not eligible before `until`; a later call replaces the time. */
  hold(i: number, until: number): void {
    this.#holdUntil[i] = until;
    this.#held.push({ i, until });
  }

  /** When the earliest hold on a pending task ends; undefined if none. */
  nextWakeAt(isPending: IsPending): number | undefined {
    for (let top = this.#held.peek(); top; top = this.#held.peek()) {
      if (isPending(top.i) && this.#holdUntil[top.i] === top.until) return top.until;
      this.#held.pop();
    }
    return undefined;
  }

  /**
   * Tasks whose hold ended by `now`, for the caller to re-release: only it knows whether they
   * are ready (dependencies, sync point, assignable) — the queue does not.
   */
  expired(now: number): number[] {
    const out: number[] = [];
    for (let top = this.#held.peek(); top && top.until <= now; top = this.#held.peek()) {
      this.#held.pop();
      if (this.#holdUntil[top.i]! <= now) out.push(top.i);
    }
    return out;
  }

  /** Sync points that may start at `now`, in the order they became ready. */
  syncReady(now: number, isPending: IsPending): number[] {
    const out: number[] = [];
    for (const i of this.#sync) {
      if (!isPending(i)) this.#sync.delete(i);
      else if (this.#holdUntil[i]! <= now) out.push(i);
    }
    return out;
  }

  /**
   * Offers ranked tasks eligible at `now` to `place`, best first, while `hasRoom()` holds;
   * `place` returns whether it placed the task. A task it could not place closes its bucket
   * for this dispatch. Every task offered stays queued afterwards: the caller only plans, and
   * a task passed over (its agent or team full) must not lose its place.
   */
  drain(now: number, isPending: IsPending, hasRoom: () => boolean, place: (i: number) => boolean): void {
    const heads = new BinaryHeap<number>((a, b) => this.#compare(this.#buckets[a]!.peek()!, this.#buckets[b]!.peek()!));
    this.#buckets.forEach((_, b) => {
      if (this.#clean(b, now, isPending)) heads.push(b);
    });
    const offered: number[] = [];
    while (hasRoom()) {
      const b = heads.pop();
      if (b === undefined) break;
      const i = this.#buckets[b]!.pop()!;
      this.#queued[i] = 0;
      offered.push(i);
      // Placed: the bucket's next task competes again. Not placed: nothing behind it can be.
      if (place(i) && this.#clean(b, now, isPending)) heads.push(b);
    }
    for (const i of offered) this.add(i, false);
  }

  /** Drops stale and held tasks off the top of bucket `b`; whether a task is left there. */
  #clean(b: number, now: number, isPending: IsPending): boolean {
    const bucket = this.#buckets[b]!;
    for (let i = bucket.peek(); i !== undefined; i = bucket.peek()) {
      if (isPending(i) && this.#holdUntil[i]! <= now) return true;
      bucket.pop();
      this.#queued[i] = 0;
      // Re-armed rather than trusted to an older entry, so asking about an earlier time after
      // a later one cannot lose the task.
      if (isPending(i)) this.#held.push({ i, until: this.#holdUntil[i]! });
    }
    return false;
  }
}
