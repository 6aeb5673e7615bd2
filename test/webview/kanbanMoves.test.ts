/**
 * Moving cards on the Kanban in headless Chromium: drag-and-drop between columns and swimlanes,
 * the comment a change request needs, the keyboard (arrows, move menu, Enter), and a refused
 * move snapping back with the host's reason.
 */
import assert from 'node:assert/strict';
import { columnIds, shot, useBoard, type PageDocument } from './boardSuite';

declare const document: PageDocument;

describe('Kanban moves in Chromium', function () {
  this.timeout(60_000);
  const openBoard = useBoard();

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
    await wp.respond(request, { ok: false, error: 'bob may not change app/x.md (forbidden by `app/**`), which task h is to deliver: choose a member whose boundaries allow them.' });
    await wp.page.locator('.column-list[data-lane="alice"][data-column="ready"] .card[data-task-id="h"]').waitFor();
    await shot(wp, 'kanban-swimlanes');
  });

  it('works from the keyboard: arrows move between cards, the menu has the moves and the task actions, Enter opens the task', async () => {
    const wp = await openBoard();
    await wp.page.locator('.card[data-task-id="h"]').focus();
    await wp.page.keyboard.press('ArrowRight'); // ready → running
    assert.equal(await wp.page.evaluate(() => document.activeElement?.dataset.taskId), 'b');
    await wp.page.keyboard.press('ArrowLeft');
    assert.equal(await wp.page.evaluate(() => document.activeElement?.dataset.taskId), 'h');
    // Enter opens the task: its YAML (it has no handoff yet), through the same command as the tree.
    let from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('taskAction', from)).params, { taskId: 'h', action: 'edit' });
    await wp.page.keyboard.press('m');
    const items = await wp.page.locator('[role="menu"] [role="menuitem"]').allTextContents();
    assert.deepEqual(items, ['Hand to Another Member…', 'Edit Task', 'Skip Task…', 'Cancel task']);
    from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('taskAction', from)).params, { taskId: 'h', action: 'reassign' });
    assert.equal(await wp.page.locator('[role="menu"]').count(), 0);
    // A done card opens its handoff, and its menu has its changes and its log.
    await wp.page.locator('.card[data-task-id="a"]').focus();
    from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('taskAction', from)).params, { taskId: 'a', action: 'openReview' });
    await wp.page.locator('.card[data-task-id="a"] .card-more').click();
    assert.deepEqual(await wp.page.locator('[role="menu"] [role="menuitem"]').allTextContents(), ['Open Handoff', 'Open Changes', 'Open Task Log', 'Edit Task']);
    await wp.page.keyboard.press('Escape');
    // Right-click: VS Code's context menu reads the task's context value from the card.
    await wp.page.locator('.card[data-task-id="f"]').dispatchEvent('contextmenu');
    const context = JSON.parse(await wp.page.locator('.card[data-task-id="f"]').getAttribute('data-vscode-context') ?? '{}') as Record<string, unknown>;
    assert.deepEqual(context, { webviewSection: 'task', taskId: 'f', preventDefaultContextMenuItems: true, batonTask: 'baton:task+failed+openDiff+openLog+reassign+edit+retry+skip+accept+here' });
  });
});
