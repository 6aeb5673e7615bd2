// How tall each Kanban card is, for the virtual lists' position index. Only rendered cards can
// be measured; the rest are estimated from cards of the same shape (which optional lines they
// show), so a column's scroll height is right to within a few pixels before it is ever scrolled.
import type { BoardTask } from '../../../src/shared/boardTypes';

/** Before any card is measured: a card of three lines and its gap, in px. */
const FIRST_GUESS = 80;
/** Samples per shape before its estimate is frozen: later ones would only make the scrollbar twitch. */
const SAMPLES = 32;

export class CardHeights {
  readonly #measured = new Map<string, { shape: string; px: number }>();
  readonly #typical = new Map<string, { sum: number; n: number }>();
  #gap: number | undefined;
  /** Bumped when an estimate changes: every list's position index is then out of date. */
  version = 0;

  /** The card's height plus the gap below it: measured if it was, estimated if not. */
  of(task: BoardTask): number {
    const shape = shapeOf(task);
    const m = this.#measured.get(task.id);
    if (m && m.shape === shape) return m.px;
    const t = this.#typical.get(shape);
    return t ? Math.round(t.sum / t.n) : FIRST_GUESS;
  }

  /** Records a rendered card's height; true when it differs from what the index assumed. */
  measure(task: BoardTask, el: HTMLElement): boolean {
    // The gap is the card's bottom margin (board.css), read once rather than copied here.
    this.#gap ??= parseFloat(getComputedStyle(el).marginBottom) || 0;
    const px = el.offsetHeight + this.#gap;
    if (px === this.#gap) return false; // not laid out (a hidden tab): nothing learnt
    const before = this.of(task);
    const shape = shapeOf(task);
    this.#measured.set(task.id, { shape, px });
    const t = this.#typical.get(shape);
    const estimate = t && Math.round(t.sum / t.n);
    if (!t) this.#typical.set(shape, { sum: px, n: 1 });
    else if (t.n < SAMPLES) {
      t.sum += px;
      t.n++;
    }
    if (!t || estimate !== Math.round(t.sum / t.n)) this.version++;
    return px !== before;
  }

  /** Forgets every measurement: the columns changed width, so text wraps differently. */
  clear(): void {
    this.#measured.clear();
    this.#typical.clear();
    this.version++;
  }
}

/** Which optional lines a card shows (see `updateCard`): what its height mostly depends on. */
function shapeOf(task: BoardTask): string {
  const reason = task.reason !== undefined && task.status !== 'done' && task.status !== 'running';
  const team = (task.progress && (task.status === 'running' || task.status === 'blocked') ? 1 : 0) + (task.question ? 1 : 0);
  return `${reason ? 'r' : ''}${task.status === 'review' ? 'v' : ''}${task.status === 'running' || task.attempts > 1 || task.costUsd ? 'm' : ''}${team ? `t${team}` : ''}`;
}
