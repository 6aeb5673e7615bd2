// The Kanban tab: one column per task state, optionally one swimlane per agent, cards patched
// in place by deltas, filters, drag-and-drop and a keyboard move menu. A move goes to the host
// as a request; the card waits in its new place and snaps back with the reason if refused.
import { BOARD_COLUMNS, columnOf, type BoardColumn, type BoardTask } from '../../../src/shared/boardTypes';
import { announce, h } from '../dom';
import type { RequestClient } from '../rpc';
import { buildCard, setCardError, tickCard, updateCard, type CardParts } from './kanbanCard';
import { completeMove, menuMoves, moveForDrop, showMoveMenu, targetColumn, type MoveIntent } from './moves';
import type { TaskStore } from './taskStore';
import type { BoardUiState } from './uiState';

const COLUMN_TITLES: Record<BoardColumn, string> = {
  planning: 'Planning', ready: 'Ready', running: 'Running', review: 'Review', blocked: 'Blocked', done: 'Done', failed: 'Failed / cancelled',
};
const DRAG_TYPE = 'application/x-baton-task';
/** Cards per list built before the first paint; more than a screen holds. */
const FIRST_SCREEN = 30;
/** Cards built per task after it. */
const SLICE = 250;
const UNASSIGNED = '';

interface ListInfo {
  el: HTMLElement;
  column: BoardColumn;
  lane: string;
}

export interface KanbanHost {
  store: TaskStore;
  rpc: RequestClient;
  ui: BoardUiState;
  saveUi(): void;
}

export class KanbanView {
  readonly el: HTMLElement;
  readonly #host: KanbanHost;
  readonly #toolbar: HTMLElement;
  readonly #grid: HTMLElement;
  readonly #cards = new Map<string, CardParts>();
  readonly #lists = new Map<string, ListInfo>();
  readonly #counts = new Map<BoardColumn, HTMLElement>();
  readonly #running = new Set<string>();
  readonly #pending = new Set<string>();
  readonly #filterText: HTMLInputElement;
  readonly #filterTeam: HTMLSelectElement;
  readonly #filterAgent: HTMLSelectElement;
  readonly #lanes: HTMLSelectElement;
  readonly #summary: HTMLElement;
  #current: string | undefined;
  #drag: { id: string; from: ListInfo } | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  /** Task ids whose cards are still to be built, in file order. */
  #backlog: string[] = [];

  constructor(host: KanbanHost) {
    this.#host = host;
    this.#filterText = h('input', { className: 'input', attrs: { type: 'search', placeholder: 'Filter by id, title or agent', 'aria-label': 'Filter cards by text' } });
    this.#filterTeam = h('select', { className: 'select', attrs: { 'aria-label': 'Filter by team' } });
    this.#filterAgent = h('select', { className: 'select', attrs: { 'aria-label': 'Filter by agent' } });
    this.#lanes = h('select', { className: 'select', attrs: { 'aria-label': 'Swimlanes' } },
      h('option', { text: 'No swimlanes', attrs: { value: 'none' } }), h('option', { text: 'Swimlane per agent', attrs: { value: 'agent' } }));
    this.#summary = h('span', { className: 'muted kanban-summary', attrs: { 'aria-live': 'polite' } });
    this.#toolbar = h('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Kanban filters' } },
      this.#filterText, this.#filterTeam, this.#filterAgent, this.#lanes, this.#summary);
    this.#grid = h('div', { className: 'kanban', attrs: { role: 'region', 'aria-label': 'Kanban board' } });
    this.el = h('div', { className: 'kanban-view' }, this.#toolbar, this.#grid);
    this.#filterText.addEventListener('input', () => this.#filtersChanged());
    this.#filterTeam.addEventListener('change', () => this.#filtersChanged());
    this.#filterAgent.addEventListener('change', () => this.#filtersChanged());
    this.#lanes.addEventListener('change', () => {
      this.#host.ui.lanes = this.#lanes.value === 'agent' ? 'agent' : 'none';
      this.#host.saveUi();
      this.render();
    });
    this.#grid.addEventListener('scroll', () => this.#saveScroll(), { passive: true, capture: true });
    this.#wireDragAndDrop();
    this.#wireKeyboard();
  }

  /** Builds every card and list: after a snapshot, or when swimlanes change. */
  render(): void {
    const { store, ui } = this.#host;
    this.#cards.clear();
    this.#lists.clear();
    this.#counts.clear();
    this.#running.clear();
    this.#pending.clear();
    this.#fillFilterOptions();
    this.#filterText.value = ui.filters.text;
    this.#lanes.value = ui.lanes;
    const lanes = ui.lanes === 'agent' ? this.#laneNames() : [UNASSIGNED];
    this.#grid.classList.toggle('with-lanes', ui.lanes === 'agent');
    const frag = document.createDocumentFragment();
    const header = h('div', { className: 'kanban-header' });
    for (const column of BOARD_COLUMNS) {
      const count = h('span', { className: 'count' });
      this.#counts.set(column, count);
      header.append(h('h2', { className: 'column-title', attrs: { 'data-column': column, id: `col-${column}` } }, COLUMN_TITLES[column], ' ', count));
    }
    frag.append(header);
    for (const lane of lanes) {
      const row = h('div', { className: 'kanban-lane', attrs: { 'data-lane': lane } });
      if (ui.lanes === 'agent') row.append(h('h3', { className: 'lane-title', text: lane || 'Unassigned' }));
      const cells = h('div', { className: 'kanban-cells' });
      for (const column of BOARD_COLUMNS) {
        const list = h('div', {
          className: 'column-list',
          attrs: { role: 'list', 'data-column': column, 'data-lane': lane, 'aria-label': ui.lanes === 'agent' ? `${COLUMN_TITLES[column]}, ${lane || 'unassigned'}` : COLUMN_TITLES[column] },
        });
        this.#lists.set(listKey(lane, column), { el: list, column, lane });
        cells.append(list);
      }
      row.append(cells);
      frag.append(row);
    }
    // The first screenful of each list now, the rest right after the first paint, in slices:
    // what is on screen is complete at once, and no task blocks input for long.
    const now = store.now();
    const perList = new Map<string, number>();
    this.#backlog = [];
    for (const task of store.tasks.values()) {
      if (task.status === 'running') this.#running.add(task.id);
      const key = this.#keyOf(task);
      const n = perList.get(key) ?? 0;
      perList.set(key, n + 1);
      if (n >= FIRST_SCREEN) {
        this.#backlog.push(task.id);
        continue;
      }
      const parts = buildCard(task, now);
      parts.el.hidden = !this.#matches(task);
      this.#cards.set(task.id, parts);
      this.#lists.get(key)?.el.append(parts.el);
    }
    this.#grid.replaceChildren(frag);
    this.#updateCounts();
    const { kanbanScroll } = ui;
    if (Object.keys(kanbanScroll.columns).length || kanbanScroll.top || (ui.focused && !this.#cards.has(ui.focused))) this.#drainBacklog(Infinity);
    else if (this.#backlog.length) requestAnimationFrame(() => setTimeout(() => this.#drainBacklog(SLICE), 0));
    this.#restoreScroll();
    this.#setCurrent(ui.focused && this.#cards.has(ui.focused) ? ui.focused : this.#firstVisible(), false);
    this.#ticker ??= setInterval(() => this.#tick(), 1000);
  }

  /** Patches the cards of changed tasks and moves those whose column or lane changed. */
  update(changed: readonly BoardTask[]): void {
    const now = this.#host.store.now();
    for (const task of changed) {
      let parts = this.#cards.get(task.id);
      if (!parts && this.#backlog.length && this.#backlog.includes(task.id)) {
        if (task.status === 'running') this.#running.add(task.id);
        else this.#running.delete(task.id);
        continue; // built from the store when its turn comes
      }
      if (!parts) {
        parts = buildCard(task, now);
        this.#cards.set(task.id, parts);
      } else {
        updateCard(parts, task, now);
      }
      if (task.status === 'running') this.#running.add(task.id);
      else this.#running.delete(task.id);
      const list = this.#lists.get(this.#keyOf(task));
      if (list && parts.el.parentElement !== list.el) this.#insert(list.el, parts.el, task.id);
      parts.el.hidden = !this.#matches(task);
    }
    this.#updateCounts();
  }

  /** Focuses a task's card (from `reveal` or restored state). */
  focusTask(id: string): void {
    if (!this.#cards.has(id)) this.#drainBacklog(Infinity);
    const parts = this.#cards.get(id);
    if (!parts) return;
    if (parts.el.hidden) {
      this.#host.ui.filters = { text: '', team: '', agent: '' };
      this.#filterText.value = '';
      this.#filterTeam.value = '';
      this.#filterAgent.value = '';
      this.#applyFilters();
    }
    this.#setCurrent(id, true);
    parts.el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  dispose(): void {
    clearInterval(this.#ticker);
  }

  #keyOf(task: BoardTask): string {
    return listKey(this.#host.ui.lanes === 'agent' ? (task.agent ?? UNASSIGNED) : UNASSIGNED, columnOf(task.status));
  }

  #laneNames(): string[] {
    const names = new Set(this.#host.store.members.map((m) => m.agent));
    for (const t of this.#host.store.tasks.values()) if (t.agent !== undefined) names.add(t.agent);
    return [...[...names].sort(), UNASSIGNED];
  }

  #insert(list: HTMLElement, el: HTMLElement, id: string): void {
    const order = this.#host.store.order;
    const mine = order.get(id) ?? Infinity;
    const children = list.children;
    let lo = 0;
    let hi = children.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = (children[mid] as HTMLElement).dataset.taskId!;
      if ((order.get(other) ?? Infinity) < mine) lo = mid + 1;
      else hi = mid;
    }
    list.insertBefore(el, children[lo] ?? null);
  }

  #tick(): void {
    if (this.el.hidden || this.#running.size === 0) return;
    const now = this.#host.store.now();
    for (const id of this.#running) {
      const parts = this.#cards.get(id);
      const task = this.#host.store.tasks.get(id);
      if (parts && task) tickCard(parts, task, now);
    }
  }

  // --- filters

  #fillFilterOptions(): void {
    const { store, ui } = this.#host;
    const teams = new Set(store.members.map((m) => m.team));
    const agents = new Set(store.members.map((m) => m.agent));
    for (const t of store.tasks.values()) {
      if (t.team !== undefined) teams.add(t.team);
      if (t.agent !== undefined) agents.add(t.agent);
    }
    const fill = (select: HTMLSelectElement, all: string, values: Set<string>, selected: string) => {
      select.replaceChildren(h('option', { text: all, attrs: { value: '' } }), ...[...values].sort().map((v) => h('option', { text: v, attrs: { value: v } })));
      select.value = values.has(selected) ? selected : '';
    };
    fill(this.#filterTeam, 'All teams', teams, ui.filters.team);
    fill(this.#filterAgent, 'All agents', agents, ui.filters.agent);
  }

  #filtersChanged(): void {
    this.#host.ui.filters = { text: this.#filterText.value, team: this.#filterTeam.value, agent: this.#filterAgent.value };
    this.#host.saveUi();
    this.#applyFilters();
  }

  #filtering(): boolean {
    const f = this.#host.ui.filters;
    return Boolean(f.text || f.team || f.agent);
  }

  /** Builds and places up to `limit` cards still waiting; schedules the rest. */
  #drainBacklog(limit: number): void {
    const { store } = this.#host;
    const now = store.now();
    const batch = this.#backlog.splice(0, limit);
    for (const id of batch) {
      const task = store.tasks.get(id);
      if (!task || this.#cards.has(id)) continue;
      const parts = buildCard(task, now);
      parts.el.hidden = !this.#matches(task);
      this.#cards.set(id, parts);
      const list = this.#lists.get(this.#keyOf(task));
      if (list) this.#insert(list.el, parts.el, id);
    }
    if (this.#backlog.length) setTimeout(() => this.#drainBacklog(SLICE), 0);
  }

  #matches(task: BoardTask): boolean {
    const f = this.#host.ui.filters;
    if (f.team && task.team !== f.team && !this.#host.store.members.some((m) => m.team === f.team && m.agent === task.agent)) return false;
    if (f.agent && task.agent !== f.agent) return false;
    if (f.text) {
      const q = f.text.toLowerCase();
      if (!task.id.toLowerCase().includes(q) && !task.title.toLowerCase().includes(q) && !(task.agent ?? '').toLowerCase().includes(q)) return false;
    }
    return true;
  }

  #applyFilters(): void {
    if (this.#backlog.length && this.#filtering()) this.#drainBacklog(Infinity);
    for (const [id, parts] of this.#cards) {
      const task = this.#host.store.tasks.get(id);
      const hidden = !task || !this.#matches(task);
      if (parts.el.hidden !== hidden) parts.el.hidden = hidden;
    }
    this.#updateCounts();
    if (this.#current && this.#cards.get(this.#current)?.el.hidden) this.#setCurrent(this.#firstVisible(), false);
  }

  #updateCounts(): void {
    const counts = new Map<BoardColumn, number>();
    let visible = 0;
    const filtered = this.#filtering();
    for (const t of this.#host.store.tasks.values()) {
      if (filtered && !this.#matches(t)) continue;
      visible++;
      const column = columnOf(t.status);
      counts.set(column, (counts.get(column) ?? 0) + 1);
    }
    for (const [column, el] of this.#counts) {
      const text = String(counts.get(column) ?? 0);
      if (el.textContent !== text) el.textContent = text;
    }
    const total = this.#host.store.tasks.size;
    const summary = visible === total ? `${total} tasks` : `${visible} of ${total} tasks`;
    if (this.#summary.textContent !== summary) this.#summary.textContent = summary;
  }

  // --- scroll and focus, kept across reloads

  #saveScroll(): void {
    const columns: Record<string, number> = {};
    if (this.#host.ui.lanes === 'none') for (const info of this.#lists.values()) if (info.el.scrollTop) columns[info.column] = info.el.scrollTop;
    this.#host.ui.kanbanScroll = { left: this.#grid.scrollLeft, top: this.#grid.scrollTop, columns };
    this.#host.saveUi();
  }

  #restoreScroll(): void {
    const { left, top, columns } = this.#host.ui.kanbanScroll;
    // Setting a scroll position forces a layout: only when there is one to restore.
    if (left) this.#grid.scrollLeft = left;
    if (top) this.#grid.scrollTop = top;
    if (this.#host.ui.lanes === 'none') {
      for (const info of this.#lists.values()) if (columns[info.column]) info.el.scrollTop = columns[info.column]!;
    }
  }

  #firstVisible(): string | undefined {
    for (const column of BOARD_COLUMNS) {
      for (const info of this.#lists.values()) {
        if (info.column !== column) continue;
        for (const child of info.el.children) if (!(child as HTMLElement).hidden) return (child as HTMLElement).dataset.taskId;
      }
    }
    return undefined;
  }

  #setCurrent(id: string | undefined, focus: boolean): void {
    if (this.#current) {
      const old = this.#cards.get(this.#current);
      if (old) {
        old.el.tabIndex = -1;
        if (old.review) old.review.tabIndex = -1;
      }
    }
    this.#current = id;
    const parts = id ? this.#cards.get(id) : undefined;
    if (!parts) return;
    parts.el.tabIndex = 0;
    if (parts.review) parts.review.tabIndex = 0;
    if (focus) parts.el.focus({ preventScroll: false });
    if (this.#host.ui.focused !== id) {
      this.#host.ui.focused = id;
      this.#host.saveUi();
    }
  }

  // --- keyboard

  #wireKeyboard(): void {
    this.#grid.addEventListener('keydown', (e) => {
      const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
      if (!card || e.target !== card) return;
      const id = card.dataset.taskId!;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          this.#setCurrent(siblingCard(card, e.key === 'ArrowDown' ? 1 : -1) ?? id, true);
          break;
        case 'ArrowLeft':
        case 'ArrowRight':
          this.#setCurrent(this.#neighbourColumnCard(card, e.key === 'ArrowRight' ? 1 : -1) ?? id, true);
          break;
        case 'Enter':
          void this.#host.rpc.request('openTask', { taskId: id }).catch((err: Error) => this.#showError(id, err.message));
          break;
        case ' ':
        case 'm':
        case 'ContextMenu':
          void this.#openMenu(card, id);
          break;
        default:
          if (!(e.key === 'F10' && e.shiftKey)) return;
          void this.#openMenu(card, id);
      }
      e.preventDefault();
    });
    this.#grid.addEventListener('focusin', (e) => {
      const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
      if (card && card.dataset.taskId !== this.#current) this.#setCurrent(card.dataset.taskId, false);
    });
    this.#grid.addEventListener('dblclick', (e) => {
      const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
      if (card) void this.#host.rpc.request('openTask', { taskId: card.dataset.taskId! }).catch((err: Error) => this.#showError(card.dataset.taskId!, err.message));
    });
    this.#grid.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLElement>('.card-review');
      const card = button?.closest<HTMLElement>('.card');
      if (card) void this.#host.rpc.request('openReview', { taskId: card.dataset.taskId! }).catch((err: Error) => this.#showError(card.dataset.taskId!, err.message));
    });
  }

  #neighbourColumnCard(card: HTMLElement, step: number): string | undefined {
    const list = card.parentElement!;
    const info = [...this.#lists.values()].find((l) => l.el === list);
    if (!info) return undefined;
    let index = BOARD_COLUMNS.indexOf(info.column);
    const position = [...list.children].indexOf(card);
    for (index += step; index >= 0 && index < BOARD_COLUMNS.length; index += step) {
      const target = this.#lists.get(listKey(info.lane, BOARD_COLUMNS[index]!));
      const visible = target ? [...target.el.children].filter((c) => !(c as HTMLElement).hidden) as HTMLElement[] : [];
      if (visible.length) return visible[Math.min(position, visible.length - 1)]!.dataset.taskId;
    }
    return undefined;
  }

  async #openMenu(card: HTMLElement, id: string): Promise<void> {
    const task = this.#host.store.tasks.get(id);
    if (!task) return;
    const intent = await showMoveMenu(card, menuMoves(task, this.#host.store.members));
    if (intent) await this.#move(task, intent);
  }

  // --- drag and drop

  #wireDragAndDrop(): void {
    this.#grid.addEventListener('dragstart', (e) => {
      const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
      const info = card && this.#listOf(card.parentElement);
      if (!card || !info || !e.dataTransfer) return;
      this.#drag = { id: card.dataset.taskId!, from: info };
      e.dataTransfer.setData(DRAG_TYPE, card.dataset.taskId!);
      e.dataTransfer.setData('text/plain', card.dataset.taskId!);
      e.dataTransfer.effectAllowed = 'move';
      card.classList.add('dragging');
    });
    this.#grid.addEventListener('dragend', (e) => {
      (e.target as HTMLElement).closest('.card')?.classList.remove('dragging');
      this.#clearDropTargets();
      this.#drag = undefined;
    });
    this.#grid.addEventListener('dragover', (e) => {
      const info = this.#listOf((e.target as HTMLElement).closest('.column-list'));
      if (!info || !this.#drag) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      if (!info.el.classList.contains('drop-target')) {
        this.#clearDropTargets();
        info.el.classList.add('drop-target');
      }
    });
    this.#grid.addEventListener('drop', (e) => {
      const info = this.#listOf((e.target as HTMLElement).closest('.column-list'));
      const id = e.dataTransfer?.getData(DRAG_TYPE) || this.#drag?.id;
      this.#clearDropTargets();
      if (!info || !id) return;
      e.preventDefault();
      void this.#drop(id, info);
    });
  }

  #clearDropTargets(): void {
    for (const el of this.#grid.querySelectorAll('.drop-target')) el.classList.remove('drop-target');
  }

  #listOf(el: Element | null): ListInfo | undefined {
    if (!el) return undefined;
    const column = (el as HTMLElement).dataset.column as BoardColumn | undefined;
    const lane = (el as HTMLElement).dataset.lane ?? UNASSIGNED;
    return column ? this.#lists.get(listKey(lane, column)) : undefined;
  }

  async #drop(id: string, to: ListInfo): Promise<void> {
    const task = this.#host.store.tasks.get(id);
    if (!task) return;
    const fromColumn = columnOf(task.status);
    const fromLane = this.#host.ui.lanes === 'agent' ? (task.agent ?? UNASSIGNED) : UNASSIGNED;
    if (to.lane !== fromLane) {
      if (to.column !== fromColumn) return this.#refuse(id, 'Move one thing at a time: drop in the same column to reassign, or in the same lane to change state.');
      if (to.lane === UNASSIGNED) return this.#refuse(id, 'A task cannot be unassigned from the board.');
      return this.#move(task, { kind: 'reassign', agent: to.lane }, to);
    }
    if (to.column === fromColumn) return;
    const verdict = moveForDrop(task, to.column);
    if ('reason' in verdict) return this.#refuse(id, verdict.reason);
    return this.#move(task, verdict.intent, to);
  }

  async #move(task: BoardTask, intent: MoveIntent, to?: ListInfo): Promise<void> {
    const move = await completeMove(task, intent);
    if (!move) return;
    const parts = this.#cards.get(task.id);
    if (!parts) return;
    const home = { list: parts.el.parentElement, next: parts.el.nextElementSibling };
    const lane = to?.lane ?? (this.#host.ui.lanes === 'agent' ? (task.agent ?? UNASSIGNED) : UNASSIGNED);
    const target = this.#lists.get(listKey(move.kind === 'reassign' && this.#host.ui.lanes === 'agent' ? move.agent : lane, targetColumn(task, intent)));
    this.#clearError(parts);
    parts.el.classList.add('pending');
    parts.el.setAttribute('aria-busy', 'true');
    this.#pending.add(task.id);
    if (target && target.el !== parts.el.parentElement) this.#insert(target.el, parts.el, task.id);
    try {
      await this.#host.rpc.request('moveTask', { taskId: task.id, move });
      announce(`${task.id}: ${describe(intent)} requested.`);
    } catch (error) {
      // Snap back to where the card was, unless a delta has placed it since.
      const now = this.#host.store.tasks.get(task.id);
      if (now === task && home.list) home.list.insertBefore(parts.el, home.next && home.next.parentElement === home.list ? home.next : null);
      else if (now) this.update([now]);
      this.#refuse(task.id, (error as Error).message);
    } finally {
      this.#pending.delete(task.id);
      parts.el.classList.remove('pending');
      parts.el.removeAttribute('aria-busy');
    }
  }

  #refuse(id: string, reason: string): void {
    this.#showError(id, reason);
    const parts = this.#cards.get(id);
    if (!parts) return;
    parts.el.classList.remove('snap-back');
    void parts.el.offsetWidth; // restart the animation
    parts.el.classList.add('snap-back');
  }

  #showError(id: string, message: string): void {
    const parts = this.#cards.get(id);
    announce(`${id}: ${message}`);
    if (!parts) return;
    setCardError(parts, message);
    parts.el.classList.add('refused');
    setTimeout(() => {
      if (parts.error?.textContent === message) this.#clearError(parts);
    }, 8000);
  }

  #clearError(parts: CardParts): void {
    setCardError(parts, '');
    parts.el.classList.remove('refused', 'snap-back');
  }
}

function listKey(lane: string, column: BoardColumn): string {
  return `${lane}\u0000${column}`;
}

function siblingCard(card: HTMLElement, step: number): string | undefined {
  let el: Element | null = card;
  do el = step > 0 ? el.nextElementSibling : el.previousElementSibling;
  while (el && (el as HTMLElement).hidden);
  return (el as HTMLElement | null)?.dataset.taskId;
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
