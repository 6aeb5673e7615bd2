/**
 * Orders heap items: negative if `a` must come out before `b`, positive if after, 0 if either.
 * The heap is not stable, so comparators that need determinism must break ties themselves
 * (every caller in this folder falls back to the input index).
 */
export type Comparator<T> = (a: T, b: T) => number;

/** A binary min-heap under a comparator: O(log n) push and pop, O(1) peek. */
export class BinaryHeap<T> {
  private readonly items: T[] = [];
  private readonly compare: Comparator<T>;

  constructor(compare: Comparator<T>, initial?: Iterable<T>) {
    this.compare = compare;
    if (initial) {
      for (const item of initial) this.items.push(item);
      // Floyd's bottom-up heapify is O(n), cheaper than n pushes for the initial ready set.
      for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    }
  }

  /** Number of items in the heap. */
  get size(): number {
    return this.items.length;
  }

  /** Adds an item. */
  push(item: T): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /** The first item without removing it, or undefined when empty. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Removes and returns the first item, or undefined when empty. */
  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(at: number): void {
    const items = this.items;
    const item = items[at]!;
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (this.compare(item, p) >= 0) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  private siftDown(at: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[at]!;
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.compare(items[right]!, items[left]!) < 0) child = right;
      const c = items[child]!;
      if (this.compare(c, item) >= 0) break;
      items[i] = c;
      i = child;
    }
    items[i] = item;
  }
}
