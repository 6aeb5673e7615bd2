// The Kanban's card elements. Only the cards in view are bound to tasks; a card scrolled out is
// detached and kept, and the next card scrolled in reuses it, so scrolling a 2,000-card column
// rewrites a few text nodes instead of building and collecting whole cards.
import type { BoardTask } from '../../../src/shared/boardTypes';
import { buildCard, updateCard, type CardLook, type CardParts } from './kanbanCard';

export class CardPool {
  readonly #bound = new Map<string, CardParts>();
  /** The task version each bound card shows: a card is rewritten only when its task changed. */
  readonly #shows = new Map<string, BoardTask>();
  readonly #free: CardParts[] = [];
  /** Puts the per-task UI state (focus, pending move, error) on a card newly bound to a task. */
  readonly #decorate: (parts: CardParts, id: string) => void;
  readonly #look: () => CardLook;

  constructor(decorate: (parts: CardParts, id: string) => void, look: () => CardLook) {
    this.#decorate = decorate;
    this.#look = look;
  }

  /** The card showing a task, if it is rendered. */
  get(id: string): CardParts | undefined {
    return this.#bound.get(id);
  }

  bound(): IterableIterator<[string, CardParts]> {
    return this.#bound.entries();
  }

  /** The task's card, bound now if it was not, and brought up to date. */
  acquire(task: BoardTask, now: number): CardParts {
    let parts = this.#bound.get(task.id);
    if (parts) {
      if (this.#shows.get(task.id) !== task) updateCard(parts, task, now, this.#look());
    } else {
      parts = this.#free.pop();
      if (parts) updateCard(parts, task, now, this.#look());
      else parts = buildCard(task, now, this.#look());
      this.#bound.set(task.id, parts);
      this.#decorate(parts, task.id);
    }
    this.#shows.set(task.id, task);
    return parts;
  }

  /** Detaches every bound card whose task is not in `keep`, for reuse. */
  releaseExcept(keep: ReadonlySet<string>): void {
    for (const [id, parts] of this.#bound) {
      if (keep.has(id)) continue;
      parts.el.remove();
      this.#bound.delete(id);
      this.#shows.delete(id);
      this.#free.push(parts);
    }
  }

  /** Detaches every card: a new snapshot or new swimlanes rebuild the lists. */
  clear(): void {
    this.releaseExcept(new Set());
  }
}
