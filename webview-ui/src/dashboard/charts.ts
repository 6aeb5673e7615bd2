// Small SVG charts of our own: a step line over time and vertical and horizontal bars. Colours
// come from CSS classes (VS Code's --vscode-charts-* variables), never from script.
import { svg } from '../dom';

export interface LineSeries {
  points: { t: number; v: number }[];
  className: string;
  /** Draw as steps (the value holds until the next point). */
  step?: boolean;
}

const WIDTH = 480;
const HEIGHT = 200;
const PAD = { left: 40, right: 12, top: 10, bottom: 24 };

/** A time chart of one or more series, with axes and a few ticks (start, middle, end). */
export function lineChart(series: LineSeries[], options: { label: string; formatY?: (v: number) => string; formatX?: (t: number) => string }): SVGSVGElement {
  const all = series.flatMap((s) => s.points);
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': options.label, preserveAspectRatio: 'xMidYMid meet' });
  if (all.length === 0) return root;
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(t0 + 1, ...all.map((p) => p.t));
  const v1 = Math.max(1, ...all.map((p) => p.v));
  const sx = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const sy = (v: number) => HEIGHT - PAD.bottom - (v / v1) * (HEIGHT - PAD.top - PAD.bottom);
  root.append(axes(sx(t0), sy(0), sx(t1), sy(v1)));
  for (const tick of [0, v1 / 2, v1]) {
    root.append(svg('text', { x: PAD.left - 4, y: sy(tick) + 3, class: 'chart-tick', 'text-anchor': 'end' }, document.createTextNode((options.formatY ?? fmt)(tick))));
  }
  if (options.formatX) {
    const ticks = [...new Set([t0, (t0 + t1) / 2, t1].map((t) => options.formatX!(t)))];
    // Ticks that would read the same (a run shorter than the labels' resolution) are drawn once.
    const at = ticks.length === 3 ? [t0, (t0 + t1) / 2, t1] : [t0, t1].slice(0, ticks.length);
    at.forEach((t, i) => root.append(svg('text', { x: sx(t), y: HEIGHT - 6, class: 'chart-tick', 'text-anchor': i === 0 ? 'start' : i === at.length - 1 ? 'end' : 'middle' }, document.createTextNode(ticks[i]!))));
  }
  for (const s of series) {
    if (s.points.length === 0) continue;
    let d = `M${sx(s.points[0]!.t).toFixed(1)},${sy(s.points[0]!.v).toFixed(1)}`;
    for (let i = 1; i < s.points.length; i++) {
      const p = s.points[i]!;
      if (s.step) d += `H${sx(p.t).toFixed(1)}`;
      d += `${s.step ? 'V' : 'L'}${s.step ? sy(p.v).toFixed(1) : `${sx(p.t).toFixed(1)},${sy(p.v).toFixed(1)}`}`;
    }
    root.append(svg('path', { d, class: `chart-line ${s.className}` }));
  }
  return root;
}

/**
 * Vertical bars, one per value; `xLabels` names the first and last bar's range under the axis,
 * and `barTitle` each bar (its tooltip and its text for screen readers).
 */
export function barChart(values: number[], options: { label: string; className: string; formatY?: (v: number) => string; xLabels?: [string, string]; barTitle?: (i: number, v: number) => string }): SVGSVGElement {
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': options.label, preserveAspectRatio: 'xMidYMid meet' });
  if (values.length === 0) return root;
  const v1 = Math.max(1, ...values);
  const inner = WIDTH - PAD.left - PAD.right;
  const bw = inner / values.length;
  const sy = (v: number) => HEIGHT - PAD.bottom - (v / v1) * (HEIGHT - PAD.top - PAD.bottom);
  root.append(axes(PAD.left, sy(0), WIDTH - PAD.right, sy(v1)));
  for (const tick of [0, v1]) {
    root.append(svg('text', { x: PAD.left - 4, y: sy(tick) + 3, class: 'chart-tick', 'text-anchor': 'end' }, document.createTextNode((options.formatY ?? fmt)(tick))));
  }
  if (options.xLabels) {
    root.append(svg('text', { x: PAD.left, y: HEIGHT - 6, class: 'chart-tick', 'text-anchor': 'start' }, document.createTextNode(options.xLabels[0])));
    root.append(svg('text', { x: WIDTH - PAD.right, y: HEIGHT - 6, class: 'chart-tick', 'text-anchor': 'end' }, document.createTextNode(options.xLabels[1])));
  }
  values.forEach((v, i) => {
    if (v <= 0) return;
    const bar = svg('rect', { x: (PAD.left + i * bw + bw * 0.1).toFixed(1), y: sy(v).toFixed(1), width: Math.max(1, bw * 0.8).toFixed(1), height: (sy(0) - sy(v)).toFixed(1), class: `chart-bar ${options.className}` });
    if (options.barTitle) bar.append(svg('title', {}, document.createTextNode(options.barTitle(i, v))));
    root.append(bar);
  });
  return root;
}

/** Horizontal bars with labels: one row per item, value as a fraction of `max`. */
export function barList(items: { label: string; value: number; text: string }[], options: { label: string; className: string; max?: number }): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'bar-list';
  list.setAttribute('aria-label', options.label);
  const max = options.max ?? Math.max(1e-9, ...items.map((i) => i.value));
  for (const item of items) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'bar-label';
    name.textContent = item.label;
    const track = document.createElement('span');
    track.className = 'bar-track';
    const fill = document.createElement('span');
    fill.className = `bar-fill ${options.className}`;
    fill.style.width = `${Math.min(100, Math.max(0, (item.value / max) * 100)).toFixed(1)}%`;
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'bar-value';
    value.textContent = item.text;
    li.append(name, track, value);
    list.append(li);
  }
  return list;
}

function axes(x0: number, y0: number, x1: number, y1: number): SVGGElement {
  return svg('g', { class: 'chart-axes' },
    svg('line', { x1: x0, y1: y0, x2: x1, y2: y0 }),
    svg('line', { x1: x0, y1: y0, x2: x0, y2: y1 }));
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
