/**
 * Teams that talk on the board, in headless Chromium: a card shows the agent's live progress
 * (`report_status`) and the question its task waits on, with Answer as its first action; the
 * header shows an emergency until it is over.
 */
import assert from 'node:assert/strict';
import { withState } from './boardFixtures';
import { snapshot, useBoard } from './boardSuite';

describe('Teams that talk on the board (Chromium)', function () {
  this.timeout(60_000);
  const openBoard = useBoard();

  it("shows live progress and the question a task waits on, and the emergency in the header", async () => {
    const wp = await openBoard();
    const snap = snapshot();
    const b = snap.tasks.find((t) => t.id === 'b')!;
    await wp.send({ type: 'tasksChanged', hostNow: new Date().toISOString(), tasks: [{
      ...withState(b, { status: 'running', agent: 'alice', runningSince: new Date().toISOString() }),
      progress: { percent: 40, status: 'building', remaining: ['forms'], blockers: [], at: new Date().toISOString() },
      question: { id: 'q-1', text: 'Redis or PostgreSQL?', to: 'person', waiting: true },
    }] });
    const team = wp.page.locator('.card[data-task-id="b"] .card-team');
    await team.waitFor();
    assert.equal(await team.textContent(), '◔ 40% · building\n? waiting for person: Redis or PostgreSQL?');
    assert.equal(await team.getAttribute('title'), 'Remaining: forms\nq-1: Redis or PostgreSQL?');
    assert.match((await wp.page.locator('.card[data-task-id="b"]').getAttribute('aria-label')) ?? '', /waiting for person: Redis or PostgreSQL\?/);
    assert.equal(await wp.page.locator('.card[data-task-id="b"] .card-team.waiting').count(), 1);

    // Answer is the card's first task action — its menu, Enter, VS Code's context menu — as in the trees.
    await wp.send({ type: 'tasksChanged', hostNow: new Date().toISOString(), tasks: [{
      ...withState(b, { status: 'running', agent: 'alice', runningSince: new Date().toISOString() }),
      question: { id: 'q-1', text: 'Redis or PostgreSQL?', to: 'person', waiting: true }, answerable: true,
    }] });
    const card = wp.page.locator('.card[data-task-id="b"]');
    await card.focus();
    await wp.page.keyboard.press('m');
    assert.deepEqual((await wp.page.locator('[role="menu"] [role="menuitem"]').allTextContents())[0], "Answer an Agent's Question");
    let from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('taskAction', from)).params, { taskId: 'b', action: 'answer' });
    await card.focus();
    from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('taskAction', from)).params, { taskId: 'b', action: 'answer' });
    await card.dispatchEvent('contextmenu');
    assert.match((JSON.parse(await card.getAttribute('data-vscode-context') ?? '{}') as { batonTask?: string }).batonTask ?? '', /^baton:task\+running\+answer\+/);

    await wp.send({ type: 'runChanged', run: { ...snap.run, emergency: { id: 'ev-3', event: 'critical_bug_discovered', tasks: ['eng-hotfix-1'] } }, capabilities: snap.capabilities });
    const banner = wp.page.locator('.emergency-banner');
    await banner.waitFor({ state: 'visible' });
    assert.match((await banner.textContent()) ?? '', /Emergency \(critical_bug_discovered\): eng-hotfix-1 go first/);
    await wp.send({ type: 'runChanged', run: snap.run, capabilities: snap.capabilities });
    await banner.waitFor({ state: 'hidden' });

    await wp.send({ type: 'tasksChanged', hostNow: new Date().toISOString(), tasks: [withState(b, { status: 'done', agent: 'alice' })] });
    await wp.page.locator('.column-list[data-column="done"] .card[data-task-id="b"]').waitFor();
    assert.equal(await wp.page.locator('.card[data-task-id="b"] .card-team').isHidden(), true, 'a finished card drops the line');
  });
});
