/**
 * The Kanban at 2,000 tasks in headless Chromium. Lists render only the cards in view, so these
 * check what that must not break: counts and ARIA positions cover every task, scrolling reveals
 * every card in file order, the keyboard reaches cards not rendered yet and keeps focus while
 * its card scrolls away, and drops land in lists whose cards at the drop point are not rendered.
 */
import assert from 'node:assert/strict';
import { columnOf, type BoardSnapshot } from '../../src/shared/boardTypes';
import type { WebviewPage } from './boardHarness';
import { largeSprint, midRunStates, snapshotOf } from './boardFixtures';
import { columnIds, shot, useBoard, type PageDocument, type PageElement } from './boardSuite';

declare const document: PageDocument;
declare function requestAnimationFrame(callback: () => void): number;

const TALL = { width: 1400, height: 2000 };

/** Ids of a column's tasks, in file order. */
function idsIn(snap: BoardSnapshot, column: string, lane?: string): string[] {
  return snap.tasks.filter((t) => columnOf(t.status) === column && (lane === undefined || t.agent === lane)).map((t) => t.id);
}

/** Scrolls a list a screen at a time, top to bottom, collecting each rendered card by its `aria-posinset`. */
async function sweep(wp: WebviewPage, column: string): Promise<{ seen: string[]; setsize: string[]; most: number }> {
  return wp.page.evaluate(async (c) => {
    const list = document.querySelector(`.column-list[data-column="${c}"]`)!;
    const seen: string[] = [];
    const setsize = new Set<string>();
    let most = 0;
    for (let y = 0; ; y += list.clientHeight) {
      list.scrollTop = y;
      // The scroll event comes in the next frame and the list renders in that frame's callbacks.
      // (No named helpers in page code: the test runner's transpiler would wrap them in `__name`.)
      for (let f = 0; f < 2; f++) await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const cards = Array.from(list.querySelectorAll('.card'));
      most = Math.max(most, cards.length);
      for (const card of cards) {
        seen[Number(card.getAttribute('aria-posinset')) - 1] = card.dataset.taskId ?? '';
        setsize.add(card.getAttribute('aria-setsize') ?? '');
      }
      if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
    }
    return { seen: Array.from(seen, (id) => id ?? '(missing)'), setsize: [...setsize], most };
  }, column);
}

/** Whether the focused card is inside its list's visible part. */
async function focusedInView(wp: WebviewPage): Promise<boolean> {
  return wp.page.evaluate(() => {
    const card = document.activeElement;
    const list = card?.closest('.column-list');
    if (!card || !list) return false;
    const c = card.getBoundingClientRect();
    const l = list.getBoundingClientRect();
    return c.top >= l.top - 1 && c.bottom <= l.bottom + 1;
  });
}

describe('Kanban at 2,000 tasks in Chromium', function () {
  this.timeout(60_000);
  const openBoard = useBoard();

  it('a 2,000-task board: counts right at once, a screenful of cards rendered, in file order, with their place in the column', async () => {
    const { specs, members } = largeSprint(2000);
    const snap = snapshotOf(specs, midRunStates(specs), { members });
    const wp = await openBoard({ snap });
    for (const column of ['planning', 'ready', 'running', 'review', 'blocked', 'done', 'failed']) {
      const expected = idsIn(snap, column);
      assert.equal(await wp.page.locator(`.column-title[data-column="${column}"] .count`).textContent(), String(expected.length));
      const ids = await columnIds(wp, column);
      assert.deepEqual(ids, expected.slice(0, ids.length), `${column}: the first cards, in file order`);
      const list = wp.page.locator(`.column-list[data-column="${column}"] .card`);
      if (ids.length) assert.equal(await list.last().getAttribute('aria-posinset'), String(ids.length));
      if (ids.length) assert.equal(await list.first().getAttribute('aria-setsize'), String(expected.length));
    }
    const rendered = await wp.page.locator('.card').count();
    assert.ok(rendered < 300, `${rendered} cards in the DOM for 2,000 tasks`);
    await shot(wp, 'kanban-2000');
  });

  it('a 2,000-card column renders far fewer cards than tasks, and scrolling reveals every one in order', async () => {
    const { specs, members } = largeSprint(2000);
    const snap = snapshotOf(specs, {}, { members });
    const wp = await openBoard({ snap, viewport: TALL });
    assert.equal(await wp.page.locator('.column-title[data-column="planning"] .count').textContent(), '2000');
    const first = await wp.page.locator('.column-list[data-column="planning"] .card').count();
    assert.ok(first > 10 && first < 100, `${first} cards rendered at first`);
    const { seen, setsize, most } = await sweep(wp, 'planning');
    assert.deepEqual(seen, idsIn(snap, 'planning'), 'every card, each at its place');
    assert.deepEqual(setsize, ['2000']);
    assert.ok(most < 100, `at most ${most} cards in the DOM while scrolling`);
    assert.deepEqual((await columnIds(wp, 'planning')).at(-1), 't1999');
    await shot(wp, 'kanban-2000-scrolled');
  });

  it('keyboard in a 2,000-card column: End, Home and arrows reach cards not rendered, and focus survives scrolling away', async () => {
    const { specs, members } = largeSprint(2000);
    const wp = await openBoard({ snap: snapshotOf(specs, {}, { members }), viewport: TALL });
    const focused = () => wp.page.evaluate(() => document.activeElement?.dataset.taskId);
    await wp.page.locator('.card[data-task-id="t0"]').focus();
    await wp.page.keyboard.press('End');
    assert.equal(await focused(), 't1999');
    assert.ok(await focusedInView(wp), 'the list scrolled to the last card');
    assert.equal(await wp.page.locator('.card[data-task-id="t1999"]').getAttribute('aria-posinset'), '2000');
    await wp.page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 't1998');
    await wp.page.keyboard.press('Home');
    assert.equal(await focused(), 't0');
    assert.ok(await focusedInView(wp));
    // Scroll far away with the mouse wheel: the focused card stays in the DOM, and focused.
    await wp.page.locator('.column-list[data-column="planning"]').hover();
    for (let i = 0; i < 5; i++) await wp.page.mouse.wheel(0, 6000);
    await wp.page.waitForFunction(() => (document.querySelector('.column-list[data-column="planning"]')?.scrollTop ?? 0) > 20_000);
    await wp.page.waitForFunction(() => !document.querySelector('.card[data-task-id="t1"]'));
    assert.equal(await focused(), 't0');
    await wp.page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 't1');
    assert.ok(await focusedInView(wp), 'the list scrolled back to the card');
    const from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('taskAction', from)).params, { taskId: 't1', action: 'edit' });
  });

  it('drops into a long column at a place whose cards are not rendered: the move is sent and the card waits in its file-order place', async () => {
    const { specs, members } = largeSprint(2000);
    const snap = snapshotOf(specs, midRunStates(specs), { members });
    const wp = await openBoard({ snap });
    const id = idsIn(snap, 'review')[0]!;
    const done = idsIn(snap, 'done');
    assert.ok(!(await columnIds(wp, 'done')).includes(done.at(-1)!), 'the end of the done column is not rendered');
    const from = wp.received.length;
    await wp.page.locator(`.card[data-task-id="${id}"]`).dragTo(wp.page.locator('.column-list[data-column="done"]'));
    const approve = await wp.waitForRequest('moveTask', from);
    assert.deepEqual(approve.params, { taskId: id, move: { kind: 'approve' } });
    // Its place is after every done task: scroll there and it is in the flow of cards.
    await wp.page.evaluate(() => {
      const list = document.querySelector('.column-list[data-column="done"]')!;
      list.scrollTop = list.scrollHeight;
    });
    await wp.page.waitForFunction((last) => document.querySelector(`.column-list[data-column="done"] .card[data-task-id="${last}"]`) !== null, done.at(-1)!);
    const ids = await columnIds(wp, 'done');
    assert.deepEqual(ids.slice(-2), [done.at(-1), id]);
    const card = wp.page.locator(`.column-list[data-column="done"] .card[data-task-id="${id}"]`);
    assert.equal(await card.getAttribute('aria-posinset'), String(done.length + 1));
    assert.equal(await card.getAttribute('aria-busy'), 'true', 'pending until the host answers');
    await wp.respond(approve, { ok: true });
    await wp.page.waitForFunction((i) => !document.querySelector(`.card[data-task-id="${i}"]`)?.classList.contains('pending'), id);
  });

  it('swimlanes at 2,000 tasks: lanes far down render when scrolled to, and a card dropped on one is reassigned', async () => {
    const { specs, members } = largeSprint(2000);
    const snap = snapshotOf(specs, midRunStates(specs), { members });
    const wp = await openBoard({ snap });
    await wp.page.selectOption('select[aria-label="Swimlanes"]', 'agent');
    await wp.page.locator('.kanban-lane[data-lane="agent-4-3"]').waitFor({ state: 'attached' });
    const rendered = await wp.page.locator('.card').count();
    assert.ok(rendered < 400, `${rendered} cards in the DOM with 21 swimlanes`);
    const lastLane = '.column-list[data-lane="agent-4-3"][data-column="planning"]';
    assert.equal(await wp.page.locator(`${lastLane} .card`).count(), 0, 'the last lane is not rendered before it is scrolled to');
    const id = idsIn(snap, 'planning', 'agent-0-0')[0]!;
    const from = wp.received.length;
    // As a person drags: pick the card up, then the board scrolls down to the last lane (the
    // dragged card goes out of view), then drop. (Playwright's dragTo would scroll before the
    // drag starts, and Chromium would start it from whatever card is then under the pointer.)
    const source = (await wp.page.locator(`.card[data-task-id="${id}"]`).boundingBox())!;
    await wp.page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await wp.page.mouse.down();
    await wp.page.mouse.move(source.x + source.width / 2 + 20, source.y + source.height / 2 + 20, { steps: 4 });
    await wp.page.evaluate((sel) => document.querySelector(sel)!.scrollIntoView(), lastLane);
    await wp.page.locator(`${lastLane} .card`).first().waitFor();
    const target = (await wp.page.locator(lastLane).boundingBox())!;
    await wp.page.mouse.move(target.x + target.width / 2, target.y + 60, { steps: 4 });
    await wp.page.mouse.up();
    const request = await wp.waitForRequest('moveTask', from);
    assert.deepEqual(request.params, { taskId: id, move: { kind: 'reassign', agent: 'agent-4-3' } });
    // The last lane is on screen now; each card it renders is at its file-order place, the
    // dropped one included (placed in the next frame).
    await wp.page.locator(`${lastLane} .card[data-task-id="${id}"]`).waitFor({ state: 'attached' });
    const expected = [...idsIn(snap, 'planning', 'agent-4-3'), id].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    const places = await wp.page.locator(`${lastLane} .card`).evaluateAll((els) => els.map((e) => [(e as unknown as PageElement).dataset.taskId, e.getAttribute('aria-posinset')]));
    assert.ok(places.length > 0, 'the last lane renders once scrolled to');
    for (const [card, pos] of places) assert.equal(card, expected[Number(pos) - 1]);
    await wp.respond(request, { ok: false, error: 'This version of the engine cannot reassign a task (reassignTask).' });
    await wp.page.locator(`.column-list[data-lane="agent-0-0"][data-column="planning"] .card[data-task-id="${id}"] .card-error`).waitFor({ state: 'attached' });
  });
});
