/**
 * The Kanban tab in headless Chromium: the snapshot's cards in their columns with their details,
 * filters, deltas moving cards and ticking elapsed times, the host's reveal, and UI state kept
 * across a reload.
 */
import assert from 'node:assert/strict';
import { withState } from './boardFixtures';
import { columnIds, shot, snapshot, useBoard, type BoardProbe, type PageDocument, type PageElement } from './boardSuite';

declare const document: PageDocument;
declare const window: { __batonBoard: BoardProbe };

describe('Kanban in Chromium', function () {
  this.timeout(60_000);
  const openBoard = useBoard();

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
});
