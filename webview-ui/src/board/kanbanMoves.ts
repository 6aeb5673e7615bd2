// Moves made on the Kanban, optimistically: the card goes to its new list at once, marked
// pending, while the host checks the move with the engine; refused, it snaps back with the
// reason. Pending moves and refusals are kept per task, not per card element, because a card
// scrolled out of its list gives its element to another task and gets one back when it returns.
import type { BoardTask } from '../../../src/shared/boardTypes';
import { announce } from '../dom';
import type { RequestClient } from '../rpc';
import { setCardError, type CardParts } from './kanbanCard';
import { completeMove, type MoveIntent } from './moves';
import type { TaskStore } from './taskStore';
import type { VirtualList } from './virtualList';

/** How long a refusal stays on its card. */
const ERROR_MS = 8000;

export interface MovesHost {
  store: TaskStore;
  rpc: RequestClient;
  /** The task's rendered card, if any. */
  card(id: string): CardParts | undefined;
  /** Shows the task in `list` while its move is checked; undefined puts it where its state says. */
  place(id: string, list: VirtualList | undefined): void;
  /** The task's card changed size (an error shown or cleared). */
  resized(id: string): void;
}

export class KanbanMoves {
  readonly #host: MovesHost;
  readonly #pending = new Set<string>();
  readonly #errors = new Map<string, string>();

  constructor(host: MovesHost) {
    this.#host = host;
  }

  /** Asks the host for a move, showing the card in `to` until it answers. */
  async move(task: BoardTask, intent: MoveIntent, to: VirtualList | undefined): Promise<void> {
    const move = await completeMove(task, intent);
    if (!move) return;
    const id = task.id;
    this.#errors.delete(id);
    this.#pending.add(id);
    this.#repaint(id);
    if (to) this.#host.place(id, to);
    try {
      await this.#host.rpc.request('moveTask', { taskId: id, move });
      announce(`${id}: ${describe(intent)} requested.`);
    } catch (error) {
      // Back to where its state says: where it was, unless a delta has moved it since.
      this.#host.place(id, undefined);
      this.refuse(id, (error as Error).message);
    } finally {
      this.#pending.delete(id);
      this.#repaint(id);
    }
  }

  /** Shows why a move was refused and shakes the card. */
  refuse(id: string, reason: string): void {
    this.showError(id, reason);
    const el = this.#host.card(id)?.el;
    if (!el) return;
    el.classList.remove('snap-back');
    void el.offsetWidth; // restart the animation
    el.classList.add('snap-back');
  }

  /** Announces an error and shows it on the task's card for a while. */
  showError(id: string, message: string): void {
    announce(`${id}: ${message}`);
    this.#errors.set(id, message);
    this.#repaint(id);
    setTimeout(() => {
      if (this.#errors.get(id) !== message) return;
      this.#errors.delete(id);
      this.#host.card(id)?.el.classList.remove('snap-back');
      this.#repaint(id);
    }, ERROR_MS);
  }

  /** Puts a task's pending move and refusal on its card (newly bound, or after a change). */
  decorate(parts: CardParts, id: string): void {
    const { el } = parts;
    const pending = this.#pending.has(id);
    el.classList.toggle('pending', pending);
    if (pending) el.setAttribute('aria-busy', 'true');
    else el.removeAttribute('aria-busy');
    const error = this.#errors.get(id) ?? '';
    setCardError(parts, error);
    el.classList.toggle('refused', error !== '');
  }

  #repaint(id: string): void {
    const parts = this.#host.card(id);
    if (!parts) return;
    this.decorate(parts, id);
    this.#host.resized(id);
  }
}

function describe(intent: MoveIntent): string {
  switch (intent.kind) {
    case 'cancel': return 'cancel';
    case 'approve': return 'approval';
    case 'requestChanges': return 'changes';
    case 'retry': return 'retry';
    case 'reassign': return `reassignment to ${intent.agent}`;
  }
}
