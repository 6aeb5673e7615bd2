// The Kanban from the keyboard: arrows move between cards and columns, Home and End go to the
// ends of a column, Enter (or a double-click) opens the task — its handoff when it has one, else
// its YAML — and Space / M / the context-menu key (or the card's ⋯ button) open its menu. One card at a time is tabbable (roving tabindex). Targets are found in
// the lists' data, not the DOM, since the card an arrow leads to may not be rendered yet.
import { BOARD_COLUMNS, type BoardColumn } from '../../../src/shared/boardTypes';
import type { VirtualList } from './virtualList';

export type NavigationKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End';

export interface KeyboardActions {
  navigate(id: string, key: NavigationKey): void;
  /** Focus entered a card (by Tab or a click). */
  entered(id: string): void;
  open(id: string): void;
  openReview(id: string): void;
  openMenu(card: HTMLElement, id: string): void;
}

const NAVIGATION = new Set<string>(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

export function wireKeyboard(grid: HTMLElement, actions: KeyboardActions): void {
  const cardOf = (e: Event) => (e.target as HTMLElement).closest<HTMLElement>('.card');
  grid.addEventListener('keydown', (e) => {
    const card = cardOf(e);
    if (!card || e.target !== card) return;
    const id = card.dataset.taskId!;
    if (NAVIGATION.has(e.key)) actions.navigate(id, e.key as NavigationKey);
    else if (e.key === 'Enter') actions.open(id);
    else if (e.key === ' ' || e.key === 'm' || e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) actions.openMenu(card, id);
    else return;
    e.preventDefault();
  });
  grid.addEventListener('focusin', (e) => {
    const card = cardOf(e);
    if (card) actions.entered(card.dataset.taskId!);
  });
  grid.addEventListener('dblclick', (e) => {
    if ((e.target as HTMLElement).closest('button')) return;
    const card = cardOf(e);
    if (card) actions.open(card.dataset.taskId!);
  });
  grid.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    const review = target.closest<HTMLElement>('.card-review')?.closest<HTMLElement>('.card');
    if (review) actions.openReview(review.dataset.taskId!);
    const more = target.closest<HTMLElement>('.card-more')?.closest<HTMLElement>('.card');
    if (more) actions.openMenu(more, more.dataset.taskId!);
  });
}

/**
 * The card a key leads to from task `id` in `list`, or undefined to stay. Left and right go to
 * the card at the same height in the nearest non-empty column of the same lane.
 */
export function navigationTarget(list: VirtualList, id: string, key: NavigationKey, listAt: (lane: string, column: BoardColumn) => VirtualList | undefined): string | undefined {
  const i = list.indexOf(id);
  if (i < 0) return undefined;
  switch (key) {
    case 'ArrowDown': return list.idAt(i + 1);
    case 'ArrowUp': return i > 0 ? list.idAt(i - 1) : undefined;
    case 'Home': return list.idAt(0);
    case 'End': return list.idAt(list.size - 1);
  }
  const step = key === 'ArrowRight' ? 1 : -1;
  const y = list.offsetOf(i) - list.scrollTop();
  for (let c = BOARD_COLUMNS.indexOf(list.column) + step; c >= 0 && c < BOARD_COLUMNS.length; c += step) {
    const other = listAt(list.lane, BOARD_COLUMNS[c]!);
    if (other?.size) return other.idAt(other.indexAt(y + other.scrollTop()));
  }
  return undefined;
}
