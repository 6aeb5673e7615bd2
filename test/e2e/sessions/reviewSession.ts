// The review flow in real VS Code, on examples/auth with its three design tasks waiting for a
// person: waiting-on-you is shown (tree, status bar, one notification), one review tab serves
// every handoff, a handoff goes to a member the panel offers (boundaries checked first) and that
// member's attempt runs, Approve all closes the notification, and the sprint completes.
import { launchBrowser } from '../harness/browser';
import { CodeServer } from '../harness/codeServer';
import type { Steps } from '../harness/steps';
import { confirmDialog, openBaton, pane, row, T, tabs, toasts, webviewFrame } from '../harness/workbench';
import { ARTIFACTS, removeWorkspace, reviewAuthWorkspace, ROOT } from '../harness/workspaces';

const SPRINT = 'Authentication feature';
const DESIGNS = ['Auth strategy design', 'Login/signup UI design', 'User/session schema design'];

export async function reviewSession(steps: Steps): Promise<void> {
  const dir = reviewAuthWorkspace();
  const server = await CodeServer.start({ trusted: true, artifacts: ARTIFACTS, label: 'ui-review', env: { BATON_SCRIPTED_DELAY_MS: '200' } });
  const browser = await launchBrowser();
  const page = browser.page;
  let ok = false;
  try {
    await steps.run(page, 'review: three handoffs wait and nothing runs — the tree, the status bar and one notification say so', async () => {
      await page.goto(server.workbenchUrl(dir, ROOT));
      await openBaton(page);
      const sprint = row(pane(page, 'Sprints'), SPRINT);
      await sprint.waitFor({ timeout: T.load });
      await sprint.hover();
      await sprint.locator('a.action-label[aria-label^="Start Sprint"]').click({ timeout: T.ui });
      // From a checkout under /tmp the inline action has reached Start Sprint without its row here
      // (not understood yet; the first session's inline start asserts that path): the sprint
      // picker then offers this workspace's one sprint, and Enter starts it.
      const picker = page.locator('.quick-input-widget input[placeholder="Sprint to start"]');
      if (await picker.waitFor({ timeout: 3_000 }).then(() => true, () => false)) await page.keyboard.press('Enter');
      await row(pane(page, 'Sprints'), 'Waiting for review (3)').waitFor({ timeout: T.run });
      await row(pane(page, 'Sprints'), /Authentication feature\s*3 to review · 1\/10 done/).waitFor({ timeout: T.ui });
      await page.locator('.statusbar-item', { hasText: 'auth-feature 1/10 · 3 to review' }).first().waitFor({ timeout: T.ui });
      await toasts(page, '3 handoffs wait for your review').first().waitFor({ timeout: T.ui });
      const stale = await toasts(page, /handed off and waits for your review/).count();
      if (stale) throw new Error(`${stale} notification(s) per handoff; expected one that follows the Inbox`);
      if (await row(pane(page, 'Sprints'), 'Running (').count()) throw new Error('something runs while the run waits for review');
    });

    await steps.run(page, 'review: one review tab serves the three handoffs, opened from the status bar and the Inbox', async () => {
      await page.locator('.statusbar-item', { hasText: '3 to review' }).first().click();
      await tabs(page, /^Review: /).first().waitFor({ timeout: T.ui });
      for (const title of DESIGNS) {
        await row(pane(page, 'Inbox'), `Review: ${title}`).click();
        const review = await webviewFrame(page, 'review');
        await review.locator('h1', { hasText: title }).waitFor({ timeout: T.ui });
        const open = await tabs(page, /^Review: /).count();
        if (open !== 1) throw new Error(`${open} review tabs after opening ${title}; expected one, reused`);
      }
      const review = await webviewFrame(page, 'review');
      await review.locator('.queue-text', { hasText: /Handoff \d of 3 waiting for review/ }).waitFor({ timeout: T.ui });
      // Next moves along the queue in the same tab.
      const before = await review.locator('h1').textContent();
      await review.locator('.review-queue button', { hasText: 'Next ▸' }).click();
      await review.locator('h1', { hasNotText: before ?? '' }).waitFor({ timeout: T.ui });
      if ((await tabs(page, /^Review: /).count()) !== 1) throw new Error('Next opened another tab');
    });

    await steps.run(page, 'review: hand the schema task to a member the engine allows — that member\'s attempt runs', async () => {
      await row(pane(page, 'Inbox'), 'Review: User/session schema design').click();
      const review = await webviewFrame(page, 'review');
      await review.locator('h1', { hasText: 'User/session schema design' }).waitFor({ timeout: T.ui });
      // Boundaries are checked before: Sam may not write db/schema.md, Morgan may.
      const sam = review.locator('#reassign-member option', { hasText: 'frontend-sam' });
      if (!(await sam.isDisabled())) throw new Error('frontend-sam is offered though its boundaries forbid db/schema.md');
      if (!/may not change db\/schema\.md/.test((await sam.textContent()) ?? '')) throw new Error(`no reason shown for frontend-sam: ${await sam.textContent()}`);
      await review.locator('#reassign-member').selectOption('backend-morgan');
      await review.locator('button', { hasText: 'Hand to member' }).click();
      // The engine runs Morgan's attempt, and the handoff comes back for review from Morgan.
      await review.locator('.review-header .muted', { hasText: /design-user-schema · review · backend-morgan · .*attempt 2/ }).waitFor({ timeout: T.run });
      await row(pane(page, 'Sprints'), /User\/session schema design\s*backend-morgan/).waitFor({ timeout: T.ui });
    });

    await steps.run(page, 'review: Approve all (confirmed) — the notification closes, the panel confirms, the sprint goes on', async () => {
      const review = await webviewFrame(page, 'review');
      await review.locator('.review-queue button', { hasText: 'Approve all 3…' }).click();
      await confirmDialog(page, 'Approve 3');
      await review.locator('.review-outcome', { hasText: '✓ Approved by VS Code.' }).waitFor({ timeout: T.ui });
      if (await review.locator('#review-comment').count()) throw new Error('the comment box is still there after the approval');
      await toasts(page, 'wait for your review').first().waitFor({ state: 'detached', timeout: T.ui });
      await toasts(page, 'waits for your review').first().waitFor({ state: 'detached', timeout: T.ui });
      await row(pane(page, 'Sprints'), 'Done (10)').waitFor({ timeout: T.run });
      // Nothing announced a review that no longer waits.
      if (await toasts(page, /wait(s)? for your review/).count()) throw new Error('a review notification outlived the approvals');
    });
    ok = true;
  } finally {
    await browser.close();
    await server.stop(!ok);
    removeWorkspace(dir);
  }
}
