// How each task state looks on the board — a colour (CSS `--status-*`, from the theme) and a
// glyph, so no state is told by colour alone: the Kanban's cards, the graph's nodes and the
// legend all use these.
import type { BoardTaskStatus } from '../../src/shared/boardTypes';

export const STATUSES: readonly BoardTaskStatus[] = ['planning', 'ready', 'running', 'review', 'blocked', 'done', 'failed', 'cancelled', 'skipped'];

/** A glyph per state, drawn beside the colour (fonts in VS Code's webviews all have these). */
export const STATUS_GLYPH: Readonly<Record<BoardTaskStatus, string>> = {
  planning: '○', ready: '◌', running: '▶', review: '◆', blocked: '■', done: '✓', failed: '✕', cancelled: '⊘', skipped: '»',
};

/** Words for a state, for labels and screen readers. */
export const STATUS_TEXT: Readonly<Record<BoardTaskStatus, string>> = {
  planning: 'planned', ready: 'ready', running: 'running', review: 'in review', blocked: 'blocked',
  done: 'done', failed: 'failed', cancelled: 'cancelled', skipped: 'skipped',
};
