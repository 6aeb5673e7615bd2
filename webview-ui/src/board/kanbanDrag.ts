// Drag-and-drop on the Kanban. The drop target is the list under the pointer, never a card:
// in a virtual list the card a drop lands next to may not be rendered, and a card's place in
// its list is its file order anyway. What a drop means is decided here; the move itself is the
// view's (`KanbanMoves`).
import { columnOf, type BoardColumn, type BoardTask } from '../../../src/shared/boardTypes';
import { moveForDrop, type MoveIntent } from './moves';
import type { VirtualList } from './virtualList';

const DRAG_TYPE = 'application/x-baton-task';

export interface DragActions {
  /** The list an element is (or is in), if it is one of the board's. */
  listOf(el: Element | null): VirtualList | undefined;
  /** A card is picked up: it must stay rendered until the drag ends. */
  started(id: string): void;
  ended(): void;
  dropped(id: string, to: VirtualList): void;
}

export function wireDragAndDrop(grid: HTMLElement, actions: DragActions): void {
  let dragging: string | undefined;
  const clearTargets = () => {
    for (const el of grid.querySelectorAll('.drop-target')) el.classList.remove('drop-target');
  };
  grid.addEventListener('dragstart', (e) => {
    const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
    if (!card || !actions.listOf(card.parentElement) || !e.dataTransfer) return;
    dragging = card.dataset.taskId!;
    e.dataTransfer.setData(DRAG_TYPE, dragging);
    e.dataTransfer.setData('text/plain', dragging);
    e.dataTransfer.effectAllowed = 'move';
    card.classList.add('dragging');
    actions.started(dragging);
  });
  grid.addEventListener('dragend', (e) => {
    (e.target as HTMLElement).closest('.card')?.classList.remove('dragging');
    clearTargets();
    dragging = undefined;
    actions.ended();
  });
  grid.addEventListener('dragover', (e) => {
    const list = actions.listOf((e.target as HTMLElement).closest('.column-list'));
    if (!list || !dragging) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    if (!list.el.classList.contains('drop-target')) {
      clearTargets();
      list.el.classList.add('drop-target');
    }
  });
  grid.addEventListener('drop', (e) => {
    const list = actions.listOf((e.target as HTMLElement).closest('.column-list'));
    const id = e.dataTransfer?.getData(DRAG_TYPE) || dragging;
    clearTargets();
    if (!list || !id) return;
    e.preventDefault();
    actions.dropped(id, list);
  });
}

/**
 * What dropping `task` (in lane `fromLane`) on a list means: another lane reassigns, another
 * column changes state, both at once is refused; undefined when nothing changes.
 */
export function dropMove(task: BoardTask, to: { column: BoardColumn; lane: string }, fromLane: string, unassigned: string): { intent: MoveIntent } | { reason: string } | undefined {
  const fromColumn = columnOf(task.status);
  if (to.lane !== fromLane) {
    if (to.column !== fromColumn) return { reason: 'Move one thing at a time: drop in the same column to reassign, or in the same lane to change state.' };
    if (to.lane === unassigned) return { reason: 'A task cannot be unassigned from the board.' };
    return { intent: { kind: 'reassign', agent: to.lane } };
  }
  if (to.column === fromColumn) return undefined;
  return moveForDrop(task, to.column);
}
