// Draws a laid-out graph on a canvas: only what is in the viewport, edges and nodes batched
// by colour (a dozen fill/stroke calls for 2,000 nodes). Every node carries its state as a
// colour and a glyph (never colour alone); its title is drawn at every zoom where a legible
// line fits, at a screen size that does not shrink with the zoom.
import type { BoardTask, BoardTaskStatus } from '../../../src/shared/boardTypes';
import { STATUS_GLYPH, STATUS_TEXT, STATUSES } from '../statusLook';
import type { GraphLayout } from './layout';

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  nodeBody: string;
  edge: string;
  critical: string;
  focus: string;
  dependency: string;
  unblocks: string;
  status: Record<BoardTaskStatus, string>;
  font: string;
}

export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

export interface Highlight {
  selected: number;
  /** Direct dependencies and dependants: their edges and rings are drawn strongest. */
  dependencies: ReadonlySet<number>;
  unblocks: ReadonlySet<number>;
  /** Everything upstream and downstream of the selection (transitively): the rest is dimmed. */
  upstream: ReadonlySet<number>;
  downstream: ReadonlySet<number>;
}

export interface DrawInput {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  dpr: number;
  layout: GraphLayout;
  tasks: readonly BoardTask[];
  critical: Uint8Array;
  view: Viewport;
  palette: Palette;
  highlight: Highlight | undefined;
  /** Titles cut to fit, cached per node for one font and width (`key`); the caller clears `text` when titles change. */
  labels: { key: string; text: (string | undefined)[] };
}

/** What a frame drew, for the tests and the benchmark. */
export interface DrawStats {
  visible: number;
  /** Visible nodes whose title was drawn. */
  labelled: number;
}

/** Titles smaller than this on screen are not drawn (they could not be read). */
const MIN_TITLE_PX = 9;
const TITLE_PX = 12;

/** Draws one frame. */
export function drawGraph(d: DrawInput): DrawStats {
  const { ctx, layout, view, palette, highlight } = d;
  const { nodeWidth: W, nodeHeight: H } = layout;
  ctx.setTransform(d.dpr, 0, 0, d.dpr, 0, 0);
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, d.width, d.height);
  ctx.setTransform(d.dpr * view.scale, 0, 0, d.dpr * view.scale, d.dpr * view.x, d.dpr * view.y);
  const x0 = -view.x / view.scale;
  const y0 = -view.y / view.scale;
  const x1 = x0 + d.width / view.scale;
  const y1 = y0 + d.height / view.scale;
  const px = 1 / view.scale;

  // Edges: plain, then critical, then the selection's, each one path.
  const dim = highlight !== undefined;
  const plain = new Path2D();
  const critical = new Path2D();
  const deps = new Path2D();
  const unblocks = new Path2D();
  const chain = new Path2D();
  const inChain = (v: number) => highlight !== undefined && (v === highlight.selected || highlight.upstream.has(v) || highlight.downstream.has(v));
  for (const e of layout.edges) {
    if (e.maxX < x0 || e.minX > x1 || e.maxY < y0 || e.minY > y1) continue;
    let path = plain;
    if (highlight && e.to === highlight.selected && highlight.dependencies.has(e.from)) path = deps;
    else if (highlight && e.from === highlight.selected && highlight.unblocks.has(e.to)) path = unblocks;
    else if (highlight && inChain(e.from) && inChain(e.to)) path = chain;
    else if (d.critical[e.from] && d.critical[e.to]) path = critical;
    const p = e.points;
    path.moveTo(p[0]!, p[1]!);
    for (let i = 2; i < p.length; i += 2) path.lineTo(p[i]!, p[i + 1]!);
  }
  ctx.lineJoin = 'round';
  ctx.globalAlpha = dim ? 0.35 : 1;
  ctx.strokeStyle = palette.edge;
  ctx.lineWidth = Math.max(px, 1);
  ctx.stroke(plain);
  ctx.strokeStyle = palette.critical;
  ctx.lineWidth = Math.max(2.5 * px, 2.5);
  ctx.stroke(critical);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = palette.focus;
  ctx.lineWidth = Math.max(2 * px, 2);
  ctx.stroke(chain);
  ctx.lineWidth = Math.max(3 * px, 3);
  ctx.strokeStyle = palette.dependency;
  ctx.stroke(deps);
  ctx.strokeStyle = palette.unblocks;
  ctx.stroke(unblocks);

  // Nodes: visible ones per level by binary search on y.
  const visible: number[] = [];
  for (const level of layout.levels) {
    if (level.length === 0) continue;
    const lx = layout.x[level[0]!]!;
    if (lx > x1 || lx + W < x0) continue;
    let lo = 0;
    let hi = level.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (layout.y[level[mid]!]! + H / 2 < y0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < level.length; i++) {
      const v = level[i]!;
      if (layout.y[v]! - H / 2 > y1) break;
      visible.push(v);
    }
  }
  const screenH = view.scale * H;
  const stripe = Math.max(6, 14 * px);
  const byStatus = new Map<BoardTaskStatus, Path2D>();
  const body = new Path2D();
  const dimmed = new Path2D();
  const criticalBorder = new Path2D();
  for (const v of visible) {
    const t = d.tasks[v]!;
    const top = layout.y[v]! - H / 2;
    const left = layout.x[v]!;
    let path = byStatus.get(t.status);
    if (!path) byStatus.set(t.status, (path = new Path2D()));
    body.rect(left, top, W, H);
    path.rect(left, top, Math.min(W, stripe), H);
    if (highlight && !inChain(v)) dimmed.rect(left, top, W, H);
    if (d.critical[v]) criticalBorder.rect(left, top, W, H);
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.nodeBody;
  ctx.fill(body);
  for (const status of STATUSES) {
    const path = byStatus.get(status);
    if (!path) continue;
    ctx.fillStyle = palette.status[status];
    ctx.fill(path);
  }
  ctx.strokeStyle = palette.muted;
  ctx.lineWidth = px;
  ctx.stroke(body);
  ctx.strokeStyle = palette.critical;
  ctx.lineWidth = Math.max(2 * px, 1.5 * px);
  ctx.stroke(criticalBorder);

  // The state's glyph in the stripe (so no state is told by colour alone), once it can be seen.
  if (screenH >= 10) {
    const glyphPx = Math.min(TITLE_PX, Math.max(8, stripe * view.scale * 0.9));
    ctx.font = `bold ${glyphPx / view.scale}px ${palette.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    ctx.fillStyle = palette.background;
    for (const v of visible) ctx.fillText(STATUS_GLYPH[d.tasks[v]!.status], layout.x[v]! + stripe / 2, layout.y[v]!);
    ctx.textAlign = 'start';
  }

  // Titles at a screen size that does not shrink with the zoom, wherever a line fits, wrapped
  // over as many lines as the node's height on screen allows; then the id and state if room is left.
  let labelled = 0;
  const titlePx = Math.min(TITLE_PX, screenH - 4);
  if (titlePx >= MIN_TITLE_PX) {
    const lineH = titlePx * 1.2;
    const room = Math.floor((screenH - 6) / lineH);
    const detail = room >= 3;
    const titleLines = Math.max(1, Math.min(3, room - (detail ? 1 : 0)));
    const font = `${titlePx / view.scale}px ${palette.font}`;
    ctx.font = font;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = palette.foreground;
    const textLeft = stripe + 6 * px;
    const width = W - textLeft - 4 * px;
    const key = `${font}|${width}|${titleLines}`;
    if (d.labels.key !== key) d.labels = Object.assign(d.labels, { key, text: [] });
    const cache = d.labels.text;
    const step = lineH / view.scale;
    for (const v of visible) {
      const label = cache[v] ?? (cache[v] = wrapLabel(ctx, d.tasks[v]!.title, width, titleLines).join('\n'));
      const lines = label.split('\n');
      const block = (lines.length + (detail ? 1 : 0)) * step;
      const top = layout.y[v]! - block / 2 + step / 2;
      lines.forEach((line, k) => ctx.fillText(line, layout.x[v]! + textLeft, top + k * step));
      labelled++;
      if (detail) {
        const t = d.tasks[v]!;
        ctx.fillStyle = palette.muted;
        ctx.fillText(fitLabel(ctx, `${t.id} · ${STATUS_TEXT[t.status]}`, width), layout.x[v]! + textLeft, top + lines.length * step);
        ctx.fillStyle = palette.foreground;
      }
    }
  }

  if (highlight) {
    ctx.globalAlpha = 0.55;
    ctx.fillStyle = palette.background;
    ctx.fill(dimmed);
    ctx.globalAlpha = 1;
    const ring = (set: Iterable<number>, colour: string) => {
      const p = new Path2D();
      for (const v of set) p.rect(layout.x[v]! - 3 * px, layout.y[v]! - H / 2 - 3 * px, W + 6 * px, H + 6 * px);
      ctx.strokeStyle = colour;
      ctx.lineWidth = Math.max(3 * px, 2);
      ctx.stroke(p);
    };
    ring(highlight.dependencies, palette.dependency);
    ring(highlight.unblocks, palette.unblocks);
    if (highlight.selected >= 0) ring([highlight.selected], palette.focus);
  }
  return { visible: visible.length, labelled };
}

/** Wraps a title into at most `lines` lines of `width`, by words; the last line ends in … if cut. */
function wrapLabel(ctx: CanvasRenderingContext2D, text: string, width: number, lines: number): string[] {
  if (lines <= 1 || ctx.measureText(text).width <= width) return [fitLabel(ctx, text, width)];
  const words = text.split(/\s+/);
  const out: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : words[i]!;
    if (ctx.measureText(next).width <= width || !line) {
      line = next;
      continue;
    }
    out.push(line);
    line = words[i]!;
    if (out.length === lines - 1) {
      out.push(fitLabel(ctx, words.slice(i).join(' '), width));
      return out.map((l) => fitLabel(ctx, l, width));
    }
  }
  if (line) out.push(line);
  return out.map((l) => fitLabel(ctx, l, width));
}

/** Cuts a label to a width, measuring only as much as it must. */
function fitLabel(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}
