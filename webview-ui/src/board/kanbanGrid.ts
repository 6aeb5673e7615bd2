// The Kanban's skeleton: a header with each column's title and count, then a row of lists per
// swimlane (one row without swimlanes). Lists start empty; their `VirtualList` fills them.
import { BOARD_COLUMNS, type BoardColumn } from '../../../src/shared/boardTypes';
import { h } from '../dom';
import type { TaskStore } from './taskStore';
import { VirtualList, type ListContext } from './virtualList';

const COLUMN_TITLES: Record<BoardColumn, string> = {
  planning: 'Planning', ready: 'Ready', running: 'Running', review: 'Review', blocked: 'Blocked', done: 'Done', failed: 'Failed / cancelled',
};
/** The lane of tasks without an agent (and the only lane without swimlanes). */
export const UNASSIGNED = '';

export interface KanbanGrid {
  fragment: DocumentFragment;
  /** Each column's count badge in the header. */
  counts: Map<BoardColumn, HTMLElement>;
  /** Every list, by `listKey`, lanes in order and columns in order within each. */
  lists: Map<string, VirtualList>;
}

/** Builds the header and the lists: one row of lists per lane, or a single row when `lanes` is undefined. */
export function buildKanbanGrid(lanes: readonly string[] | undefined, ctx: ListContext): KanbanGrid {
  const fragment = document.createDocumentFragment();
  const counts = new Map<BoardColumn, HTMLElement>();
  const lists = new Map<string, VirtualList>();
  const header = h('div', { className: 'kanban-header' });
  for (const column of BOARD_COLUMNS) {
    const count = h('span', { className: 'count' });
    counts.set(column, count);
    header.append(h('h2', { className: 'column-title', attrs: { 'data-column': column, id: `col-${column}`, title: COLUMN_TITLES[column] } }, h('span', { className: 'column-name', text: COLUMN_TITLES[column] }), ' ', count));
  }
  fragment.append(header);
  for (const lane of lanes ?? [UNASSIGNED]) {
    const row = h('div', { className: 'kanban-lane', attrs: { 'data-lane': lane } });
    if (lanes) row.append(h('h3', { className: 'lane-title', text: lane || 'Unassigned' }));
    const cells = h('div', { className: 'kanban-cells' });
    for (const column of BOARD_COLUMNS) {
      const el = h('div', {
        className: 'column-list',
        attrs: { role: 'list', 'data-column': column, 'data-lane': lane, 'aria-label': lanes ? `${COLUMN_TITLES[column]}, ${lane || 'unassigned'}` : COLUMN_TITLES[column] },
      });
      lists.set(listKey(lane, column), new VirtualList(el, column, lane, !lanes, ctx));
      cells.append(el);
    }
    row.append(cells);
    fragment.append(row);
  }
  return { fragment, counts, lists };
}

export function listKey(lane: string, column: BoardColumn): string {
  return `${lane}\u0000${column}`;
}

/** Swimlanes: every member and every agent with a task, sorted, then the unassigned lane. */
export function laneNames(store: TaskStore): string[] {
  const names = new Set(store.members.map((m) => m.agent));
  for (const t of store.tasks.values()) if (t.agent !== undefined) names.add(t.agent);
  return [...[...names].sort(), UNASSIGNED];
}
