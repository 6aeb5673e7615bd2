// The board at 2,000 tasks, in headless Debian Chromium, with the production bundle:
//   - time to first complete paint of the Kanban and of the graph (layout included), from the
//     snapshot's postMessage to the app's `kanban-painted` / `graph-painted` marks;
//   - frame times while 100 task updates a second arrive, batched every 50 ms as the host sends
//     them (5 s each on the Kanban and the graph);
//   - elkjs's layered layout of the same graph in the same browser, for the ratio;
//   - the bundle's size, raw and gzipped.
//
//   npx tsx bench/boardBench.ts [--tasks 2000] [--runs 3] [--seconds 5] [--no-elk]
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { BoardSnapshot, BoardTask } from '../src/shared/boardTypes';
import { largeSprint, midRunStates, snapshotOf } from '../test/webview/boardFixtures';
import { startHarness, WebviewPage, type Harness } from '../test/webview/boardHarness';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}
const TASKS = Number(arg('tasks', '2000'));
const RUNS = Number(arg('runs', '3'));
const SECONDS = Number(arg('seconds', '5'));
const ELK = !process.argv.includes('--no-elk');
const ELK_TIMEOUT_MS = 180_000;

// In-page code is passed as strings: the bench's tsconfig has no DOM library.
const PAINT = (mark: string) => `new Promise((resolve) => {
  const t0 = performance.now();
  new PerformanceObserver((list, obs) => {
    const m = list.getEntries().find((e) => e.name === ${JSON.stringify(mark)});
    if (m) { obs.disconnect(); resolve({ ms: m.startTime - t0, graph: window.__batonBoard.graph.stats }); }
  }).observe({ type: 'mark', buffered: false });
  window.postMessage(window.__benchSnapshot, '*');
})`;

const FRAMES = (seconds: number) => `new Promise((resolve) => {
  const snap = window.__benchSnapshot.snapshot;
  const tasks = snap.tasks;
  const cycle = ['ready', 'running', 'review', 'done'];
  let n = 0;
  const deltas = [];
  let last = performance.now();
  const end = last + ${seconds * 1000};
  // As the host sends them: gathered for 50 ms (BoardController's flushMs), then one message;
  // the count due is computed from the clock, so a late timer still delivers 100 a second.
  const start = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - start) / 10);
    const changed = [];
    for (; n < due; n++) {
      const t = tasks[(n * 7919) % tasks.length];
      const status = cycle[n % cycle.length];
      changed.push(Object.assign({}, t, { status, runningSince: status === 'running' ? new Date().toISOString() : undefined }));
    }
    if (changed.length) window.postMessage({ type: 'tasksChanged', tasks: changed, hostNow: new Date().toISOString() }, '*');
  }, 50);
  const frame = (now) => {
    deltas.push(now - last);
    last = now;
    if (now < end) requestAnimationFrame(frame);
    else { clearInterval(timer); resolve({ deltas, updates: n }); }
  };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(frame); });
})`;

interface FrameStats {
  frames: number;
  updates: number;
  meanMs: number;
  p95Ms: number;
  maxMs: number;
  over33: number;
  over50: number;
}

function frameStats(deltas: number[], updates: number): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  return {
    frames: deltas.length, updates,
    meanMs: deltas.reduce((s, d) => s + d, 0) / deltas.length,
    p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    maxMs: sorted.at(-1) ?? 0,
    over33: deltas.filter((d) => d > 33.4).length,
    over50: deltas.filter((d) => d > 50).length,
  };
}

async function openWith(harness: Harness, tab: 'kanban' | 'graph', snapshot: BoardSnapshot): Promise<WebviewPage> {
  const wp = await WebviewPage.open(harness, { state: { version: 1, tab }, viewport: { width: 1600, height: 1000 } });
  await wp.waitFor((m) => m.type === 'ready', { from: 0 });
  await wp.page.evaluate((s) => ((globalThis as unknown as { __benchSnapshot: unknown }).__benchSnapshot = { type: 'snapshot', snapshot: s }), snapshot as unknown as Record<string, unknown>);
  return wp;
}

async function firstPaint(harness: Harness, tab: 'kanban' | 'graph', snapshot: BoardSnapshot): Promise<{ ms: number; layoutMs: number; drawMs: number; crossings: { initial: number; final: number } }> {
  const wp = await openWith(harness, tab, snapshot);
  try {
    const r = await wp.page.evaluate(PAINT(`${tab}-painted`)) as { ms: number; graph: { layoutMs: number; drawMs: number; crossings: { initial: number; final: number } } };
    if (wp.consoleErrors.length || wp.cspViolations.length) throw new Error(`page errors: ${[...wp.consoleErrors, ...wp.cspViolations].join('; ')}`);
    return { ms: r.ms, layoutMs: r.graph.layoutMs, drawMs: r.graph.drawMs, crossings: r.graph.crossings };
  } finally {
    await wp.close();
  }
}

async function frames(harness: Harness, tab: 'kanban' | 'graph', snapshot: BoardSnapshot): Promise<FrameStats> {
  const wp = await openWith(harness, tab, snapshot);
  try {
    await wp.page.evaluate(PAINT(`${tab}-painted`));
    await wp.page.waitForTimeout(300);
    const r = await wp.page.evaluate(FRAMES(SECONDS)) as { deltas: number[]; updates: number };
    return frameStats(r.deltas, r.updates);
  } finally {
    await wp.close();
  }
}

/** elkjs's layered layout of the board's graph, in the same browser; undefined when elkjs is missing. */
async function elkLayout(harness: Harness, tasks: BoardTask[]): Promise<number | 'timeout' | undefined> {
  let file: string;
  try {
    file = require.resolve('elkjs/lib/elk.bundled.js');
  } catch {
    return undefined;
  }
  harness.files.set('/elk.bundled.js', file);
  const page = await harness.browser.newPage();
  try {
    await page.goto(`${harness.origin}/blank.html`);
    await page.addScriptTag({ url: `${harness.origin}/elk.bundled.js` });
    const graph = {
      id: 'root',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' },
      children: tasks.map((t) => ({ id: t.id, width: 180, height: 40 })),
      edges: tasks.flatMap((t) => t.dependencies.map((d, i) => ({ id: `${t.id}-${i}`, sources: [d], targets: [t.id] }))),
    };
    const run = page.evaluate(`(async (graph) => {
      const elk = new ELK();
      const t0 = performance.now();
      await elk.layout(graph);
      return performance.now() - t0;
    })(${JSON.stringify(graph)})`) as Promise<number>;
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ELK_TIMEOUT_MS));
    return await Promise.race([run, timeout]);
  } finally {
    await page.close().catch(() => undefined);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

async function main(): Promise<void> {
  const harness = await startHarness({ production: true });
  try {
    const bundle = fs.readFileSync(harness.files.get('/dist/webview.js')!);
    const css = fs.readFileSync(harness.files.get('/media/board.css')!);
    console.log(`bundle (production): webview.js ${(bundle.length / 1024).toFixed(1)} KB raw, ${(zlib.gzipSync(bundle, { level: 9 }).length / 1024).toFixed(1)} KB gzipped; board.css ${(css.length / 1024).toFixed(1)} KB raw, ${(zlib.gzipSync(css, { level: 9 }).length / 1024).toFixed(1)} KB gzipped (goal: < 150 KB gzipped)`);

    const started = performance.now();
    const { specs, members } = largeSprint(TASKS);
    const snapshot = snapshotOf(specs, midRunStates(specs), { members });
    const hostMs = performance.now() - started;
    const edges = snapshot.tasks.reduce((s, t) => s + t.dependencies.length, 0);
    console.log(`snapshot: ${TASKS} tasks, ${edges} dependencies, ${Math.max(...snapshot.tasks.map((t) => t.level)) + 1} levels, ${(JSON.stringify(snapshot).length / 1024).toFixed(0)} KB as JSON; host mapping (levels, critical path, cards) ${f(hostMs)}`);

    const kanban: number[] = [];
    const graph: { ms: number; layoutMs: number; drawMs: number; crossings: { initial: number; final: number } }[] = [];
    for (let i = 0; i < RUNS; i++) {
      kanban.push((await firstPaint(harness, 'kanban', snapshot)).ms);
      graph.push(await firstPaint(harness, 'graph', snapshot));
    }
    const g = graph[0]!;
    console.log(`Kanban first complete paint: median ${f(median(kanban))} of ${RUNS} (${kanban.map(f).join(', ')}) — goal < 300 ms`);
    console.log(`graph first complete paint (layout included): median ${f(median(graph.map((x) => x.ms)))} of ${RUNS} (${graph.map((x) => f(x.ms)).join(', ')}); layout ${f(median(graph.map((x) => x.layoutMs)))}, draw ${f(median(graph.map((x) => x.drawMs)))}; crossings ${g.crossings.initial} → ${g.crossings.final} — goal < 1 s`);

    for (const tab of ['kanban', 'graph'] as const) {
      const s = await frames(harness, tab, snapshot);
      console.log(`${tab}, ${s.updates} updates in ${SECONDS} s (${(s.updates / SECONDS).toFixed(0)}/s): ${s.frames} frames, mean ${f(s.meanMs)}, p95 ${f(s.p95Ms)}, max ${f(s.maxMs)}, ${s.over33} frames > 33 ms, ${s.over50} > 50 ms`);
    }

    if (!ELK) {
      console.log('elkjs: skipped (--no-elk)');
    } else {
      const elk = await elkLayout(harness, snapshot.tasks);
      if (elk === undefined) {
        console.log('elkjs: NOT INSTALLED — skipped. Add it as a devDependency (`npm install -D elkjs`) for the baseline.');
      } else if (elk === 'timeout') {
        console.log(`elkjs layered layout of the same ${TASKS} tasks: did not finish within ${ELK_TIMEOUT_MS / 1000} s; ours: ${f(median(graph.map((x) => x.ms)))} laid out and drawn`);
      } else {
        const ours = median(graph.map((x) => x.ms));
        console.log(`elkjs layered layout of the same ${TASKS} tasks, same browser: ${f(elk)} (layout only); ours laid out and drawn: ${f(ours)} — ${(elk / ours).toFixed(0)}× faster (goal ≥ 10×)`);
      }
    }
  } finally {
    await harness.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
