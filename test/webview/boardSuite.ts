/**
 * What the board's browser tests share: one harness (bundle and Chromium) for every test file,
 * a small sprint in mid-run, page hooks that fail a test on any CSP violation or console error,
 * and a few readers of the page. Screenshots go to test-artifacts/webview/.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineEvent } from '../../src/engine/state/events';
import { computeMetrics } from '../../src/extension/board/dashboardMetrics';
import type { BoardMember, BoardSnapshot } from '../../src/shared/boardTypes';
import { startHarness, WebviewPage, type Harness, type OpenOptions } from './boardHarness';
import { snapshotOf, withState, type TaskSpec, type TaskState } from './boardFixtures';
import type { ThemeName } from './themes';

// In-page callbacks run in the browser. The root tsconfig has no DOM library (Node code must not
// see one), so test files declare the few DOM names they use with these types, module by module.
export interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  classList: { contains(name: string): boolean };
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  scrollIntoView(): void;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number; bottom: number };
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  width: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
export interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  activeElement: PageElement | null;
  body: PageElement;
}
export interface BoardProbe {
  graph: { stats: { nodes: number; labelled: number }; nodeClientPoint(id: string): { x: number; y: number; left: number; scale: number }; draw(): void };
  store: { tasks: Map<string, { status: string }> };
  ui: { graph?: { scale: number } };
}

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'webview');

export const MEMBERS: BoardMember[] = [
  { agent: 'alice', team: 'eng', capacity: 2 },
  { agent: 'bob', team: 'eng', capacity: 1 },
  { agent: 'quinn', team: 'qa', capacity: 1 },
];
export const SPECS: TaskSpec[] = [
  { id: 'a', title: 'Design the schema', estimate: 2, team: 'eng', assignee: 'alice' },
  { id: 'b', title: 'Build the API', dependencies: ['a'], estimate: 5, team: 'eng', assignee: 'alice', priority: 'high' },
  { id: 'c', title: 'Build the UI', dependencies: ['a'], estimate: 3, team: 'eng', assignee: 'bob' },
  { id: 'd', title: 'Write the end-to-end tests', dependencies: ['b', 'c'], estimate: 2, team: 'qa', assignee: 'quinn' },
  { id: 'e', title: 'Deploy', dependencies: ['d'], estimate: 1, team: 'eng' },
  { id: 'f', title: 'Document the API', dependencies: ['a'], estimate: 1, team: 'eng', assignee: 'bob' },
  { id: 'g', title: 'Tune performance', dependencies: ['b'], estimate: 2, team: 'eng', assignee: 'alice' },
  { id: 'h', title: 'Seed data', estimate: 1, team: 'eng', assignee: 'alice' },
];
/** States in mid-run; made with each snapshot, so that running times start from now. */
function states(): Record<string, TaskState> {
  return {
    a: { status: 'done', agent: 'alice' },
    b: { status: 'running', agent: 'alice', runningSince: new Date(Date.now() - 95_000).toISOString() },
    c: { status: 'review', agent: 'bob' },
    f: { status: 'failed', agent: 'bob', reason: 'exit code 1' },
    h: { status: 'ready', agent: 'alice' },
    g: { status: 'blocked', agent: 'alice', reason: 'merge conflict in src/api.ts' },
  };
}

/** A finished run: every task done, its result on the integration branch, figures on the dashboard. */
export function finishedSnapshot(): BoardSnapshot {
  const snap = snapshot();
  snap.tasks = snap.tasks.map((t) => withState(t, { status: 'done', agent: t.agent ?? 'alice' }));
  const t0 = Date.now() - 65_000;
  snap.run = { runId: 'run-9', sprint: 'sprint-1', status: 'completed', startedAt: new Date(t0).toISOString(), finishedAt: new Date(t0 + 65_000).toISOString(), runningHere: false };
  snap.result = { branch: 'baton/sprint-1/_integration', exists: true, commits: 16, files: 9, mergeInto: 'main', checkedOut: false, remote: { name: 'origin', host: 'github' } };
  let seq = 0;
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const ev = (s: number, e: Record<string, unknown>) => ({ seq: ++seq, at: at(s), runId: 'run-9', ...e }) as unknown as EngineEvent;
  const events: EngineEvent[] = [ev(0, { type: 'run:started', sprint: 'sprint-1', baseBranch: 'main', baseCommit: 'x', maxParallel: 3, taskIds: SPECS.map((s) => s.id), workspaceRoot: '/ws' })];
  SPECS.forEach((s, i) => {
    events.push(ev(i * 6, { type: 'task:started', task: s.id, agent: s.assignee ?? 'alice', attempt: 1, worktree: 'w', branch: 'b', checkpoint: 'c', resultFile: 'r', logFile: 'l' }));
    events.push(ev(i * 6 + 5, { type: 'task:succeeded', task: s.id, attempt: 1 }));
  });
  events.push(ev(65, { type: 'run:completed', integrationBranch: 'baton/sprint-1/_integration', mergedTasks: SPECS.map((s) => s.id) }));
  snap.metrics = computeMetrics({ events, tasks: SPECS.map((s) => ({ id: s.id, estimate: s.estimate ?? 1 })), now: t0 + 65_000, durationDays: 2 });
  return snap;
}

/** The small sprint, a fresh copy each time. */
export function snapshot(): BoardSnapshot {
  return snapshotOf(SPECS, states(), { members: MEMBERS });
}

let shared: Promise<Harness> | undefined;
/** The harness every test file shares: the bundle is built and Chromium started once a run. */
export function harness(): Promise<Harness> {
  shared ??= startHarness();
  return shared;
}
// A root-level hook (this module is loaded with the test files): closes the shared harness
// after the last test of the run, whichever file it was in.
after(async () => {
  if (shared) await (await shared).close();
});

/**
 * Registers the page hooks in the calling `describe` and returns its page opener: every page is
 * closed after its test, and a passing test also fails on CSP violations or console errors.
 */
export function usePages(): (options?: OpenOptions) => Promise<WebviewPage> {
  let wp: WebviewPage | undefined;
  before(() => fs.mkdirSync(ARTIFACTS, { recursive: true }));
  afterEach(async function () {
    if (!wp) return;
    const { cspViolations, consoleErrors } = wp;
    await wp.close();
    wp = undefined;
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(cspViolations, [], 'no CSP violations');
      assert.deepEqual(consoleErrors, [], 'no console errors');
    }
  });
  return async (options = {}) => (wp = await WebviewPage.open(await harness(), options));
}

/** Registers the page hooks and returns a board opener: ready handshake, snapshot, first card. */
export function useBoard(): (options?: { state?: unknown; theme?: ThemeName; snap?: BoardSnapshot; viewport?: { width: number; height: number } }) => Promise<WebviewPage> {
  const open = usePages();
  return async (options = {}) => {
    const wp = await open({
      ...(options.state !== undefined ? { state: options.state } : {}),
      ...(options.viewport ? { viewport: options.viewport } : {}),
      theme: options.theme ?? 'light',
    });
    await wp.waitFor((m) => m.type === 'ready', { from: 0 });
    await wp.send({ type: 'snapshot', snapshot: options.snap ?? snapshot() });
    await wp.page.locator('.card').first().waitFor();
    return wp;
  };
}

/** Ids of the cards rendered in a column, in DOM order. */
export async function columnIds(wp: WebviewPage, column: string): Promise<string[]> {
  return wp.page.locator(`.column-list[data-column="${column}"] .card`).evaluateAll((els) => els.map((e) => (e as unknown as PageElement).dataset.taskId ?? ''));
}

export async function shot(wp: WebviewPage, name: string): Promise<void> {
  await wp.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
