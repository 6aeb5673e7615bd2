// Draws a laid-out graph on a canvas: only what is in the viewport, edges and nodes batched
// by colour (a dozen fill/stroke calls for 2,000 nodes), text only when it is legible.
import type { BoardTask, BoardTaskStatus } from '../../../src/shared/boardTypes';
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
  dependencies: ReadonlySet<number>;
  unblocks: ReadonlySet<number>;
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
  labels: (string | undefined)[];
}

const STATUSES: BoardTaskStatus[] = ['planning', 'ready', 'running', 'review', 'blocked', 'done', 'failed', 'cancelled', 'skipped'];

/** Draws one frame; returns how many nodes were visible. */
export function drawGraph(d: DrawInput): number {
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
  for (const e of layout.edges) {
    if (e.maxX < x0 || e.minX > x1 || e.maxY < y0 || e.minY > y1) continue;
    let path = plain;
    if (highlight && e.to === highlight.selected && highlight.dependencies.has(e.from)) path = deps;
    else if (highlight && e.from === highlight.selected && highlight.unblocks.has(e.to)) path = unblocks;
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
  const detailed = view.scale * H >= 22;
  const byStatus = new Map<BoardTaskStatus, Path2D>();
  const body = new Path2D();
  const criticalBorder = new Path2D();
  for (const v of visible) {
    const t = d.tasks[v]!;
    const top = layout.y[v]! - H / 2;
    const left = layout.x[v]!;
    let path = byStatus.get(t.status);
    if (!path) byStatus.set(t.status, (path = new Path2D()));
    if (detailed) {
      body.rect(left, top, W, H);
      path.rect(left, top, 6, H);
    } else {
      path.rect(left, top, W, H);
    }
    if (d.critical[v]) criticalBorder.rect(left, top, W, H);
  }
  ctx.globalAlpha = 1;
  if (detailed) {
    ctx.fillStyle = palette.nodeBody;
    ctx.fill(body);
  }
  for (const status of STATUSES) {
    const path = byStatus.get(status);
    if (!path) continue;
    ctx.fillStyle = palette.status[status];
    ctx.fill(path);
  }
  if (detailed) {
    ctx.strokeStyle = palette.muted;
    ctx.lineWidth = px;
    ctx.stroke(body);
  }
  ctx.strokeStyle = palette.critical;
  ctx.lineWidth = Math.max(2 * px, detailed ? 2 : 1.5 * px);
  ctx.stroke(criticalBorder);

  if (highlight) {
    const ring = (set: Iterable<number>, colour: string) => {
      const p = new Path2D();
      for (const v of set) p.rect(layout.x[v]! - 3, layout.y[v]! - H / 2 - 3, W + 6, H + 6);
      ctx.strokeStyle = colour;
      ctx.lineWidth = Math.max(3 * px, 3);
      ctx.stroke(p);
    };
    ring(highlight.dependencies, palette.dependency);
    ring(highlight.unblocks, palette.unblocks);
    if (highlight.selected >= 0) ring([highlight.selected], palette.focus);
  }

  if (detailed) {
    ctx.fillStyle = palette.foreground;
    ctx.font = `12px ${palette.font}`;
    ctx.textBaseline = 'middle';
    for (const v of visible) {
      const label = d.labels[v] ?? (d.labels[v] = fitLabel(ctx, d.tasks[v]!.title, W - 18));
      ctx.fillText(label, layout.x[v]! + 12, layout.y[v]! - 7);
    }
    ctx.fillStyle = palette.muted;
    ctx.font = `10px ${palette.font}`;
    for (const v of visible) {
      const t = d.tasks[v]!;
      ctx.fillText(`${t.id} · ${t.status}${t.agent ? ` · ${t.agent}` : ''}`.slice(0, 34), layout.x[v]! + 12, layout.y[v]! + 9);
    }
  }
  return visible.length;
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
