// The board: header, four tabs (Summary, Kanban, Graph, Dashboard) and the message loop. A
// finished run opens the board on its summary, once per run. A snapshot
// renders the visible tab at once and the others when first shown; deltas are gathered and
// applied once per animation frame, however fast they arrive.
import { BOARD_TABS, type BoardSnapshot, type BoardTab, type BoardTask } from '../../../src/shared/boardTypes';
import { isHostMessage, type HostMessage } from '../../../src/shared/protocol';
import { DashboardView } from '../dashboard/dashboardView';
import { announce, h } from '../dom';
import { GraphView } from '../graph/graphView';
import { RequestClient } from '../rpc';
import { watchTheme } from '../theme';
import type { VsCodeApi } from '../vscodeApi';
import { KanbanView } from './kanbanView';
import { SummaryView } from './summaryView';
import { TaskStore } from './taskStore';
import { loadUiState, stateSaver } from './uiState';

const TAB_TITLES: Record<BoardTab, string> = { summary: 'Summary', kanban: 'Kanban', graph: 'Graph', dashboard: 'Dashboard' };
const FINISHED = new Set(['completed', 'stopped', 'cancelled']);

export function startBoard(api: VsCodeApi<unknown>, root: HTMLElement): void {
  const ui = loadUiState(api);
  const saveUi = stateSaver(api, ui);
  const rpc = new RequestClient(api);
  const store = new TaskStore();
  const host = { store, rpc, ui, saveUi };
  const kanban = new KanbanView(host);
  const graph = new GraphView(host);
  const dashboard = new DashboardView();
  const summary = new SummaryView({ store, rpc, showTab: (tab) => showTab(tab, true) });
  const views: Record<BoardTab, HTMLElement> = { summary: summary.el, kanban: kanban.el, graph: graph.el, dashboard: dashboard.el };
  let kanbanDirty = true;
  let pending = new Map<string, BoardTask>();
  let frame = 0;

  // --- layout
  const title = h('h1', { className: 'board-title', text: 'Board' });
  const sprintSelect = h('select', { className: 'select', attrs: { 'aria-label': 'Sprint' } });
  const runStatus = h('span', { className: 'run-status', attrs: { role: 'status' } });
  const emergency = h('div', { className: 'emergency-banner', attrs: { role: 'alert' } });
  emergency.hidden = true;
  const progress = h('span', { className: 'muted progress' });
  const tablist = h('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Board views' } });
  const tabs = new Map<BoardTab, HTMLButtonElement>();
  for (const tab of BOARD_TABS) {
    const button = h('button', { className: 'tab', text: TAB_TITLES[tab], attrs: { role: 'tab', id: `tab-${tab}`, 'aria-controls': `panel-${tab}`, type: 'button' } });
    button.addEventListener('click', () => showTab(tab, true));
    tabs.set(tab, button);
    tablist.append(button);
  }
  tablist.addEventListener('keydown', (e) => {
    const i = BOARD_TABS.indexOf(ui.tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? BOARD_TABS.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    showTab(BOARD_TABS[(next + BOARD_TABS.length) % BOARD_TABS.length]!, true);
  });
  const panels = h('div', { className: 'panels' });
  for (const tab of BOARD_TABS) {
    const panel = h('div', { className: 'panel', attrs: { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}`, 'data-tab': tab } }, views[tab]);
    panels.append(panel);
  }
  const empty = h('p', { className: 'empty', attrs: { hidden: true } });
  root.replaceChildren(
    h('header', { className: 'board-header' }, title, sprintSelect, runStatus, progress),
    emergency,
    h('main', { className: 'board-main' }, tablist, empty, panels),
  );
  sprintSelect.addEventListener('change', () => {
    void rpc.request('selectSprint', { sprintId: sprintSelect.value }).catch((e: Error) => announce(e.message));
  });

  function showTab(tab: BoardTab, focus: boolean): void {
    ui.tab = tab;
    saveUi();
    for (const [t, button] of tabs) {
      const selected = t === tab;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      (views[t].parentElement as HTMLElement).hidden = !selected;
      views[t].hidden = !selected;
    }
    if (focus) tabs.get(tab)!.focus();
    if (!store.snapshot) return;
    if (tab === 'kanban' && kanbanDirty) {
      kanbanDirty = false;
      kanban.render();
    } else if (tab === 'kanban') {
      kanban.shown();
    }
    if (tab === 'graph') graph.shown();
    if (tab === 'dashboard') dashboard.shown();
    if (tab === 'summary') summary.shown();
  }

  /** Once per finished run, the board opens on its summary; after that the person's tab stays. */
  function summaryOnFinish(s: BoardSnapshot): void {
    const r = s.run;
    if (r.sprint !== s.sprint?.id || !FINISHED.has(r.status) || !r.runId || ui.summaryFor === r.runId) return;
    ui.summaryFor = r.runId;
    ui.tab = 'summary';
    saveUi();
  }

  function renderHeader(s: BoardSnapshot): void {
    title.textContent = s.sprint ? s.sprint.name : 'Board';
    sprintSelect.replaceChildren(...s.sprints.map((sp) => h('option', { text: sp.name === sp.id ? sp.id : `${sp.name} (${sp.id})`, attrs: { value: sp.id } })));
    sprintSelect.value = s.sprint?.id ?? '';
    sprintSelect.hidden = s.sprints.length < 2;
    renderRun(s);
  }

  function renderRun(s: BoardSnapshot): void {
    const r = s.run;
    const ours = r.sprint !== undefined && r.sprint === s.sprint?.id;
    runStatus.textContent = !ours || r.status === 'idle' ? 'not running' : `${r.status}${r.runningHere ? ' in this window' : ''}${r.reason ? ` — ${r.reason}` : ''}`;
    runStatus.dataset.status = ours ? r.status : 'idle';
    // Seed 000's emergency pattern: on show until its response tasks are done.
    emergency.hidden = !(ours && r.emergency);
    emergency.textContent = ours && r.emergency ? `⚠ Emergency (${r.emergency.event}): ${r.emergency.tasks.join(', ')} go first; lower-priority work waits` : '';
    renderProgress();
  }

  function renderProgress(): void {
    let done = 0;
    for (const t of store.tasks.values()) if (t.status === 'done' || t.status === 'skipped') done++;
    const text = `${done} / ${store.tasks.size} done`;
    if (progress.textContent !== text) progress.textContent = text;
  }

  function onSnapshot(s: BoardSnapshot): void {
    performance.mark('snapshot-received');
    pending = new Map();
    store.reset(s);
    renderHeader(s);
    empty.hidden = !s.emptyReason;
    empty.textContent = s.emptyReason ?? '';
    panels.hidden = tablist.hidden = Boolean(s.emptyReason);
    kanbanDirty = true;
    graph.reset();
    dashboard.set(s.metrics, s.sprint?.estimateUnit);
    summary.invalidate();
    summaryOnFinish(s);
    showTab(ui.tab, false);
    if (ui.selected && ui.tab === 'graph') graph.select(ui.selected);
    const tab = ui.tab;
    // Marks for the benchmark: after the frame that paints the new board.
    requestAnimationFrame(() => setTimeout(() => performance.mark(`${tab}-painted`), 0));
  }

  function flush(): void {
    frame = 0;
    if (pending.size === 0) return;
    const changed = [...pending.values()];
    pending = new Map();
    store.apply(changed);
    if (!kanbanDirty) kanban.update(changed);
    graph.update(changed);
    summary.invalidate();
    renderProgress();
  }

  function onMessage(m: HostMessage): void {
    switch (m.type) {
      case 'snapshot':
        onSnapshot(m.snapshot);
        break;
      case 'tasksChanged':
        store.setHostNow(m.hostNow);
        for (const t of m.tasks) pending.set(t.id, t);
        frame ||= requestAnimationFrame(flush);
        break;
      case 'runChanged':
        if (!store.snapshot) break;
        store.snapshot.run = m.run;
        store.snapshot.capabilities = m.capabilities;
        renderRun(store.snapshot);
        summary.invalidate();
        // Finishing while the Kanban is shown (where it would look empty): on to the summary.
        // Someone reading the graph or the dashboard is left there.
        if (ui.tab === 'kanban' && ui.summaryFor !== m.run.runId && FINISHED.has(m.run.status)) {
          summaryOnFinish(store.snapshot);
          showTab(ui.tab, false);
        }
        break;
      case 'metricsChanged':
        dashboard.set(m.metrics);
        break;
      case 'resultChanged':
        if (!store.snapshot) break;
        store.snapshot.result = m.result;
        summary.invalidate();
        break;
      case 'reveal':
        if (m.tab) showTab(m.tab, false);
        if (m.taskId) {
          if (ui.tab === 'graph') graph.select(m.taskId, { center: true });
          else kanban.focusTask(m.taskId);
        }
        break;
      case 'response':
        rpc.settle(m);
        break;
      case 'review':
        break;
    }
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostMessage(event.data)) onMessage(event.data);
  });
  watchTheme(() => graph.themeChanged());
  showTab(ui.tab, false);
  // For the browser tests and the benchmark: read-only handles, no behaviour.
  (window as unknown as { __batonBoard: unknown }).__batonBoard = { graph, store, ui };
  api.postMessage({ type: 'ready', app: 'board' });
}
