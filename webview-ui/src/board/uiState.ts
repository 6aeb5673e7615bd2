// UI-only state (tab, filters, zoom, scroll, selection) kept with VS Code's getState/setState,
// so it survives the panel being hidden, the window reloading and the serializer restoring the
// panel. Data never goes here: it always comes from the host.
import { BOARD_TABS, type BoardTab } from '../../../src/shared/boardTypes';
import type { VsCodeApi } from '../vscodeApi';

export interface GraphViewport {
  scale: number;
  x: number;
  y: number;
}

export interface BoardUiState {
  version: 1;
  tab: BoardTab;
  filters: { text: string; team: string; agent: string };
  lanes: 'none' | 'agent';
  /** The board's scroll, and each column's when columns scroll on their own. */
  kanbanScroll: { left: number; top: number; columns: Record<string, number> };
  /** Undefined until the person zooms or pans: the graph is fitted to the view. */
  graph: GraphViewport | undefined;
  /** Selected task in the graph. */
  selected: string | undefined;
  /** Card with keyboard focus in the Kanban. */
  focused: string | undefined;
  /** The finished run the board last opened on its summary for (once per run, then the person's tab). */
  summaryFor: string | undefined;
}

export function defaultUiState(): BoardUiState {
  return { version: 1, tab: 'kanban', filters: { text: '', team: '', agent: '' }, lanes: 'none', kanbanScroll: { left: 0, top: 0, columns: {} }, graph: undefined, selected: undefined, focused: undefined, summaryFor: undefined };
}

/** The saved state, each field checked (a saved state may come from an older build). */
export function loadUiState(api: VsCodeApi<unknown>): BoardUiState {
  const saved = api.getState() as Partial<BoardUiState> | undefined;
  const state = defaultUiState();
  if (!saved || typeof saved !== 'object' || saved.version !== 1) return state;
  if (BOARD_TABS.includes(saved.tab as BoardTab)) state.tab = saved.tab as BoardTab;
  if (saved.filters && typeof saved.filters === 'object') {
    const f = saved.filters;
    state.filters = { text: String(f.text ?? ''), team: String(f.team ?? ''), agent: String(f.agent ?? '') };
  }
  if (saved.lanes === 'agent') state.lanes = 'agent';
  if (saved.kanbanScroll) {
    const columns: Record<string, number> = {};
    for (const [k, v] of Object.entries(saved.kanbanScroll.columns ?? {})) if (Number(v) > 0) columns[k] = Number(v);
    state.kanbanScroll = { left: Number(saved.kanbanScroll.left) || 0, top: Number(saved.kanbanScroll.top) || 0, columns };
  }
  const g = saved.graph;
  if (g && [g.scale, g.x, g.y].every(Number.isFinite) && g.scale > 0) state.graph = { scale: g.scale, x: g.x, y: g.y };
  if (typeof saved.selected === 'string') state.selected = saved.selected;
  if (typeof saved.focused === 'string') state.focused = saved.focused;
  if (typeof saved.summaryFor === 'string') state.summaryFor = saved.summaryFor;
  return state;
}

/** Saves at most every 150 ms: scrolling and zooming change the state on every frame. */
export function stateSaver(api: VsCodeApi<unknown>, state: BoardUiState): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      api.setState(state);
    }, 150);
  };
}
