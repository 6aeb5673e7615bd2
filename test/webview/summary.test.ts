/**
 * A finished sprint in headless Chromium: the board opens on its summary (once per run) with
 * the integration branch and its actions, and the Kanban fits its columns to the view — empty
 * ones shrink to strips, so Done is on screen at the width the editor gives a board beside the
 * sidebar; when columns cannot fit, the board scrolls sideways.
 */
import assert from 'node:assert/strict';
import { finishedSnapshot, shot, snapshot, usePages, type PageDocument } from './boardSuite';

interface Scroller { scrollWidth: number; clientWidth: number }
declare const document: Omit<PageDocument, 'querySelector'> & { querySelector(s: string): Scroller | null };

describe('a finished sprint on the board', function () {
  this.timeout(60_000);
  const open = usePages();

  it('opens on the summary with the result and its actions, once per run', async () => {
    // About what a 1600 px window leaves a board with the sidebar open.
    const wp = await open({ viewport: { width: 1300, height: 800 } });
    await wp.waitFor((m) => m.type === 'ready', { from: 0 });
    await wp.send({ type: 'snapshot', snapshot: finishedSnapshot() });
    await wp.page.locator('#panel-summary:not([hidden])').waitFor();
    assert.equal(await wp.page.locator('#tab-summary').getAttribute('aria-selected'), 'true');
    assert.equal(await wp.page.locator('.summary-title').textContent(), 'Completed: 8 of 8 tasks done in 1m 05s');
    assert.equal(await wp.page.locator('.result-branch').textContent(), 'baton/sprint-1/_integration');
    assert.deepEqual(await wp.page.locator('.summary-result button').allTextContents(), ['Compare with base', 'Check out', 'Merge into main…', 'Push and open pull request']);
    const from = wp.received.length;
    await wp.page.locator('.summary-result button', { hasText: 'Merge into main…' }).click();
    assert.deepEqual((await wp.waitForRequest('resultAction', from)).params, { action: 'merge' });
    await shot(wp, 'summary-finished');

    // The Kanban: the five empty columns are strips, Done is in view, nothing to scroll sideways.
    await wp.page.click('#tab-kanban');
    await wp.page.locator('.column-list[data-column="done"] .card').first().waitFor();
    const done = (await wp.page.locator('.column-title[data-column="done"]').boundingBox())!;
    assert.ok(done.x + done.width <= 1300, `Done ends at ${done.x + done.width} px, inside the 1300 px view`);
    for (const column of ['planning', 'ready', 'running', 'review', 'blocked', 'failed']) {
      const box = (await wp.page.locator(`.column-list[data-column="${column}"]`).boundingBox())!;
      assert.ok(box.width < 60, `${column} is a strip (${box.width} px)`);
    }
    assert.equal(await wp.page.evaluate(() => { const k = document.querySelector('.kanban')!; return k.scrollWidth <= k.clientWidth; }), true);
    await shot(wp, 'kanban-finished');

    // Reloaded, the same run keeps the person's tab.
    await wp.send({ type: 'snapshot', snapshot: finishedSnapshot() });
    await wp.page.locator('#panel-kanban:not([hidden])').waitFor();
  });

  it('scrolls sideways when every column has cards and the view is narrow', async () => {
    const wp = await open({ viewport: { width: 900, height: 700 } });
    await wp.waitFor((m) => m.type === 'ready', { from: 0 });
    await wp.send({ type: 'snapshot', snapshot: snapshot() });
    await wp.page.locator('.card').first().waitFor();
    const { scroll, client } = await wp.page.evaluate(() => { const k = document.querySelector('.kanban')!; return { scroll: k.scrollWidth, client: k.clientWidth }; });
    assert.ok(scroll > client, `the board is wider (${scroll}) than the view (${client}): it scrolls`);
    await wp.page.locator('.kanban').evaluate((k) => ((k as unknown as { scrollLeft: number }).scrollLeft = 10_000));
    const failed = (await wp.page.locator('.column-title[data-column="failed"]').boundingBox())!;
    assert.ok(failed.x + failed.width <= 900, 'scrolled, the last column comes into view');
  });
});
