/**
 * The Graph tab in headless Chromium: selecting a node shows what it depends on and what
 * finishing it unblocks, links and double-click, keyboard zoom, and nodes recoloured live.
 */
import assert from 'node:assert/strict';
import { withState } from './boardFixtures';
import { shot, snapshot, useBoard, type BoardProbe, type PageDocument } from './boardSuite';

declare const document: PageDocument;
declare const window: { __batonBoard: BoardProbe };

describe('graph in Chromium', function () {
  this.timeout(60_000);
  const openBoard = useBoard();

  it('graph: selecting a node shows its dependencies and what it unblocks (baton plan\'s list), lights its chain; double-click opens it', async () => {
    const wp = await openBoard();
    await wp.page.click('#tab-graph');
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    const point = async (id: string) => wp.page.evaluate((i) => window.__batonBoard.graph.nodeClientPoint(i), id);
    const b = await point('b');
    await wp.page.mouse.click(b.x, b.y);
    await wp.page.locator('.graph-panel .panel-title', { hasText: 'Build the API' }).waitFor();
    const ids = (list: string) => wp.page.locator(`.graph-panel .${list} .task-link`).allTextContents();
    assert.deepEqual(await ids('deps-list'), ['a']);
    assert.deepEqual(await ids('unblocks-list'), ['d', 'g'], 'every direct dependant, as baton plan lists them');
    assert.equal(await wp.page.locator('.graph-panel .unblocks-heading').textContent(), 'Unblocks (2)');
    assert.deepEqual(await wp.page.locator('.graph-panel .unblocks-list li').allTextContents().then((rows) => rows.map((r) => r.includes('ready once this is done'))), [false, true], 'g waits only for b; d still waits for c');
    // Its actions are there, and its upstream and downstream stay lit while the rest dims.
    assert.ok((await wp.page.locator('.graph-panel .panel-actions button').allTextContents()).includes('Edit Task'));
    await shot(wp, 'graph-selected-light');
    // Following a link selects that task.
    await wp.page.locator('.graph-panel .task-link', { hasText: 'a' }).click();
    await wp.page.locator('.graph-panel .panel-title', { hasText: 'Design the schema' }).waitFor();
    assert.deepEqual(await ids('unblocks-list'), ['b', 'c', 'f']);
    const from = wp.received.length;
    const d = await point('d');
    await wp.page.mouse.dblclick(d.x, d.y);
    assert.deepEqual((await wp.waitForRequest('taskAction', from)).params, { taskId: 'd', action: 'edit' });
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

  it('works from the keyboard: Enter selects the first task, arrows follow the edges, Enter opens; right-click gives VS Code the node\'s task', async () => {
    const wp = await openBoard();
    await wp.page.click('#tab-graph');
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    await wp.page.locator('.graph-canvas').focus();
    const title = () => wp.page.locator('.graph-panel .panel-title').textContent();
    await wp.page.keyboard.press('Enter');
    await wp.page.locator('.graph-panel .panel-title', { hasText: 'Design the schema' }).waitFor();
    await wp.page.keyboard.press('ArrowRight'); // to a task it unblocks
    assert.match((await title()) ?? '', /^(Build the API|Build the UI|Document the API)$/);
    await wp.page.keyboard.press('ArrowLeft'); // back along the dependency
    assert.equal(await title(), 'Design the schema');
    const from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.equal((await wp.waitForRequest('taskAction', from)).params.taskId, 'a');
    // Right-click: VS Code's menu reads the node's task from the canvas's context.
    const c = await wp.page.evaluate(() => window.__batonBoard.graph.nodeClientPoint('c'));
    await wp.page.mouse.click(c.x, c.y, { button: 'right' });
    const context = JSON.parse((await wp.page.locator('.graph-canvas').getAttribute('data-vscode-context')) ?? '{}') as Record<string, unknown>;
    assert.equal(context.taskId, 'c');
    assert.match(String(context.batonTask), /^baton:task\+/);
    assert.equal(await title(), 'Build the UI', 'the right-clicked node is selected');
    assert.match((await wp.page.locator('.graph-canvas').getAttribute('aria-label')) ?? '', /Enter or Home selects the first task/);
  });

  it('labels every node at Fit and marks each state with a glyph as well as a colour', async () => {
    const wp = await openBoard();
    await wp.page.click('#tab-graph');
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    await wp.page.locator('.graph-controls button', { hasText: 'Fit' }).click();
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.labelled === 8);
    const legend = await wp.page.locator('.graph-legend .legend-item').allTextContents();
    assert.deepEqual(legend.slice(0, 9), ['○planned', '◌ready', '▶running', '◆in review', '■blocked', '✓done', '✕failed', '⊘cancelled', '»skipped']);
    // A list of the nodes mirrors the canvas for screen readers.
    assert.equal(await wp.page.locator('.graph-nodes button').count(), 8);
  });

  it('colours nodes by state live, and highlights the critical path', async () => {
    const wp = await openBoard();
    await wp.page.click('#tab-graph');
    const snap = snapshot();
    assert.deepEqual(snap.criticalPath, ['a', 'b', 'd', 'e']);
    const colourAt = async (id: string, dy = 0) => wp.page.evaluate(([i, below]) => {
      const board = window.__batonBoard;
      board.graph.draw();
      const p = board.graph.nodeClientPoint(i);
      const canvas = document.querySelector('canvas')!;
      const r = canvas.getBoundingClientRect();
      const dpr = canvas.width / r.width;
      // Inside the status stripe at the node's left edge (the whole node when zoomed out).
      const x = Math.round((p.left - r.left + 3 * p.scale) * dpr);
      return Array.from(canvas.getContext('2d').getImageData(x, Math.round((p.y + below * p.scale - r.top) * dpr), 1, 1).data).slice(0, 3).join(',');
    }, [id, dy] as const);
    await wp.page.waitForFunction(() => window.__batonBoard.graph.stats.nodes === 8);
    const before = await colourAt('h');
    await wp.send({ type: 'tasksChanged', hostNow: new Date().toISOString(), tasks: [withState(snap.tasks.find((t) => t.id === 'h')!, { status: 'done', agent: 'alice' })] });
    await wp.page.waitForFunction(() => window.__batonBoard.store.tasks.get('h')?.status === 'done');
    const afterColour = await colourAt('h');
    assert.notEqual(afterColour, before);
    assert.equal(afterColour, await colourAt('a'), 'a done node has the done colour');
    // Running and blocked were nearly the same amber: now far apart (and each has its glyph).
    const colourAs = async (status: 'running' | 'blocked') => {
      await wp.send({ type: 'tasksChanged', hostNow: new Date().toISOString(), tasks: [withState(snap.tasks.find((t) => t.id === 'h')!, { status, agent: 'alice' })] });
      await wp.page.waitForFunction((s) => window.__batonBoard.store.tasks.get('h')?.status === s, status);
      // Below the state's glyph, inside the stripe (nodes are 72 high).
      return (await colourAt('h', 28)).split(',').map(Number);
    };
    const running = await colourAs('running');
    const blocked = await colourAs('blocked');
    const distance = Math.hypot(...running.map((c, i) => c - blocked[i]!));
    assert.ok(distance > 120, `running rgb(${running.join(',')}) and blocked rgb(${blocked.join(',')}) are ${distance.toFixed(0)} apart`);
  });
});
