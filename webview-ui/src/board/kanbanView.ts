// The Kanban tab: one column per task state, optionally one swimlane per agent, filters,
// drag-and-drop and a keyboard move menu. Each list renders only the cards in view
// (`virtualList.ts`): deltas change the data at once and the DOM once per frame, and only where
// a card is on screen. The view owns which list each task is in; the lists own what is rendered.
import { BOARD_COLUMNS, columnOf, type BoardColumn, type BoardTask } from '../../../src/shared/boardTypes';
import { h } from '../dom';
import type { RequestClient } from '../rpc';
import { CardHeights } from './cardHeights';
import { CardPool } from './cardPool';
import { startElapsedTicker } from './elapsedTicker';
import type { CardParts } from './kanbanCard';
import { dropMove, wireDragAndDrop } from './kanbanDrag';
import { KanbanFilters } from './kanbanFilters';
import { buildKanbanGrid, laneNames, listKey, UNASSIGNED } from './kanbanGrid';
import { navigationTarget, wireKeyboard, type NavigationKey } from './kanbanKeyboard';
import { KanbanMoves } from './kanbanMoves';
import { showMenu, targetColumn, type MoveIntent } from './moves';
import { menuContext, menuItems, primaryAction } from './taskMenu';
import type { TaskActionId } from '../../../src/shared/taskActions';
import type { TaskStore } from './taskStore';
import type { BoardUiState } from './uiState';
import type { VirtualList } from './virtualList';

/** Render rounds per frame: measuring new cards can move the window, which brings new cards. */
const ROUNDS = 3;

export interface KanbanHost {
  store: TaskStore;
  rpc: RequestClient;
  ui: BoardUiState;
  saveUi(): void;
}

export class KanbanView {
  readonly el: HTMLElement;
  readonly #host: KanbanHost;
  readonly #grid: HTMLElement;
  readonly #filters: KanbanFilters;
  readonly #heights = new CardHeights();
  readonly #pool: CardPool;
  readonly #moves: KanbanMoves;
  readonly #pinned = new Set<string>();
  #lists = new Map<string, VirtualList>();
  #counts = new Map<BoardColumn, HTMLElement>();
  /** The list each task is in; none when filtered out (or in a lane the board does not show). */
  readonly #where = new Map<string, VirtualList>();
  /** Where moves waiting for the host show their cards, instead of where their state says. */
  readonly #placed = new Map<string, VirtualList>();
  #current: string | undefined;
  #dragging: string | undefined;
  #frame = 0;
  #width = 0;
  readonly #stopTicker: () => void;

  constructor(host: KanbanHost) {
    this.#host = host;
    this.#filters = new KanbanFilters(host, { filtersChanged: () => this.#applyFilters(), lanesChanged: () => this.render() });
    this.#grid = h('div', { className: 'kanban', attrs: { role: 'region', 'aria-label': 'Kanban board' } });
    this.el = h('div', { className: 'kanban-view' }, this.#filters.el, this.#grid);
    this.#pool = new CardPool((parts, id) => this.#decorate(parts, id), () => ({ unit: host.store.snapshot?.sprint?.estimateUnit ?? 'points' }));
    this.#moves = new KanbanMoves({
      store: host.store, rpc: host.rpc,
      card: (id) => this.#pool.get(id),
      place: (id, list) => this.#place(id, list),
      resized: (id) => this.#touch(id),
    });
    this.#grid.addEventListener('scroll', () => {
      this.#saveScroll();
      this.#schedule();
    }, { passive: true, capture: true });
    new ResizeObserver(() => {
      // New column widths wrap titles differently: every height is to be measured again.
      const width = this.#grid.clientWidth;
      if (width && width !== this.#width) {
        if (this.#width) this.#heights.clear();
        this.#width = width;
        for (const list of this.#lists.values()) list.invalidate();
      }
      this.#schedule();
    }).observe(this.#grid);
    wireDragAndDrop(this.#grid, {
      listOf: (el) => this.#listOf(el),
      started: (id) => this.#pin(this.#current, id),
      ended: () => this.#pin(this.#current, undefined),
      dropped: (id, to) => this.#drop(id, to),
    });
    wireKeyboard(this.#grid, {
      navigate: (id, key) => this.#navigate(id, key),
      entered: (id) => {
        if (id !== this.#current) this.#setCurrent(id, false);
      },
      open: (id) => this.#action(id, primaryAction(this.#host.store.tasks.get(id)!)),
      openReview: (id) => this.#request('openReview', id),
      openMenu: (card, id) => void this.#openMenu(card, id),
    });
    // Right-click: VS Code's own context menu, with the task's actions (package.json
    // `webview/context`), reads the card's context as the menu opens.
    this.#grid.addEventListener('contextmenu', (e) => {
      const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
      const task = card && this.#host.store.tasks.get(card.dataset.taskId!);
      if (card && task) card.dataset.vscodeContext = menuContext(task, this.#host.store.snapshot?.capabilities);
    }, { capture: true });
    this.#stopTicker = startElapsedTicker({ store: host.store, pool: this.#pool, shown: () => !this.el.hidden });
  }

  /** Builds the lists from the store: after a snapshot, or when swimlanes change. */
  render(): void {
    const { store, ui } = this.#host;
    this.#pool.clear();
    this.#placed.clear();
    this.#filters.fill();
    const lanes = ui.lanes === 'agent' ? laneNames(store) : undefined;
    this.#grid.classList.toggle('with-lanes', lanes !== undefined);
    const grid = buildKanbanGrid(lanes, { store, heights: this.#heights, pool: this.#pool, pinned: this.#pinned, grid: this.#grid });
    this.#lists = grid.lists;
    this.#counts = grid.counts;
    this.#grid.replaceChildren(grid.fragment);
    this.#fillLists();
    this.#updateCounts();
    this.#setCurrent(ui.focused && this.#where.has(ui.focused) ? ui.focused : this.#firstVisible(), false);
    this.#renderNow();
    // Restored after the lists have their full height, then rendered again where they now are.
    if (this.#restoreScroll()) this.#renderNow();
  }

  /** Changed tasks: each goes to its list now; cards on screen are rewritten this frame. */
  update(changed: readonly BoardTask[]): void {
    for (const task of changed) {
      this.#placed.delete(task.id); // a delta puts the card where its state says
      this.#relocate(task.id);
    }
    this.#updateCounts();
    this.#renderNow(); // the board calls this in its once-per-frame flush
  }

  /** The tab is shown again: deltas that came while it was hidden changed only data. */
  shown(): void {
    this.#renderNow();
  }

  /** Focuses a task's card (from `reveal` or restored state), scrolling its list to it. */
  focusTask(id: string): void {
    const task = this.#host.store.tasks.get(id);
    if (!task) return;
    if (!this.#where.has(id) && !this.#filters.matches(task)) {
      this.#filters.clear();
      this.#applyFilters();
    }
    this.#setCurrent(id, true);
  }

  dispose(): void {
    this.#stopTicker();
    cancelAnimationFrame(this.#frame);
  }

  // --- which list each task is in

  #laneOf(task: BoardTask): string {
    return this.#host.ui.lanes === 'agent' ? (task.agent ?? UNASSIGNED) : UNASSIGNED;
  }

  /** The list a task belongs in now: a pending move's, or its state's if the filters let it through. */
  #listFor(task: BoardTask): VirtualList | undefined {
    return this.#placed.get(task.id) ?? (this.#filters.matches(task) ? this.#lists.get(listKey(this.#laneOf(task), columnOf(task.status))) : undefined);
  }

  #fillLists(): void {
    const ids = new Map<VirtualList, string[]>();
    this.#where.clear();
    // The store iterates in file order, so each list comes out sorted.
    for (const task of this.#host.store.tasks.values()) {
      const list = this.#listFor(task);
      if (!list) continue;
      this.#where.set(task.id, list);
      const some = ids.get(list);
      if (some) some.push(task.id);
      else ids.set(list, [task.id]);
    }
    for (const list of this.#lists.values()) list.reset(ids.get(list) ?? []);
  }

  #relocate(id: string): void {
    const task = this.#host.store.tasks.get(id);
    const to = task && this.#listFor(task);
    const from = this.#where.get(id);
    if (from === to) {
      to?.changed(id);
      return;
    }
    from?.remove(id);
    to?.insert(id);
    if (to) this.#where.set(id, to);
    else this.#where.delete(id);
  }

  #place(id: string, list: VirtualList | undefined): void {
    if (list) this.#placed.set(id, list);
    else this.#placed.delete(id);
    this.#relocate(id);
    this.#schedule();
  }

  #touch(id: string): void {
    this.#where.get(id)?.markDirty();
    this.#schedule();
  }

  #listOf(el: Element | null): VirtualList | undefined {
    const data = (el as HTMLElement | null)?.dataset;
    const column = data?.column as BoardColumn | undefined;
    return column ? this.#lists.get(listKey(data?.lane ?? UNASSIGNED, column)) : undefined;
  }

  // --- rendering, once per frame

  #schedule(): void {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      this.#renderFrame();
    });
  }

  #renderNow(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#renderFrame();
  }

  /** Reads where every list is scrolled, writes their windows, measures the new cards; repeats if that moved a window. */
  #renderFrame(): void {
    if (this.el.hidden || !this.#grid.clientHeight) return; // data only until the tab is shown
    const all = [...this.#lists.values()];
    const gridTop = this.#host.ui.lanes === 'agent' ? this.#grid.getBoundingClientRect().top : 0;
    let lists = all;
    for (let round = 0; round < ROUNDS && lists.length; round++) {
      const views = lists.map((list) => list.viewport(gridTop));
      const rendered = lists.filter((list, i) => views[i] !== undefined && list.render(views[i]!));
      const keep = new Set<string>();
      for (const list of all) for (const id of list.shown()) keep.add(id);
      this.#pool.releaseExcept(keep);
      lists = rendered.filter((list) => list.measure());
    }
    if (lists.length) this.#schedule(); // still settling: finish next frame
  }

  /** State a card element takes from its task when bound to it (elements are recycled). */
  #decorate(parts: CardParts, id: string): void {
    const { el } = parts;
    el.classList.remove('snap-back');
    el.classList.toggle('dragging', id === this.#dragging);
    setTabbable(parts, id === this.#current);
    this.#moves.decorate(parts, id);
  }

  #updateCounts(): void {
    const counts = new Map<BoardColumn, number>();
    let visible = 0;
    const filtered = this.#filters.active();
    for (const t of this.#host.store.tasks.values()) {
      if (filtered && !this.#filters.matches(t)) continue;
      visible++;
      const column = columnOf(t.status);
      counts.set(column, (counts.get(column) ?? 0) + 1);
    }
    for (const [column, el] of this.#counts) {
      const text = String(counts.get(column) ?? 0);
      if (el.textContent !== text) el.textContent = text;
    }
    this.#fitColumns(counts);
    this.#filters.summarize(visible, this.#host.store.tasks.size);
  }

  /**
   * Columns that fit the view: an empty column shrinks to a narrow strip (its title turned on
   * its side, still a drop target), so a finished sprint shows its Done column at once instead
   * of five empty ones; the rest share the width, scrolling sideways only when they must.
   */
  #fitColumns(counts: ReadonlyMap<BoardColumn, number>): void {
    const tracks = BOARD_COLUMNS.map((c) => (counts.get(c) ? 'minmax(180px, 1fr)' : 'var(--collapsed-column, 40px)')).join(' ');
    if (this.#grid.style.getPropertyValue('--kanban-columns') !== tracks) {
      this.#grid.style.setProperty('--kanban-columns', tracks);
      for (const list of this.#lists.values()) list.invalidate();
    }
    for (const column of BOARD_COLUMNS) {
      const empty = !counts.get(column);
      this.#grid.querySelector(`.column-title[data-column="${column}"]`)?.classList.toggle('collapsed', empty);
      for (const list of this.#lists.values()) if (list.column === column) list.el.classList.toggle('collapsed', empty);
    }
  }

  #applyFilters(): void {
    this.#fillLists();
    this.#updateCounts();
    if (this.#current && !this.#where.has(this.#current)) this.#setCurrent(this.#firstVisible(), false);
    this.#renderNow();
  }

  // --- scroll and focus, kept across reloads

  #saveScroll(): void {
    const columns: Record<string, number> = {};
    if (this.#host.ui.lanes === 'none') for (const list of this.#lists.values()) if (list.el.scrollTop) columns[list.column] = list.el.scrollTop;
    this.#host.ui.kanbanScroll = { left: this.#grid.scrollLeft, top: this.#grid.scrollTop, columns };
    this.#host.saveUi();
  }

  /** Whether there was a scroll position to restore. */
  #restoreScroll(): boolean {
    const { left, top, columns } = this.#host.ui.kanbanScroll;
    // Setting a scroll position forces a layout: only when there is one to restore.
    if (left) this.#grid.scrollLeft = left;
    if (top) this.#grid.scrollTop = top;
    let restored = Boolean(left || top);
    if (this.#host.ui.lanes === 'none') {
      for (const list of this.#lists.values()) {
        const y = columns[list.column];
        if (!y) continue;
        list.el.scrollTop = y;
        restored = true;
      }
    }
    return restored;
  }

  #firstVisible(): string | undefined {
    for (const column of BOARD_COLUMNS) {
      for (const list of this.#lists.values()) if (list.column === column && list.size) return list.idAt(0);
    }
    return undefined;
  }

  /** Keeps the current card and a dragged one rendered wherever their lists scroll. */
  #pin(current: string | undefined, dragging: string | undefined): void {
    for (const id of [this.#current, this.#dragging, current, dragging]) if (id) this.#where.get(id)?.markDirty();
    this.#current = current;
    this.#dragging = dragging;
    this.#pinned.clear();
    if (current) this.#pinned.add(current);
    if (dragging) this.#pinned.add(dragging);
    this.#schedule();
  }

  #setCurrent(id: string | undefined, focus: boolean): void {
    if (id !== this.#current) {
      const old = this.#current && this.#pool.get(this.#current);
      if (old) setTabbable(old, false);
      this.#pin(id, this.#dragging);
      const parts = id && this.#pool.get(id);
      if (parts) setTabbable(parts, true);
      if (this.#host.ui.focused !== id) {
        this.#host.ui.focused = id;
        this.#host.saveUi();
      }
    }
    if (focus && id) this.#focusCard(id);
  }

  #focusCard(id: string): void {
    this.#renderNow(); // the card is pinned: rendered, even far from the window
    const el = this.#pool.get(id)?.el;
    if (!el) return;
    el.focus(); // scrolls its list (or the board) to it
    this.#renderNow(); // the window around it, measured
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  // --- keyboard and moves

  #navigate(id: string, key: NavigationKey): void {
    const list = this.#where.get(id);
    const target = list && navigationTarget(list, id, key, (lane, column) => this.#lists.get(listKey(lane, column)));
    this.#setCurrent(target ?? id, true);
  }

  #request(method: 'openTask' | 'openReview', id: string): void {
    void this.#host.rpc.request(method, { taskId: id }).catch((err: Error) => this.#moves.showError(id, err.message));
  }

  #action(id: string, action: TaskActionId): void {
    void this.#host.rpc.request('taskAction', { taskId: id, action }).catch((err: Error) => this.#moves.showError(id, err.message));
  }

  async #openMenu(card: HTMLElement, id: string): Promise<void> {
    const task = this.#host.store.tasks.get(id);
    if (!task) return;
    const items = menuItems(task, this.#host.store.snapshot?.capabilities).map((i) => ({ label: i.label, value: i.choice }));
    const choice = await showMenu(card, `Actions for ${task.id}`, items);
    if (choice?.kind === 'move') this.#move(task, choice.intent, this.#laneOf(task));
    else if (choice?.kind === 'action') this.#action(id, choice.action);
  }

  #drop(id: string, to: VirtualList): void {
    const task = this.#host.store.tasks.get(id);
    if (!task) return;
    const verdict = dropMove(task, to, this.#laneOf(task), UNASSIGNED);
    if (!verdict) return;
    if ('reason' in verdict) this.#moves.refuse(id, verdict.reason);
    else this.#move(task, verdict.intent, to.lane);
  }

  #move(task: BoardTask, intent: MoveIntent, lane: string): void {
    const toLane = intent.kind === 'reassign' && this.#host.ui.lanes === 'agent' ? intent.agent : lane;
    void this.#moves.move(task, intent, this.#lists.get(listKey(toLane, targetColumn(task, intent))));
  }
}

/** Roving tabindex: only the current card (and its buttons) is in the tab order. */
function setTabbable(parts: CardParts, on: boolean): void {
  parts.el.tabIndex = on ? 0 : -1;
  parts.more.tabIndex = on ? 0 : -1;
  if (parts.review) parts.review.tabIndex = on ? 0 : -1;
}
