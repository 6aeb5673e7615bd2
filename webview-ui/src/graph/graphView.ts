// The Graph tab: the sprint's dependency DAG on a canvas, laid out by our layered layout,
// nodes coloured and marked by state and redrawn as deltas arrive, the critical path
// highlighted. Click selects: everything upstream and downstream of the task stays lit, the
// rest dims, and the side panel lists what it depends on, what it unblocks (`baton plan`'s
// list) and its actions. Double-click or Enter opens it (its handoff, else its YAML);
// right-click shows its menu; wheel and +/- zoom, drag and arrow keys pan. A list of the nodes
// for screen readers mirrors the canvas.
import type { BoardTask, BoardTaskStatus } from '../../../src/shared/boardTypes';
import { formatEstimate } from '../../../src/shared/estimates';
import { TASK_ACTIONS, taskActions, type TaskActionId } from '../../../src/shared/taskActions';
import { menuContext, primaryAction, taskFacts } from '../board/taskMenu';
import { announce, h } from '../dom';
import { STATUS_GLYPH, STATUS_TEXT, STATUSES } from '../statusLook';
import type { RequestClient } from '../rpc';
import { cssVar } from '../theme';
import type { TaskStore } from '../board/taskStore';
import type { BoardUiState } from '../board/uiState';
import { drawGraph, type Highlight, type Palette } from './graphRender';
import { layoutGraph, type GraphLayout } from './layout';

export interface GraphHost {
  store: TaskStore;
  rpc: RequestClient;
  ui: BoardUiState;
  saveUi(): void;
}

const MIN_SCALE = 0.02;
const MAX_SCALE = 3;
/** Compact at Fit: narrower gaps between levels leave the nodes room for their titles. */
const LAYOUT = { nodeWidth: 200, nodeHeight: 72, levelGap: 56, rowGap: 12 };

export class GraphView {
  readonly el: HTMLElement;
  readonly #host: GraphHost;
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #panel: HTMLElement;
  readonly #legend: HTMLElement;
  #layout: GraphLayout | undefined;
  #tasks: BoardTask[] = [];
  #index = new Map<string, number>();
  #critical = new Uint8Array(0);
  #labels: { key: string; text: (string | undefined)[] } = { key: '', text: [] };
  readonly #nodeList: HTMLElement;
  #palette: Palette | undefined;
  #dirtyLayout = true;
  #frame = 0;
  #size = { width: 0, height: 0, dpr: 1 };
  #drag: { x: number; y: number; vx: number; vy: number; moved: boolean } | undefined;
  /** Layout and first-draw times of the last snapshot, for the benchmark. */
  stats = { layoutMs: 0, drawMs: 0, nodes: 0, edges: 0, crossings: { initial: 0, final: 0 }, visible: 0, labelled: 0 };

  constructor(host: GraphHost) {
    this.#host = host;
    this.#canvas = h('canvas', { className: 'graph-canvas', attrs: { tabindex: 0, role: 'img', 'aria-label': 'Dependency graph' } });
    this.#ctx = this.#canvas.getContext('2d', { alpha: false })!;
    this.#panel = h('aside', { className: 'graph-panel', attrs: { role: 'region', 'aria-label': 'Selected task', 'aria-live': 'polite' } });
    this.#legend = h('div', { className: 'graph-legend', attrs: { 'aria-label': 'Legend' } });
    const zoomIn = h('button', { className: 'icon-button', text: '+', attrs: { type: 'button', 'aria-label': 'Zoom in', title: 'Zoom in (+)' } });
    const zoomOut = h('button', { className: 'icon-button', text: '−', attrs: { type: 'button', 'aria-label': 'Zoom out', title: 'Zoom out (-)' } });
    const fit = h('button', { className: 'icon-button', text: 'Fit', attrs: { type: 'button', 'aria-label': 'Fit the graph to the view', title: 'Fit (0)' } });
    zoomIn.addEventListener('click', () => this.#zoomBy(1.25));
    zoomOut.addEventListener('click', () => this.#zoomBy(0.8));
    fit.addEventListener('click', () => this.fit());
    this.#nodeList = h('ul', { className: 'visually-hidden graph-nodes', attrs: { 'aria-label': 'Tasks in the graph' } });
    const stage = h('div', { className: 'graph-stage' }, this.#canvas,
      h('div', { className: 'graph-controls', attrs: { role: 'toolbar', 'aria-label': 'Zoom' } }, zoomIn, zoomOut, fit), this.#legend, this.#nodeList);
    this.el = h('div', { className: 'graph-view' }, stage, this.#panel);
    this.#buildLegend();
    this.#wire(stage);
    new ResizeObserver(() => this.#resize(stage)).observe(stage);
  }

  /** A new snapshot: lay out again when next shown. */
  reset(): void {
    this.#dirtyLayout = true;
    this.#layout = undefined;
    if (!this.el.hidden) this.#ensureLayout();
    this.#renderPanel();
  }

  /** Changed tasks: statuses recolour on the next frame. */
  update(changed: readonly BoardTask[]): void {
    if (!this.#layout) return;
    let structural = false;
    for (const t of changed) {
      const i = this.#index.get(t.id);
      if (i === undefined) {
        structural = true;
        continue;
      }
      if (this.#tasks[i]!.title !== t.title) this.#labels.text[i] = undefined;
      this.#tasks[i] = t;
    }
    if (structural) this.reset();
    else {
      this.#renderNodeList();
      if (!this.el.hidden) this.requestDraw();
    }
    if (this.#host.ui.selected && changed.some((t) => t.id === this.#host.ui.selected || this.#host.store.tasks.get(this.#host.ui.selected!)?.dependencies.includes(t.id))) this.#renderPanel();
  }

  /** The tab became visible. */
  shown(): void {
    this.#ensureLayout();
    this.requestDraw();
  }

  themeChanged(): void {
    this.#palette = undefined;
    this.#labels = { key: '', text: [] };
    this.#buildLegend();
    if (!this.el.hidden) this.requestDraw();
  }

  select(id: string | undefined, options: { center?: boolean } = {}): void {
    this.#host.ui.selected = id;
    this.#host.saveUi();
    this.#renderPanel();
    if (id && options.center) this.#centerOn(id);
    this.requestDraw();
    const task = id ? this.#host.store.tasks.get(id) : undefined;
    if (task) announce(`${task.id}, ${task.title}: ${task.status}.`);
  }

  fit(): void {
    const layout = this.#layout;
    const { width, height } = this.#size;
    if (!layout || width === 0 || height === 0) return;
    const b = layout.bounds;
    const pad = 24;
    const scale = clamp(Math.min((width - 2 * pad) / (b.maxX - b.minX || 1), (height - 2 * pad) / (b.maxY - b.minY || 1), 1));
    this.#host.ui.graph = undefined; // fitted: refit on resize
    this.#setView({ scale, x: (width - (b.maxX - b.minX) * scale) / 2 - b.minX * scale, y: (height - (b.maxY - b.minY) * scale) / 2 - b.minY * scale }, false);
  }

  /** Screen position of a node's centre (client coordinates), for tests and the benchmark. */
  nodeClientPoint(id: string): { x: number; y: number; left: number; scale: number } | undefined {
    const i = this.#index.get(id);
    const layout = this.#layout;
    if (i === undefined || !layout) return undefined;
    const v = this.#view();
    const rect = this.#canvas.getBoundingClientRect();
    const left = rect.left + v.x + layout.x[i]! * v.scale;
    return { x: left + (layout.nodeWidth / 2) * v.scale, y: rect.top + v.y + layout.y[i]! * v.scale, left, scale: v.scale };
  }

  requestDraw(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.draw();
    });
  }

  draw(): void {
    const layout = this.#layout;
    if (!layout || this.el.hidden || this.#size.width === 0) return;
    const started = performance.now();
    const drawn = drawGraph({
      ctx: this.#ctx, width: this.#size.width, height: this.#size.height, dpr: this.#size.dpr, layout, tasks: this.#tasks,
      critical: this.#critical, view: this.#view(), palette: this.#paletteOf(), highlight: this.#highlight(), labels: this.#labels,
    });
    this.stats.visible = drawn.visible;
    this.stats.labelled = drawn.labelled;
    this.stats.drawMs = performance.now() - started;
  }

  #ensureLayout(): void {
    if (!this.#dirtyLayout) return;
    this.#dirtyLayout = false;
    const started = performance.now();
    const tasks = [...this.#host.store.tasks.values()];
    this.#tasks = tasks;
    this.#index = new Map(tasks.map((t, i) => [t.id, i]));
    this.#critical = new Uint8Array(tasks.length);
    tasks.forEach((t, i) => (this.#critical[i] = t.critical ? 1 : 0));
    this.#labels = { key: '', text: [] };
    this.#layout = layoutGraph({
      level: tasks.map((t) => t.level),
      dependencies: tasks.map((t) => t.dependencies.map((d) => this.#index.get(d) ?? -1).filter((i) => i >= 0)),
    }, LAYOUT);
    this.#renderNodeList();
    this.stats.layoutMs = performance.now() - started;
    this.stats.nodes = tasks.length;
    this.stats.edges = this.#layout.edges.length;
    this.stats.crossings = this.#layout.crossings;
    const critical = this.#host.store.snapshot?.criticalPath ?? [];
    this.#canvas.setAttribute('aria-label', `Dependency graph: ${tasks.length} tasks in ${this.#layout.levels.length} levels.` +
      (critical.length ? ` Critical path: ${critical.join(' → ')}.` : '') + ' Enter or Home selects the first task, arrow keys follow its dependencies and dependants, Enter opens the selected task, Shift+arrows pan, plus and minus zoom, 0 fits.');
    if (this.#host.ui.graph === undefined) this.fit();
  }

  #view(): { scale: number; x: number; y: number } {
    return this.#host.ui.graph ?? this.#fitted;
  }

  #fitted = { scale: 1, x: 0, y: 0 };

  #setView(view: { scale: number; x: number; y: number }, persist: boolean): void {
    if (persist) {
      this.#host.ui.graph = view;
      this.#host.saveUi();
    } else {
      this.#fitted = view;
    }
    this.requestDraw();
  }

  #zoomBy(factor: number, cx = this.#size.width / 2, cy = this.#size.height / 2): void {
    const v = this.#view();
    const scale = clamp(v.scale * factor);
    const k = scale / v.scale;
    this.#setView({ scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k }, true);
  }

  #panBy(dx: number, dy: number): void {
    const v = this.#view();
    this.#setView({ scale: v.scale, x: v.x + dx, y: v.y + dy }, true);
  }

  #centerOn(id: string): void {
    const i = this.#index.get(id);
    const layout = this.#layout;
    if (i === undefined || !layout) return;
    const v = this.#view();
    const scale = Math.max(v.scale, 0.6);
    this.#setView({ scale, x: this.#size.width / 2 - (layout.x[i]! + layout.nodeWidth / 2) * scale, y: this.#size.height / 2 - layout.y[i]! * scale }, true);
  }

  #resize(stage: HTMLElement): void {
    const rect = stage.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.#size = { width: Math.round(rect.width), height: Math.round(rect.height), dpr };
    this.#canvas.width = Math.max(1, Math.round(rect.width * dpr));
    this.#canvas.height = Math.max(1, Math.round(rect.height * dpr));
    if (this.#host.ui.graph === undefined) this.fit();
    this.draw();
  }

  #hit(clientX: number, clientY: number): number {
    const layout = this.#layout;
    if (!layout) return -1;
    const rect = this.#canvas.getBoundingClientRect();
    const v = this.#view();
    const wx = (clientX - rect.left - v.x) / v.scale;
    const wy = (clientY - rect.top - v.y) / v.scale;
    const k = Math.floor(wx / layout.columnPitch);
    const level = layout.levels[k];
    if (!level || wx - k * layout.columnPitch > layout.nodeWidth) return -1;
    let lo = 0;
    let hi = level.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (layout.y[level[mid]!]! + layout.nodeHeight / 2 < wy) lo = mid + 1;
      else hi = mid;
    }
    const v2 = level[lo];
    return v2 !== undefined && Math.abs(layout.y[v2]! - wy) <= layout.nodeHeight / 2 ? v2 : -1;
  }

  #highlight(): Highlight | undefined {
    const id = this.#host.ui.selected;
    const i = id === undefined ? undefined : this.#index.get(id);
    if (id === undefined || i === undefined) return undefined;
    const toIndex = (ids: readonly string[]) => new Set(ids.map((x) => this.#index.get(x)).filter((x): x is number => x !== undefined));
    const t = this.#tasks[i]!;
    return {
      selected: i, dependencies: toIndex(t.dependencies), unblocks: toIndex(t.unblocks),
      upstream: this.#reach(i, (x) => this.#tasks[x]!.dependencies), downstream: this.#reach(i, (x) => this.#tasks[x]!.unblocks),
    };
  }

  /** Every node reached from `start` along `next` (ids), transitively — what is lit on select. */
  #reach(start: number, next: (i: number) => readonly string[]): Set<number> {
    const seen = new Set<number>();
    const stack = [start];
    for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
      for (const id of next(v)) {
        const w = this.#index.get(id);
        if (w === undefined || seen.has(w) || w === start) continue;
        seen.add(w);
        stack.push(w);
      }
    }
    return seen;
  }

  #paletteOf(): Palette {
    if (this.#palette) return this.#palette;
    const el = this.el;
    const status = {} as Record<BoardTaskStatus, string>;
    for (const s of STATUSES) status[s] = cssVar(el, `--status-${s}`, '#888');
    this.#palette = {
      background: cssVar(el, '--graph-background', '#fff'),
      foreground: cssVar(el, '--graph-foreground', '#000'),
      muted: cssVar(el, '--graph-muted', '#888'),
      nodeBody: cssVar(el, '--graph-node', '#eee'),
      edge: cssVar(el, '--graph-edge', '#999'),
      critical: cssVar(el, '--graph-critical', '#c00'),
      focus: cssVar(el, '--graph-focus', '#07f'),
      dependency: cssVar(el, '--graph-dependency', '#a0a'),
      unblocks: cssVar(el, '--graph-unblocks', '#0a0'),
      status,
      font: getComputedStyle(el).fontFamily || 'sans-serif',
    };
    return this.#palette;
  }

  #buildLegend(): void {
    this.#legend.replaceChildren(...STATUSES.map((s) => h('span', { className: 'legend-item' }, h('span', { className: `swatch glyph-swatch status-${s}`, text: STATUS_GLYPH[s], attrs: { 'aria-hidden': 'true' } }), STATUS_TEXT[s])),
      h('span', { className: 'legend-item' }, h('span', { className: 'swatch critical-swatch', attrs: { 'aria-hidden': 'true' } }), 'critical path'));
  }

  /** The nodes as a list for screen readers and keyboard users: each selects its node. */
  #renderNodeList(): void {
    const unit = this.#host.store.snapshot?.sprint?.estimateUnit ?? 'points';
    this.#nodeList.replaceChildren(...this.#tasks.map((t) => {
      const b = h('button', {
        className: 'graph-node-button', text: `${t.title}, ${STATUS_TEXT[t.status]}, ${formatEstimate(t.estimate, unit, 'long')}, unblocks ${t.unblocks.length}`,
        attrs: { type: 'button', 'data-task-id': t.id, tabindex: -1 },
      });
      b.addEventListener('click', () => this.select(t.id, { center: true }));
      return h('li', {}, b);
    }));
  }

  #runAction(id: string, action: TaskActionId): void {
    void this.#host.rpc.request('taskAction', { taskId: id, action }).catch((e: Error) => announce(e.message));
  }

  #renderPanel(): void {
    const id = this.#host.ui.selected;
    const task = id ? this.#host.store.tasks.get(id) : undefined;
    if (!task) {
      this.#panel.replaceChildren(h('p', { className: 'muted', text: 'Select a task to see what it depends on, what finishing it unblocks, and what you can do with it.' }));
      return;
    }
    const readyAfter = new Set(this.#host.store.unblockedBy(task.id));
    const link = (tid: string, note?: string) => {
      const t = this.#host.store.tasks.get(tid);
      const b = h('button', { className: 'link-button task-link', text: tid, attrs: { type: 'button', 'data-task-id': tid } });
      b.addEventListener('click', () => this.select(tid, { center: true }));
      const status = t?.status ?? 'planning';
      return h('li', {}, b, h('span', { className: `status-pill status-${status}`, text: `${STATUS_GLYPH[status]} ${STATUS_TEXT[status]}` }), ...(note ? [h('span', { className: 'muted', text: ` ${note}` })] : []));
    };
    const unit = this.#host.store.snapshot?.sprint?.estimateUnit ?? 'points';
    const actions = taskActions(taskFacts(task)).map((action) => {
      const b = h('button', { className: action === primaryAction(task) ? 'button' : 'button secondary', text: TASK_ACTIONS[action].title, attrs: { type: 'button', 'data-action': action } });
      b.addEventListener('click', () => this.#runAction(task.id, action));
      return b;
    });
    this.#panel.replaceChildren(
      h('h2', { className: 'panel-title', text: task.title }),
      h('p', { className: 'muted', text: `${task.id} · ${STATUS_GLYPH[task.status]} ${STATUS_TEXT[task.status]} · ${task.agent ?? 'unassigned'} · ${formatEstimate(task.estimate, unit)}${task.critical ? ' · critical path' : ''}` }),
      h('h3', { className: 'deps-heading', text: `Depends on (${task.dependencies.length})` }),
      h('ul', { className: 'task-list deps-list' }, ...task.dependencies.map((d) => link(d))),
      h('h3', { className: 'unblocks-heading', text: `Unblocks (${task.unblocks.length})` }),
      h('ul', { className: 'task-list unblocks-list' }, ...task.unblocks.map((d) => link(d, readyAfter.has(d) ? '— ready once this is done' : undefined))),
      h('div', { className: 'panel-actions', attrs: { role: 'group', 'aria-label': `Actions for ${task.id}` } }, ...actions),
    );
  }

  #wire(stage: HTMLElement): void {
    const c = this.#canvas;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = c.getBoundingClientRect();
      this.#zoomBy(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    c.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      const v = this.#view();
      this.#drag = { x: e.clientX, y: e.clientY, vx: v.x, vy: v.y, moved: false };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      const d = this.#drag;
      if (!d) return;
      if (!d.moved && Math.hypot(e.clientX - d.x, e.clientY - d.y) < 4) return;
      d.moved = true;
      stage.classList.add('panning');
      this.#setView({ scale: this.#view().scale, x: d.vx + e.clientX - d.x, y: d.vy + e.clientY - d.y }, true);
    });
    c.addEventListener('pointerup', (e) => {
      const d = this.#drag;
      this.#drag = undefined;
      stage.classList.remove('panning');
      if (!d || d.moved) return;
      const hit = this.#hit(e.clientX, e.clientY);
      this.select(hit >= 0 ? this.#tasks[hit]!.id : undefined);
    });
    c.addEventListener('dblclick', (e) => {
      const hit = this.#hit(e.clientX, e.clientY);
      if (hit >= 0) this.#runAction(this.#tasks[hit]!.id, primaryAction(this.#tasks[hit]!));
    });
    // Right-click on a node: VS Code's context menu with its actions (package.json
    // `webview/context`) reads the canvas's context, set here for the node under the pointer.
    c.addEventListener('contextmenu', (e) => {
      const hit = this.#hit(e.clientX, e.clientY);
      if (hit < 0) {
        delete c.dataset.vscodeContext;
        return;
      }
      const task = this.#tasks[hit]!;
      c.dataset.vscodeContext = menuContext(task, this.#host.store.snapshot?.capabilities);
      if (this.#host.ui.selected !== task.id) this.select(task.id);
    }, { capture: true });
    c.addEventListener('keydown', (e) => this.#onKey(e));
  }

  #onKey(e: KeyboardEvent): void {
    const selected = this.#host.ui.selected;
    const i = selected === undefined ? undefined : this.#index.get(selected);
    const step = 60;
    switch (e.key) {
      case '+':
      case '=':
        this.#zoomBy(1.25);
        break;
      case '-':
      case '_':
        this.#zoomBy(0.8);
        break;
      case '0':
        this.fit();
        break;
      case 'Escape':
        this.select(undefined);
        break;
      case 'Enter':
        // With nothing selected, Enter selects the first task: from there the arrows follow the graph.
        if (i !== undefined) this.#runAction(this.#tasks[i]!.id, primaryAction(this.#tasks[i]!));
        else this.#selectFirst();
        break;
      case 'Home':
        this.#selectFirst();
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowDown':
        if (i === undefined || e.shiftKey) {
          this.#panBy(e.key === 'ArrowLeft' ? step : e.key === 'ArrowRight' ? -step : 0, e.key === 'ArrowUp' ? step : e.key === 'ArrowDown' ? -step : 0);
        } else {
          const next = this.#neighbour(i, e.key);
          if (next !== undefined) this.select(this.#tasks[next]!.id, { center: true });
        }
        break;
      default:
        if (i === undefined && e.key === 'Tab') return;
        return;
    }
    e.preventDefault();
  }

  /** The first task of the first level (what the keyboard starts from). */
  #selectFirst(): void {
    const first = this.#layout?.levels[0]?.[0];
    if (first !== undefined) this.select(this.#tasks[first]!.id, { center: true });
  }

  #neighbour(i: number, key: string): number | undefined {
    const layout = this.#layout!;
    const task = this.#tasks[i]!;
    if (key === 'ArrowLeft') return task.dependencies.map((d) => this.#index.get(d)).find((x) => x !== undefined);
    if (key === 'ArrowRight') {
      const dependant = this.#host.store.dependants.get(task.id)?.[0];
      return dependant === undefined ? undefined : this.#index.get(dependant);
    }
    const level = layout.levels[task.level] ?? layout.levels.find((l) => l.includes(i));
    if (!level) return undefined;
    const at = level.indexOf(i);
    return level[at + (key === 'ArrowDown' ? 1 : -1)];
  }
}

function clamp(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}
