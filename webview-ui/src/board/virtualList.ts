// One Kanban list (a column, or a column within a swimlane) that renders only the cards in view.
// Layout and paint of thousands of cards, not script, is what made a 2,000-task board drop frames
// under a stream of deltas; so the list holds its tasks as ids, keeps a position index of their
// heights, and puts in the DOM the cards within the visible part plus an overscan, between two
// padding spacers (`--before`, `--after`) that give it its full scroll height. Cards keep file
// order in the DOM, and `aria-posinset` / `aria-setsize` tell assistive technology where each
// rendered card sits in the whole list.
import type { BoardColumn } from '../../../src/shared/boardTypes';
import type { CardHeights } from './cardHeights';
import type { CardPool } from './cardPool';
import type { TaskStore } from './taskStore';

/** Rendered beyond each edge of the visible part, in px: a wheel turn never shows an empty list. */
const OVERSCAN_PX = 480;

export interface ListContext {
  store: TaskStore;
  heights: CardHeights;
  pool: CardPool;
  /**
   * Cards rendered wherever they are, out of flow at their place when outside the window: the
   * current card (so Tab reaches it and scrolling does not take its focus) and a dragged one (so
   * the drag survives its source scrolling away).
   */
  pinned: ReadonlySet<string>;
  /** The board's scroller, which lists scroll with when they do not scroll on their own. */
  grid: HTMLElement;
}

/** The visible part of a list, in px from the top of its first card. */
export interface ListViewport {
  top: number;
  bottom: number;
}

export class VirtualList {
  readonly el: HTMLElement;
  readonly column: BoardColumn;
  readonly lane: string;
  readonly #ctx: ListContext;
  /** Without swimlanes each list is its own scroller; with them, the board scrolls. */
  readonly #ownScroll: boolean;
  /** The list's tasks, in file order; replaced, never changed in place (see `#seen`). */
  #ids: readonly string[] = [];
  /** Top of each card, then the list's height: the position index (n + 1 entries). */
  #offsets = new Float64Array(1);
  #stale = true;
  #heightsVersion = -1;
  #dirty = true;
  #start = 0;
  #end = 0;
  /** Ids of the cards in the DOM, in DOM order (file order). */
  #shown: string[] = [];
  /**
   * The ids and offsets the DOM was last rendered from: the coordinates the person scrolled in.
   * When the index changes under them, the list scrolls by as much as the card at the top moved.
   */
  #seen: { ids: readonly string[]; offsets: Float64Array } | undefined;
  #spacers = { before: '', after: '' };

  constructor(el: HTMLElement, column: BoardColumn, lane: string, ownScroll: boolean, ctx: ListContext) {
    this.el = el;
    this.column = column;
    this.lane = lane;
    this.#ownScroll = ownScroll;
    this.#ctx = ctx;
  }

  get size(): number {
    return this.#ids.length;
  }

  idAt(index: number): string | undefined {
    return this.#ids[index];
  }

  /** A task's index here, or -1 (a binary search on file order). */
  indexOf(id: string): number {
    const i = this.#search(id);
    return this.#ids[i] === id ? i : -1;
  }

  /** The index of the card at `y` px from the top of the first card, clamped to the list. */
  indexAt(y: number): number {
    return indexIn(this.#layout(), this.#ids.length, y);
  }

  offsetOf(index: number): number {
    return this.#layout()[index] ?? 0;
  }

  /** How far the list itself is scrolled (0 when the board scrolls instead). */
  scrollTop(): number {
    return this.#ownScroll ? this.el.scrollTop : 0;
  }

  reset(ids: readonly string[]): void {
    this.#ids = ids;
    this.#seen = undefined;
    this.#stale = this.#dirty = true;
  }

  insert(id: string): void {
    const i = this.#search(id);
    if (this.#ids[i] === id) return;
    this.#ids = this.#ids.toSpliced(i, 0, id);
    this.#stale = this.#dirty = true;
  }

  remove(id: string): void {
    const i = this.indexOf(id);
    if (i < 0) return;
    this.#ids = this.#ids.toSpliced(i, 1);
    this.#stale = this.#dirty = true;
  }

  /** A task here changed: its card is rewritten if rendered, and its height may differ. */
  changed(id: string): void {
    this.#stale = true;
    if (this.#shown.includes(id)) this.#dirty = true;
  }

  /** Something about the rendered cards changed (pinning, a card's height): reconcile and measure. */
  markDirty(): void {
    this.#dirty = true;
  }

  /** Ids of the rendered cards. */
  shown(): readonly string[] {
    return this.#shown;
  }

  /** Reads the visible part (undefined when nothing is laid out, as in a hidden tab). */
  viewport(gridTop: number): ListViewport | undefined {
    if (this.#ownScroll) {
      const height = this.el.clientHeight;
      return height ? { top: this.el.scrollTop, bottom: this.el.scrollTop + height } : undefined;
    }
    const height = this.#ctx.grid.clientHeight;
    const top = gridTop - this.el.getBoundingClientRect().top;
    return height ? { top, bottom: top + height } : undefined;
  }

  /**
   * Puts the cards of the window around `view` in the DOM, recycling the ones that left it.
   * Returns whether cards were placed or rewritten (and so need measuring).
   */
  render(view: ListViewport): boolean {
    const offsets = this.#layout();
    // Keep what the person is looking at still when cards above it come, go, or turn out taller
    // than estimated (the browser's own scroll anchoring is off: it would chase the spacers).
    const shift = this.#ownScroll && view.top > 0 ? this.#shiftSinceSeen(view) : 0;
    const top = view.top + shift;
    const bottom = view.bottom + shift;
    const n = this.#ids.length;
    const total = offsets[n]!;
    let start = this.indexAt(top - OVERSCAN_PX);
    let end = Math.min(n, this.indexAt(bottom + OVERSCAN_PX) + 1);
    if (bottom + OVERSCAN_PX < 0) start = end = 0;
    else if (top - OVERSCAN_PX >= total) start = end = n;
    const changed = this.#dirty || start !== this.#start || end !== this.#end;
    if (changed) this.#reconcile(start, end);
    this.#setSpacers(offsets[start]!, total - offsets[end]!);
    if (shift) this.el.scrollTop = top;
    this.#seen = { ids: this.#ids, offsets };
    return changed;
  }

  /** Measures the rendered cards; true when the position index changed (render again). */
  measure(): boolean {
    const { heights, pool, store } = this.#ctx;
    let changed = false;
    for (const id of this.#shown) {
      const parts = pool.get(id);
      const task = store.tasks.get(id);
      if (parts && task && heights.measure(task, parts.el)) changed = true;
    }
    if (changed) this.#stale = this.#dirty = true;
    return changed;
  }

  /** Every height changed (the columns were resized). */
  invalidate(): void {
    this.#stale = this.#dirty = true;
  }

  #reconcile(start: number, end: number): void {
    const { pool, store, pinned } = this.#ctx;
    const before: number[] = [];
    const after: number[] = [];
    for (const id of pinned) {
      const i = this.indexOf(id);
      if (i >= 0 && i < start) before.push(i);
      else if (i >= end) after.push(i);
    }
    before.sort((a, b) => a - b);
    after.sort((a, b) => a - b);
    const sequence = [...before];
    for (let i = start; i < end; i++) sequence.push(i);
    sequence.push(...after);
    const next = sequence.map((i) => this.#ids[i]!);
    // Cards leaving go first, so that the walk below never moves a card that stays: moving the
    // focused card would blur it.
    const keep = new Set(next);
    for (const id of this.#shown) {
      const el = keep.has(id) ? undefined : pool.get(id)?.el;
      if (el?.parentElement === this.el) el.remove();
    }
    const now = store.now();
    const n = String(this.#ids.length);
    let cursor = this.el.firstElementChild;
    sequence.forEach((index, k) => {
      const parts = pool.acquire(store.tasks.get(next[k]!)!, now);
      const el = parts.el;
      const out = index < start || index >= end;
      if (el.classList.contains('pinned') !== out) el.classList.toggle('pinned', out);
      const top = out ? `${this.#offsets[index]}px` : '';
      if (el.style.top !== top) el.style.top = top;
      if (el.getAttribute('aria-posinset') !== String(index + 1)) el.setAttribute('aria-posinset', String(index + 1));
      if (el.getAttribute('aria-setsize') !== n) el.setAttribute('aria-setsize', n);
      if (el === cursor) cursor = cursor.nextElementSibling;
      else this.el.insertBefore(el, cursor);
    });
    this.#shown = next;
    this.#start = start;
    this.#end = end;
    this.#dirty = false;
  }

  #setSpacers(before: number, after: number): void {
    const b = `${before}px`;
    const a = `${after}px`;
    if (this.#spacers.before !== b) this.el.style.setProperty('--before', b);
    if (this.#spacers.after !== a) this.el.style.setProperty('--after', a);
    this.#spacers = { before: b, after: a };
  }

  /**
   * How far the index moved what the person sees since the DOM was rendered: the card at the top
   * of the view, or the end of the list if they were at its end.
   */
  #shiftSinceSeen(view: ListViewport): number {
    const seen = this.#seen;
    if (!seen || (seen.ids === this.#ids && seen.offsets === this.#offsets)) return 0;
    const old = seen.ids.length;
    if (view.bottom + 1 >= this.el.scrollHeight) return this.#offsets[this.#ids.length]! - seen.offsets[old]!;
    for (let k = indexIn(seen.offsets, old, view.top); k < old; k++) {
      const i = this.indexOf(seen.ids[k]!);
      if (i >= 0) return this.#offsets[i]! - seen.offsets[k]!;
    }
    return 0;
  }

  /** Rebuilds the position index if heights, estimates or ids changed since. */
  #layout(): Float64Array {
    const { store, heights } = this.#ctx;
    if (heights.version !== this.#heightsVersion) this.#stale = true;
    if (!this.#stale) return this.#offsets;
    const n = this.#ids.length;
    const offsets = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const task = store.tasks.get(this.#ids[i]!);
      offsets[i + 1] = offsets[i]! + (task ? heights.of(task) : 0);
    }
    this.#offsets = offsets;
    this.#stale = false;
    this.#heightsVersion = heights.version;
    return offsets;
  }

  /** Where `id` is or would go, by file order. */
  #search(id: string): number {
    const order = this.#ctx.store.order;
    const key = order.get(id) ?? Infinity;
    let lo = 0;
    let hi = this.#ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((order.get(this.#ids[mid]!) ?? Infinity) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The index of the entry of `offsets` (n entries and an end) at `y`, clamped to 0..n-1. */
function indexIn(offsets: Float64Array, n: number, y: number): number {
  let lo = 0;
  let hi = Math.max(0, n - 1);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
