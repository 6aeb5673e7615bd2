// The Kanban's toolbar: filters by text, team and agent, the swimlane switch, and the summary of
// how many tasks the filters let through. Filter values live in the UI state, so they survive a
// reload; the options come from the snapshot's members and tasks.
import type { BoardTask } from '../../../src/shared/boardTypes';
import { h } from '../dom';
import type { TaskStore } from './taskStore';
import type { BoardUiState } from './uiState';

export interface FiltersHost {
  store: TaskStore;
  ui: BoardUiState;
  saveUi(): void;
}

export class KanbanFilters {
  readonly el: HTMLElement;
  readonly #host: FiltersHost;
  readonly #text: HTMLInputElement;
  readonly #team: HTMLSelectElement;
  readonly #agent: HTMLSelectElement;
  readonly #lanes: HTMLSelectElement;
  readonly #summary: HTMLElement;

  constructor(host: FiltersHost, on: { filtersChanged(): void; lanesChanged(): void }) {
    this.#host = host;
    this.#text = h('input', { className: 'input', attrs: { type: 'search', placeholder: 'Filter by id, title or agent', 'aria-label': 'Filter cards by text' } });
    this.#team = h('select', { className: 'select', attrs: { 'aria-label': 'Filter by team' } });
    this.#agent = h('select', { className: 'select', attrs: { 'aria-label': 'Filter by agent' } });
    this.#lanes = h('select', { className: 'select', attrs: { 'aria-label': 'Swimlanes' } },
      h('option', { text: 'No swimlanes', attrs: { value: 'none' } }), h('option', { text: 'Swimlane per agent', attrs: { value: 'agent' } }));
    this.#summary = h('span', { className: 'muted kanban-summary', attrs: { 'aria-live': 'polite' } });
    this.el = h('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Kanban filters' } },
      this.#text, this.#team, this.#agent, this.#lanes, this.#summary);
    const changed = () => {
      host.ui.filters = { text: this.#text.value, team: this.#team.value, agent: this.#agent.value };
      host.saveUi();
      on.filtersChanged();
    };
    this.#text.addEventListener('input', changed);
    this.#team.addEventListener('change', changed);
    this.#agent.addEventListener('change', changed);
    this.#lanes.addEventListener('change', () => {
      host.ui.lanes = this.#lanes.value === 'agent' ? 'agent' : 'none';
      host.saveUi();
      on.lanesChanged();
    });
  }

  /** Fills the options from the snapshot and the values from the UI state. */
  fill(): void {
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
    fill(this.#team, 'All teams', teams, ui.filters.team);
    fill(this.#agent, 'All agents', agents, ui.filters.agent);
    this.#text.value = ui.filters.text;
    this.#lanes.value = ui.lanes;
  }

  active(): boolean {
    const f = this.#host.ui.filters;
    return Boolean(f.text || f.team || f.agent);
  }

  matches(task: BoardTask): boolean {
    const f = this.#host.ui.filters;
    if (f.team && task.team !== f.team && !this.#host.store.members.some((m) => m.team === f.team && m.agent === task.agent)) return false;
    if (f.agent && task.agent !== f.agent) return false;
    if (f.text) {
      const q = f.text.toLowerCase();
      if (!task.id.toLowerCase().includes(q) && !task.title.toLowerCase().includes(q) && !(task.agent ?? '').toLowerCase().includes(q)) return false;
    }
    return true;
  }

  /** Shows every task again (a task the host asks to reveal may be filtered out). */
  clear(): void {
    this.#host.ui.filters = { text: '', team: '', agent: '' };
    this.#host.saveUi();
    this.#text.value = this.#team.value = this.#agent.value = '';
  }

  summarize(visible: number, total: number): void {
    const text = visible === total ? `${total} tasks` : `${visible} of ${total} tasks`;
    if (this.#summary.textContent !== text) this.#summary.textContent = text;
  }
}
