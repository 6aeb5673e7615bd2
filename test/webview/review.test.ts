/**
 * The handoff review panel in headless Chromium: the handoff's sections, and the approve,
 * request-changes and open-diff requests, enabled or disabled with the engine's reason.
 */
import assert from 'node:assert/strict';
import type { ReviewSnapshot } from '../../src/shared/boardTypes';
import { shot, usePages } from './boardSuite';

describe('review panel in Chromium', function () {
  this.timeout(60_000);
  const open = usePages();

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
      actions: ['openReview', 'openDiff', 'openLog', 'reassign', 'edit', 'skip'],
      members: [{ agent: 'carol', team: 'eng', allowed: true }, { agent: 'dave', team: 'eng', allowed: false, reason: 'dave may not change src/login.ts (forbidden by `src/**`)' }],
      queue: ['c', 'd', 'e'],
      ...overrides,
    };
  }

  it('shows the handoff and sends approve, request changes and open-diff requests', async () => {
    const wp = await open({ app: 'review' });
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

  it('moves along the queue in one panel, approves all, hands the task to a member the engine allows, and confirms an approval', async () => {
    const wp = await open({ app: 'review' });
    await wp.waitFor((m) => m.type === 'ready', { from: 0 });
    await wp.send({ type: 'review', review: review() });
    await wp.page.locator('.queue-text', { hasText: 'Handoff 1 of 3 waiting for review' }).waitFor();
    const ask = async (method: Parameters<typeof wp.waitForRequest>[0], click: () => Promise<void>) => {
      const from = wp.received.length;
      await click();
      const request = await wp.waitForRequest(method, from);
      await wp.respond(request, { ok: true });
      return request.params;
    };
    assert.deepEqual(await ask('reviewNext', () => wp.page.locator('.review-queue button', { hasText: 'Next ▸' }).click()), { taskId: 'c' });
    assert.deepEqual(await ask('approveAll', () => wp.page.locator('.review-queue button', { hasText: 'Approve all 3…' }).click()), { taskId: 'c' });

    // Only members the engine allows can be picked; the others say why not.
    assert.deepEqual(await wp.page.locator('#reassign-member option:not([disabled])').allTextContents(), ['carol (eng)']);
    assert.match(await wp.page.locator('.review-ways p.muted').textContent() ?? '', /dave cannot take it: dave may not change src\/login\.ts/);
    assert.deepEqual(await ask('reassignTask', () => wp.page.locator('button', { hasText: 'Hand to member' }).click()), { taskId: 'c', agent: 'carol' });
    assert.deepEqual(await ask('taskAction', () => wp.page.locator('.review-action-links button', { hasText: 'Skip Task…' }).click()), { taskId: 'c', action: 'skip' });

    // Approved: a confirmation, no decision form, no "not waiting for review" error, and the queue moves on.
    await wp.send({ type: 'review', review: review({ task: { ...review().task, status: 'done' }, outcome: 'Approved by VS Code.', approve: { enabled: false }, requestChanges: { enabled: false }, queue: ['d', 'e'] }) });
    await wp.page.locator('.review-outcome.ok', { hasText: '✓ Approved by VS Code.' }).waitFor();
    assert.equal(await wp.page.locator('#review-comment').count(), 0, 'no comment box once decided');
    assert.equal(await wp.page.locator('text=not waiting for review').count(), 0);
    assert.equal(await wp.page.locator('.queue-text').textContent(), '2 handoffs waiting for review');
    await shot(wp, 'review-approved');
  });

  it('shows Approve and Request changes disabled, with the reason, in Restricted Mode', async () => {
    const wp = await open({ app: 'review', theme: 'dark' });
    await wp.waitFor((m) => m.type === 'ready', { from: 0 });
    const reason = 'Decisions on tasks need a trusted workspace (Restricted Mode).';
    await wp.send({ type: 'review', review: review({ approve: { enabled: false, reason }, requestChanges: { enabled: false, reason } }) });
    await wp.page.locator('h1', { hasText: 'Build the UI' }).waitFor();
    assert.equal(await wp.page.locator('button', { hasText: /^Approve$/ }).isDisabled(), true);
    assert.equal(await wp.page.locator('button', { hasText: 'Request changes' }).isDisabled(), true);
    assert.deepEqual(await wp.page.locator('.action-reason').allTextContents(), [reason]);
    await shot(wp, 'review-dark-disabled');
  });
});
