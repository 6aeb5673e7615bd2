/**
 * The board and review webviews in a real browser (headless Debian Chromium): the bundle and
 * the page the extension generates, a scripted host on the other side of the protocol.
 * Screenshots go to test-artifacts/webview/.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineEvent } from '../../src/engine/state/events';
import { computeMetrics } from '../../src/extension/board/dashboardMetrics';
import type { BoardMember, BoardSnapshot, ReviewSnapshot } from '../../src/shared/boardTypes';
import { startHarness, WebviewPage, type Harness } from './boardHarness';
import { largeSprint, midRunStates, snapshotOf, withState, type TaskSpec, type TaskState } from './boardFixtures';
import { columnOf } from '../../src/shared/boardTypes';
import type { ThemeName } from './themes';

// In-page callbacks run in the browser. The root tsconfig has no DOM library (Node code must not
// see one), so the few DOM names they use are declared here, for this module only.
interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  classList: { contains(name: string): boolean };
  getBoundingClientRect(): { left: number; top: number; width: number };
  width: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
interface BoardProbe {
  graph: { stats: { nodes: number }; nodeClientPoint(id: string): { x: number; y: number; left: number; scale: number }; draw(): void };
  store: { tasks: Map<string, { status: string }> };
  ui: { graph?: { scale: number } };
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): { length: number }; activeElement: PageElement | null; body: PageElement };
declare const window: { __batonBoard: BoardProbe };
declare function getComputedStyle(el: PageElement): { backgroundColor: string; borderTopColor: string };

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'webview');
const MEMBERS: BoardMember[] = [
  { agent: 'alice', team: 'eng', capacity: 2 },
  { agent: 'bob', team: 'eng', capacity: 1 },
  { agent: 'quinn', team: 'qa', capacity: 1 },
];
const SPECS: TaskSpec[] = [
  { id: 'a', title: 'Design the schema', estimate: 2, team: 'eng', assignee: 'alice' },
  { id: 'b', title: 'Build the API', dependencies: ['a'], estimate: 5, team: 'eng', assignee: 'alice', priority: 'high' },
  { id: 'c', title: 'Build the UI', dependencies: ['a'], estimate: 3, team: 'eng', assignee: 'bob' },
  { id: 'd', title: 'Write the end-to-end tests', dependencies: ['b', 'c'], estimate: 2, team: 'qa', assignee: 'quinn' },
  { id: 'e', title: 'Deploy', dependencies: ['d'], estimate: 1, team: 'eng' },
  { id: 'f', title: 'Document the API', dependencies: ['a'], estimate: 1, team: 'eng', assignee: 'bob' },
  { id: 'g', title: 'Tune performance', dependencies: ['b'], estimate: 2, team: 'eng', assignee: 'alice' },
  { id: 'h', title: 'Seed data', estimate: 1, team: 'eng', assignee: 'alice' },
];
const STATES: Record<string, TaskState> = {
  a: { status: 'done', agent: 'alice' },
  b: { status: 'running', agent: 'alice', runningSince: new Date(Date.now() - 95_000).toISOString() },
  c: { status: 'review', agent: 'bob' },
  f: { status: 'failed', agent: 'bob', reason: 'exit code 1' },
  h: { status: 'ready', agent: 'alice' },
  g: { status: 'blocked', agent: 'alice', reason: 'merge conflict in src/api.ts' },
};

function snapshot(): BoardSnapshot {
  return snapshotOf(SPECS, STATES, { members: MEMBERS });
}

async function columnIds(wp: WebviewPage, column: string): Promise<string[]> {
  return wp.page.locator(`.column-list[data-column="${column}"] .card`).evaluateAll((els) => els.map((e) => (e as unknown as PageElement).dataset.taskId ?? ''));
}

async function shot(wp: WebviewPage, name: string): Promise<void> {
  await wp.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

describe('board webview in Chromium', function () {
  this.timeout(60_000);
  let harness: Harness;
  let wp: WebviewPage | undefined;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());
  afterEach(async function () {
    if (wp) {
      const { cspViolations, consoleErrors } = wp;
      await wp.close();
      wp = undefined;
      if (this.currentTest?.state === 'passed') {
        assert.deepEqual(cspViolations, [], 'no CSP violations');
        assert.deepEqual(consoleErrors, [], 'no console errors');
      }
    }
  });

  async function openBoard(options: { state?: unknown; theme?: ThemeName; snap?: BoardSnapshot } = {}): Promise<WebviewPage> {
    wp = await WebviewPage.open(harness, { ...(options.state !== undefined ? { state: options.state } : {}), theme: options.theme ?? 'light' });
    await wp.waitFor((m) => m.type === 'ready', { from: 0 });
    await wp.send({ type: 'snapshot', snapshot: options.snap ?? snapshot() });
    await wp.page.locator('.card').first().waitFor();
    return wp;
  }

  it('renders the snapshot: the right cards in the right columns, with their details', async () => {
    const wp = await openBoard();
    assert.deepEqual(await columnIds(wp, 'planning'), ['d', 'e']);
    assert.deepEqual(await columnIds(wp, 'ready'), ['h']);
    assert.deepEqual(await columnIds(wp, 'running'), ['b']);
    assert.deepEqual(await columnIds(wp, 'review'), ['c']);
    assert.deepEqual(await columnIds(wp, 'blocked'), ['g']);
    assert.deepEqual(await columnIds(wp, 'done'), ['a']);
    assert.deepEqual(await columnIds(wp, 'failed'), ['f']);
    assert.equal(await wp.page.locator('.column-title[data-column="planning"] .count').textContent(), '2');
    const b = wp.page.locator('.card[data-task-id="b"]');
    assert.equal(await b.locator('.card-title').textContent(), 'Build the API');
    assert.equal(await b.locator('.card-agent').textContent(), 'alice');
    assert.equal(await b.locator('.card-estimate').textContent(), '5 pts');
    assert.equal(await b.locator('.card-deps').textContent(), '1 dep');
    assert.equal(await b.locator('.priority').textContent(), 'high');
    assert.match((await b.locator('.card-elapsed').textContent()) ?? '', /^1m 3\ds$/);
    assert.equal(await wp.page.locator('.card[data-task-id="g"] .card-reason').textContent(), 'merge conflict in src/api.ts');
    assert.match((await b.getAttribute('aria-label')) ?? '', /Build the API, b, running, priority high, alice/);
    // Filters: text, then agent.
    await wp.page.fill('input[type="search"]', 'api');
    assert.deepEqual(await wp.page.locator('.card:visible').evaluateAll((els) => els.map((e) => (e as unknown as PageElement).dataset.taskId ?? '')), ['b', 'f']);
    await wp.page.fill('input[type="search"]', '');
    await wp.page.selectOption('select[aria-label="Filter by agent"]', 'bob');
    assert.equal(await wp.page.locator('.card:visible').count(), 2);
    await wp.page.selectOption('select[aria-label="Filter by agent"]', '');
    await shot(wp, 'kanban-light');
  });

  it('moves cards as deltas arrive, and ticks the elapsed time of running ones', async () => {
    const wp = await openBoard();
    const snap = snapshot();
    const task = (id: string) => snap.tasks.find((t) => t.id === id)!;
    await wp.send({ type: 'tasksChanged', hostNow: new Date().toISOString(), tasks: [
      withState(task('b'), { status: 'done', agent: 'alice' }),
      withState(task('h'), { status: 'running', agent: 'alice', runningSince: new Date(Date.now() - 5000).toISOString() }),
    ] });
    await wp.page.locator('.column-list[data-column="done"] .card[data-task-id="b"]').waitFor();
    assert.deepEqual(await columnIds(wp, 'done'), ['a', 'b']);
    assert.deepEqual(await columnIds(wp, 'running'), ['h']);
    assert.equal(await wp.page.locator('.column-title[data-column="done"] .count').textContent(), '2');
    const elapsed = wp.page.locator('.card[data-task-id="h"] .card-elapsed');
    const first = await elapsed.textContent();
    await wp.page.waitForFunction((before) => document.querySelector('.card[data-task-id="h"] .card-elapsed')?.textContent !== before, first);
    assert.match((await elapsed.textContent()) ?? '', /^\d+s$/);
    assert.equal(await wp.page.locator('.progress').textContent(), '2 / 8 done');
  });

  it('drag-and-drop sends the right move, keeps an accepted card and snaps a refused one back with the reason', async () => {
    const wp = await openBoard();
    // review → done: approve, accepted.
    let from = wp.received.length;
    await wp.page.locator('.card[data-task-id="c"]').dragTo(wp.page.locator('.column-list[data-column="done"]'));
    const approve = await wp.waitForRequest('moveTask', from);
    assert.deepEqual(approve.params, { taskId: 'c', move: { kind: 'approve' } });
    assert.deepEqual(await columnIds(wp, 'done'), ['a', 'c'], 'the card waits where it was dropped');
    await wp.respond(approve, { ok: true });
    await wp.page.waitForFunction(() => !document.querySelector('.card[data-task-id="c"]')?.classList.contains('pending'));

    // ready → failed: cancel, refused → back in ready with the reason.
    from = wp.received.length;
    await wp.page.locator('.card[data-task-id="h"]').dragTo(wp.page.locator('.column-list[data-column="failed"]'));
    const cancel = await wp.waitForRequest('moveTask', from);
    assert.deepEqual(cancel.params, { taskId: 'h', move: { kind: 'cancel' } });
    const reason = 'Only a run started in this window can cancel single tasks; cancel the run instead.';
    await wp.respond(cancel, { ok: false, error: reason });
    await wp.page.locator('.column-list[data-column="ready"] .card[data-task-id="h"]').waitFor();
    assert.equal(await wp.page.locator('.card[data-task-id="h"] .card-error').textContent(), reason);
    assert.equal(await wp.page.locator('#announcer').textContent(), `h: ${reason}`);
    await shot(wp, 'kanban-refused');

    // failed → ready: retry.
    from = wp.received.length;
    await wp.page.locator('.card[data-task-id="f"]').dragTo(wp.page.locator('.column-list[data-column="ready"]'));
    assert.deepEqual((await wp.waitForRequest('moveTask', from)).params, { taskId: 'f', move: { kind: 'retry' } });

    // done → planning has no meaning: refused on the spot, no request.
    from = wp.received.length;
    await wp.page.locator('.card[data-task-id="a"]').dragTo(wp.page.locator('.column-list[data-column="planning"]'));
    await wp.page.locator('.card[data-task-id="a"] .card-error').waitFor();
    assert.deepEqual(await columnIds(wp, 'planning'), ['d', 'e']);
    assert.equal(wp.received.slice(from).filter((m) => m.type === 'request').length, 0);
  });

  it('asks for a comment when a review card goes back to ready, and sends it', async () => {
    const wp = await openBoard();
    const from = wp.received.length;
    await wp.page.locator('.card[data-task-id="c"]').dragTo(wp.page.locator('.column-list[data-column="ready"]'));
    await wp.page.locator('dialog textarea').fill('Handle the empty state too.');
    await shot(wp, 'kanban-request-changes');
    await wp.page.locator('dialog button[type="submit"]').click();
    const request = await wp.waitForRequest('moveTask', from);
    assert.deepEqual(request.params, { taskId: 'c', move: { kind: 'requestChanges', comment: 'Handle the empty state too.' } });
  });

  it('reassigns by dropping a card on another member\'s swimlane', async () => {
    const wp = await openBoard();
    await wp.page.selectOption('select[aria-label="Swimlanes"]', 'agent');
    await wp.page.locator('.kanban-lane[data-lane="bob"]').waitFor();
    const from = wp.received.length;
    await wp.page.locator('.card[data-task-id="h"]').dragTo(wp.page.locator('.column-list[data-lane="bob"][data-column="ready"]'));
    const request = await wp.waitForRequest('moveTask', from);
    assert.deepEqual(request.params, { taskId: 'h', move: { kind: 'reassign', agent: 'bob' } });
    await wp.respond(request, { ok: false, error: 'This version of the engine cannot reassign a task (reassignTask).' });
    await wp.page.locator('.column-list[data-lane="alice"][data-column="ready"] .card[data-task-id="h"]').waitFor();
    await shot(wp, 'kanban-swimlanes');
  });

  it('works from the keyboard: arrows move between cards, the move menu sends moves, Enter opens the YAML', async () => {
    const wp = await openBoard();
    await wp.page.locator('.card[data-task-id="h"]').focus();
    await wp.page.keyboard.press('ArrowRight'); // ready → running
    assert.equal(await wp.page.evaluate(() => document.activeElement?.dataset.taskId), 'b');
    await wp.page.keyboard.press('ArrowLeft');
    assert.equal(await wp.page.evaluate(() => document.activeElement?.dataset.taskId), 'h');
    let from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('openTask', from)).params, { taskId: 'h' });
    await wp.page.keyboard.press('m');
    const items = await wp.page.locator('[role="menu"] [role="menuitem"]').allTextContents();
    assert.deepEqual(items, ['Cancel task', 'Reassign to bob']);
    from = wp.received.length;
    await wp.page.keyboard.press('ArrowDown');
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('moveTask', from)).params, { taskId: 'h', move: { kind: 'reassign', agent: 'bob' } });
    assert.equal(await wp.page.locator('[role="menu"]').count(), 0);
  });

  it('graph: selecting a node shows its dependencies and the set finishing it unblocks; double-click opens the YAML', async () => {
    const wp = await openBoard();
    await wp.page.click('#tab-graph');
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    const point = async (id: string) => wp.page.evaluate((i) => window.__batonBoard.graph.nodeClientPoint(i), id);
    const b = await point('b');
    await wp.page.mouse.click(b.x, b.y);
    await wp.page.locator('.graph-panel .panel-title', { hasText: 'Build the API' }).waitFor();
    const ids = (list: string) => wp.page.locator(`.graph-panel .${list} .task-link`).allTextContents();
    assert.deepEqual(await ids('deps-list'), ['a']);
    assert.deepEqual(await ids('unblocks-list'), ['g'], 'd still waits for c; g waits only for b');
    await shot(wp, 'graph-selected-light');
    // Following a link selects that task.
    await wp.page.locator('.graph-panel .task-link', { hasText: 'a' }).click();
    await wp.page.locator('.graph-panel .panel-title', { hasText: 'Design the schema' }).waitFor();
    assert.deepEqual(await ids('unblocks-list'), ['b', 'c', 'f']);
    const from = wp.received.length;
    const d = await point('d');
    await wp.page.mouse.dblclick(d.x, d.y);
    assert.deepEqual((await wp.waitForRequest('openTask', from)).params, { taskId: 'd' });
    // Keyboard zoom changes (and saves) the viewport.
    await wp.page.locator('.graph-canvas').focus();
    const before = await wp.page.evaluate(() => window.__batonBoard.ui.graph?.scale);
    assert.ok(before !== undefined, 'following a link centred the graph on the task');
    await wp.page.keyboard.press('-');
    const after = await wp.page.evaluate(() => window.__batonBoard.ui.graph?.scale);
    assert.ok(after !== undefined && Math.abs(after - before * 0.8) < 1e-9, `zoomed out from ${before} to ${after}`);
    await wp.page.keyboard.press('0');
    assert.equal(await wp.page.evaluate(() => window.__batonBoard.ui.graph), undefined, '0 fits the graph again');
  });

  it('colours nodes by state live, and highlights the critical path', async () => {
    const wp = await openBoard();
    await wp.page.click('#tab-graph');
    const snap = snapshot();
    assert.deepEqual(snap.criticalPath, ['a', 'b', 'd', 'e']);
    const colourAt = async (id: string) => wp.page.evaluate((i) => {
      const board = window.__batonBoard;
      board.graph.draw();
      const p = board.graph.nodeClientPoint(i);
      const canvas = document.querySelector('canvas')!;
      const r = canvas.getBoundingClientRect();
      const dpr = canvas.width / r.width;
      // Inside the status stripe at the node's left edge (the whole node when zoomed out).
      const x = Math.round((p.left - r.left + 3 * p.scale) * dpr);
      return Array.from(canvas.getContext('2d').getImageData(x, Math.round((p.y - r.top) * dpr), 1, 1).data).slice(0, 3).join(',');
    }, id);
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    const before = await colourAt('h');
    await wp.send({ type: 'tasksChanged', hostNow: new Date().toISOString(), tasks: [withState(snap.tasks.find((t) => t.id === 'h')!, { status: 'done', agent: 'alice' })] });
    await wp.page.waitForFunction(() => window.__batonBoard.store.tasks.get('h')?.status === 'done');
    const afterColour = await colourAt('h');
    assert.notEqual(afterColour, before);
    assert.equal(afterColour, await colourAt('a'), 'a done node has the done colour');
  });

  it('follows the theme: light, dark and high contrast change the colours', async () => {
    const wp = await openBoard();
    const colours = async () => wp.page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      card: getComputedStyle(document.querySelector('.card')!).backgroundColor,
      border: getComputedStyle(document.querySelector('.card')!).borderTopColor,
    }));
    const light = await colours();
    await wp.setTheme('dark');
    await wp.page.waitForFunction((b) => getComputedStyle(document.body).backgroundColor !== b, light.body);
    const dark = await colours();
    await shot(wp, 'kanban-dark');
    await wp.setTheme('high-contrast');
    await wp.page.waitForFunction((b) => getComputedStyle(document.body).backgroundColor !== b, dark.body);
    const hc = await colours();
    await shot(wp, 'kanban-high-contrast');
    assert.equal(light.body, 'rgb(255, 255, 255)');
    assert.equal(dark.body, 'rgb(30, 30, 30)');
    assert.equal(hc.body, 'rgb(0, 0, 0)');
    assert.notEqual(light.card, dark.card);
    assert.equal(hc.border, 'rgb(111, 195, 223)', 'high contrast draws the contrast border');
    // The canvas reads the theme too.
    await wp.page.click('#tab-graph');
    const pixel = () => wp.page.evaluate(() => {
      window.__batonBoard.graph.draw();
      const c = document.querySelector('canvas')!;
      return Array.from(c.getContext('2d')!.getImageData(2, 2, 1, 1).data).slice(0, 3).join(',');
    });
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    assert.equal(await pixel(), '0,0,0');
    await shot(wp, 'graph-high-contrast');
    await wp.setTheme('dark');
    await wp.page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(30, 30, 30)');
    await wp.page.waitForTimeout(50);
    assert.equal(await pixel(), '30,30,30');
    await shot(wp, 'graph-dark');
  });

  it('keeps UI state (tab, selection, filters) across a reload, data coming again from the host', async () => {
    const wp = await openBoard();
    await wp.page.fill('input[type="search"]', 'build');
    await wp.page.click('#tab-graph');
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    const c = await wp.page.evaluate(() => window.__batonBoard.graph.nodeClientPoint('c'));
    await wp.page.mouse.click(c.x, c.y);
    await wp.page.waitForTimeout(300); // the state saver's debounce
    const from = wp.received.length;
    await wp.page.reload();
    await wp.waitFor((m) => m.type === 'ready', { from });
    await wp.send({ type: 'snapshot', snapshot: snapshot() });
    await wp.page.locator('.graph-panel .panel-title', { hasText: 'Build the UI' }).waitFor();
    assert.equal(await wp.page.locator('#tab-graph').getAttribute('aria-selected'), 'true');
    await wp.page.click('#tab-kanban');
    assert.equal(await wp.page.inputValue('input[type="search"]'), 'build');
    assert.equal(await wp.page.locator('.card:visible').count(), 2);
  });

  it('reveals a task on the host\'s request, on the requested tab', async () => {
    const wp = await openBoard();
    await wp.send({ type: 'reveal', tab: 'kanban', taskId: 'g' });
    await wp.page.waitForFunction(() => document.activeElement?.dataset.taskId === 'g');
    await wp.send({ type: 'reveal', tab: 'graph', taskId: 'd' });
    await wp.page.locator('.graph-panel .panel-title', { hasText: 'Write the end-to-end tests' }).waitFor();
  });

  it('a 2,000-task board: counts right at once, every card built shortly after the first paint', async () => {
    const { specs, members } = largeSprint(2000);
    const snap = snapshotOf(specs, midRunStates(specs), { members });
    const wp = await openBoard({ snap });
    const expected = (column: string) => String(snap.tasks.filter((t) => columnOf(t.status) === column).length);
    assert.equal(await wp.page.locator('.column-title[data-column="planning"] .count').textContent(), expected('planning'));
    await wp.page.waitForFunction(() => document.querySelectorAll('.card').length === 2000);
    for (const column of ['planning', 'done', 'running']) {
      const ids = await columnIds(wp, column);
      assert.equal(String(ids.length), expected(column));
      assert.deepEqual(ids, snap.tasks.filter((t) => columnOf(t.status) === column).map((t) => t.id), 'file order');
    }
    await shot(wp, 'kanban-2000');
  });

  it('dashboard: draws the host\'s figures', async () => {
    const snap = snapshot();
    const t0 = Date.parse('2026-01-05T09:00:00Z');
    const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
    let seq = 0;
    const ev = (min: number, e: Record<string, unknown>) => ({ seq: ++seq, at: at(min), runId: 'run-1', ...e }) as unknown as EngineEvent;
    const events = [
      ev(0, { type: 'run:started', sprint: 'sprint-1', baseBranch: 'main', baseCommit: 'abc', maxParallel: 2, taskIds: SPECS.map((s) => s.id), workspaceRoot: '/ws' }),
      ev(1, { type: 'task:started', task: 'a', agent: 'alice', attempt: 1, worktree: '/w/a', branch: 'b/a', checkpoint: 'c', resultFile: 'r', logFile: 'l' }),
      ev(20, { type: 'task:agent-exited', task: 'a', attempt: 1, status: 'success', costUsd: 0.42 }),
      ev(21, { type: 'task:succeeded', task: 'a', attempt: 1 }),
      ev(22, { type: 'task:started', task: 'b', agent: 'alice', attempt: 1, worktree: '/w/b', branch: 'b/b', checkpoint: 'c', resultFile: 'r', logFile: 'l' }),
      ev(22, { type: 'task:blocked', task: 'g', reason: 'merge conflict' }),
    ];
    snap.metrics = computeMetrics({ events, tasks: SPECS.map((s) => ({ id: s.id, estimate: s.estimate ?? 1 })), now: t0 + 60 * 60_000, durationDays: 1 });
    const wp = await openBoard({ snap });
    await wp.page.click('#tab-dashboard');
    const titles = await wp.page.locator('.tile-title').allTextContents();
    assert.deepEqual(titles, ['Burndown', 'Throughput', 'Cycle time', 'Agent utilization', 'Parallel efficiency', 'Blocked time', 'Cost', 'Elapsed']);
    assert.equal(await wp.page.locator('.tile[aria-label="Burndown"] path.series-remaining').count(), 1);
    assert.match((await wp.page.locator('.tile[aria-label="Burndown"] .tile-subtitle').textContent()) ?? '', /15 of 17 pts remaining/);
    assert.match((await wp.page.locator('.tile[aria-label="Cost"] .tile-subtitle').textContent()) ?? '', /\$0\.42/);
    assert.match((await wp.page.locator('.tile[aria-label="Blocked time"] .tile-subtitle').textContent()) ?? '', /38m 00s/);
    assert.equal(await wp.page.locator('.tile[aria-label="Agent utilization"] .bar-label').first().textContent(), 'alice');
    await shot(wp, 'dashboard-light');
    await wp.setTheme('dark');
    await wp.page.waitForTimeout(50);
    await shot(wp, 'dashboard-dark');
  });
});

describe('review panel in Chromium', function () {
  this.timeout(60_000);
  let harness: Harness;
  let wp: WebviewPage | undefined;
  before(async () => (harness = await startHarness()));
  after(async () => harness?.close());
  afterEach(async function () {
    if (!wp) return;
    const { cspViolations, consoleErrors } = wp;
    await wp.close();
    wp = undefined;
    if (this.currentTest?.state === 'passed') {
      assert.deepEqual(cspViolations, []);
      assert.deepEqual(consoleErrors, []);
    }
  });

  function review(overrides: Partial<ReviewSnapshot> = {}): ReviewSnapshot {
    return {
      task: { id: 'c', title: 'Build the UI', description: 'The login form and its states.', status: 'review', agent: 'bob', team: 'eng', attempts: 1, file: '/ws/.claude/sprints/sprint-1.yaml', line: 12 },
      sprint: 'sprint-1',
      summary: 'Added the login form with validation and an error state.',
      notes: ['Used the existing Button component.'],
      knownIssues: ['No loading spinner yet.'],
      artifacts: ['docs/login.md'],
      acceptanceCriteria: ['Login with Google works'],
      checklist: [
        { item: 'Unit tests pass', verify: ['npm', 'test'], passed: true, output: '12 passing' },
        { item: 'Lint is clean', verify: ['npm', 'run', 'lint'], passed: false, output: 'src/login.ts: 1 error' },
        { item: 'Reviewed the copy' },
      ],
      files: [
        { path: 'src/login.ts', status: 'A', insertions: 120, deletions: 0 },
        { path: 'src/app.ts', status: 'M', insertions: 4, deletions: 1 },
      ],
      insertions: 124, deletions: 1, baseCommit: 'abc123', previousComments: [],
      approve: { enabled: true }, requestChanges: { enabled: true },
      ...overrides,
    };
  }

  it('shows the handoff and sends approve, request changes and open-diff requests', async () => {
    wp = await WebviewPage.open(harness, { app: 'review' });
    await wp.waitFor((m) => m.type === 'ready' && m.app === 'review', { from: 0 });
    await wp.send({ type: 'review', review: review() });
    await wp.page.locator('h1', { hasText: 'Build the UI' }).waitFor();
    const sections = await wp.page.locator('.review-section h2').allTextContents();
    assert.deepEqual(sections, ['Task', 'Summary', 'Agent notes', 'Acceptance criteria', 'Checklist (1/3 passed)', 'Artifacts (1)', 'Changed files (2, +124 −1)']);
    assert.deepEqual(await wp.page.locator('.check-row td:first-child').allTextContents(), ['✓ passed', '✗ failed', '– not verified']);
    await shot(wp, 'review-light');

    let from = wp.received.length;
    await wp.page.locator('.file-list button', { hasText: 'src/login.ts' }).click();
    assert.deepEqual((await wp.waitForRequest('openDiff', from)).params, { taskId: 'c', path: 'src/login.ts' });

    from = wp.received.length;
    await wp.page.locator('button', { hasText: 'Request changes' }).click();
    assert.match((await wp.page.locator('.review-status').textContent()) ?? '', /Write what should change first/);
    await wp.page.fill('#review-comment', 'Add the loading spinner.');
    await wp.page.locator('button', { hasText: 'Request changes' }).click();
    const changes = await wp.waitForRequest('requestChanges', from);
    assert.deepEqual(changes.params, { taskId: 'c', comment: 'Add the loading spinner.' });
    await wp.respond(changes, { ok: false, error: 'c is done: only a task in review can be approved or sent back.' });
    await wp.page.locator('.review-status.error').waitFor();

    from = wp.received.length;
    await wp.page.locator('button', { hasText: /^Approve$/ }).click();
    const approve = await wp.waitForRequest('approveTask', from);
    await wp.respond(approve, { ok: true });
    await wp.page.locator('.review-status', { hasText: 'Approved.' }).waitFor();
  });

  it('shows Approve and Request changes disabled, with the reason, when the engine cannot review', async () => {
    wp = await WebviewPage.open(harness, { app: 'review', theme: 'dark' });
    await wp.waitFor((m) => m.type === 'ready', { from: 0 });
    const reason = 'This version of the engine has no review gate (approveTask / requestChanges).';
    await wp.send({ type: 'review', review: review({ approve: { enabled: false, reason }, requestChanges: { enabled: false, reason } }) });
    await wp.page.locator('h1', { hasText: 'Build the UI' }).waitFor();
    assert.equal(await wp.page.locator('button', { hasText: /^Approve$/ }).isDisabled(), true);
    assert.equal(await wp.page.locator('button', { hasText: 'Request changes' }).isDisabled(), true);
    assert.deepEqual(await wp.page.locator('.action-reason').allTextContents(), [reason]);
    await shot(wp, 'review-dark-disabled');
  });
});
