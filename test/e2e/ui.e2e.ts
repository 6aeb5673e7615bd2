// The UI suite: a real VS Code 1.100.3 (code-server) driven by headless Chromium through
// playwright-core, the way a user clicks it. Every step waits on a condition in the page (a
// locator with a timeout), never on a fixed delay, and ends with a screenshot in
// test-artifacts/e2e/. Needs scripts/setup-e2e.sh and `npm run build` first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from './harness/browser';
import { CodeServer } from './harness/codeServer';
import { Steps } from './harness/steps';
import { openBaton, pane, row, T } from './harness/workbench';
import { ARTIFACTS, authWorkspace, gatedAuthWorkspace, removeWorkspace, ROOT } from './harness/workspaces';
import { resultSession } from './sessions/resultSession';
import { reviewSession } from './sessions/reviewSession';

const BROKEN_YAML = path.join(ROOT, 'examples', 'broken', '.claude', 'sprints', 'syntax-error.yaml');

/** Opens the broken sprint file from Quick Open and waits for a squiggle and a Problems entry. */
async function expectProblem(page: Page): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('syntax-error.yaml'); // no '>' prefix: Quick Open files
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'syntax-error.yaml' }).first().waitFor({ timeout: T.ui });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: T.ui });
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'syntax-error.yaml' }).first().waitFor({ timeout: T.ui });
  await page.locator('.markers-panel .monaco-list-row .marker-source', { hasText: 'baton' }).first().waitFor({ timeout: T.ui });
}

async function trustedSession(steps: Steps): Promise<void> {
  const { dir, gate } = gatedAuthWorkspace();
  const server = await CodeServer.start({
    trusted: true, artifacts: ARTIFACTS, label: 'ui-trusted',
    env: { BATON_SCRIPTED_GATE: gate, BATON_SCRIPTED_DELAY_MS: '400' },
  });
  const browser = await launchBrowser();
  const page = browser.page;
  let ok = false;
  try {
    await steps.run(page, 'open the example workspace and the four Baton views', async () => {
      await page.goto(server.workbenchUrl(dir, ROOT));
      await openBaton(page);
      for (const title of ['Sprints', 'Teams', 'Worktrees', 'Inbox']) await pane(page, title).waitFor({ timeout: T.load });
      await row(pane(page, 'Sprints'), 'Authentication feature').waitFor({ timeout: T.load });
      await row(pane(page, 'Teams'), 'Engineering').waitFor({ timeout: T.ui });
    });

    await steps.run(page, 'start the sprint from its inline action', async () => {
      const sprint = row(pane(page, 'Sprints'), 'Authentication feature');
      await sprint.hover();
      await sprint.locator('a.action-label[aria-label^="Start Sprint"]').click({ timeout: T.ui });
      await row(pane(page, 'Sprints'), /^Running \(\d\)/).first().waitFor({ timeout: T.run });
      await page.locator('.statusbar-item', { hasText: /auth-feature \d+\/10/ }).first().waitFor({ timeout: T.ui });
    });

    await steps.run(page, 'watch tasks move to done', async () => {
      // deploy-auth's agent commits, then holds at the gate: the other nine are done by then.
      await row(pane(page, 'Sprints'), 'Done (9)').waitFor({ timeout: T.run });
      await row(pane(page, 'Sprints'), 'Running (1)').waitFor({ timeout: T.ui });
      await row(pane(page, 'Sprints'), 'Deploy auth feature').waitFor({ timeout: T.ui });
    });

    await steps.run(page, 'open the worktree diff against its base', async () => {
      const worktree = row(pane(page, 'Worktrees'), /auth-feature\/deploy-auth.*↑1/);
      await worktree.waitFor({ timeout: T.run });
      await worktree.hover();
      await worktree.locator('a.action-label[aria-label^="Open Changes Against Base"]').click({ timeout: T.ui });
      await page.locator('.monaco-diff-editor').first().waitFor({ timeout: T.ui });
      await page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').first().waitFor({ timeout: T.ui });
    });

    await steps.run(page, 'release the last agent and see the sprint complete', async () => {
      fs.writeFileSync(gate, 'go\n');
      await row(pane(page, 'Sprints'), 'Done (10)').waitFor({ timeout: T.run });
      await page.locator('.statusbar-item', { hasText: 'auth-feature 10/10' }).first().waitFor({ timeout: T.ui });
      await row(pane(page, 'Worktrees'), /deploy-auth/).waitFor({ state: 'detached', timeout: T.ui });
    });

    await steps.run(page, 'click the status bar item: the board opens', async () => {
      await page.locator('.statusbar-item', { hasText: 'auth-feature 10/10' }).first().click();
      await page.locator('.tabs-container .tab', { hasText: 'Baton Board' }).waitFor({ timeout: T.ui });
      await page.locator('iframe.webview.ready').first().waitFor({ state: 'attached', timeout: T.ui });
    });

    await steps.run(page, 'see a squiggle and a Problems entry on a broken YAML file', async () => {
      fs.copyFileSync(BROKEN_YAML, path.join(dir, '.claude', 'sprints', 'syntax-error.yaml'));
      await expectProblem(page);
    });
    ok = true;
  } finally {
    await browser.close();
    await server.stop(!ok);
    removeWorkspace(dir);
  }
}

async function restrictedSession(steps: Steps): Promise<void> {
  const dir = authWorkspace();
  fs.copyFileSync(BROKEN_YAML, path.join(dir, '.claude', 'sprints', 'syntax-error.yaml'));
  const server = await CodeServer.start({ trusted: false, artifacts: ARTIFACTS, label: 'ui-restricted' });
  const browser = await launchBrowser();
  const page = browser.page;
  let ok = false;
  try {
    await steps.run(page, 'Restricted Mode: the trees work and no start action is offered', async () => {
      await page.goto(server.workbenchUrl(dir, ROOT));
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: T.load });
      await openBaton(page);
      const sprint = row(pane(page, 'Sprints'), 'Authentication feature');
      await sprint.waitFor({ timeout: T.load });
      await row(pane(page, 'Teams'), 'Engineering').waitFor({ timeout: T.ui });
      await pane(page, 'Worktrees').getByText('trusted workspaces only').waitFor({ timeout: T.ui });
      await sprint.hover();
      // The same hover showed ▶ in the trusted window; here neither the row nor the title bar has it.
      if (await sprint.locator('a.action-label[aria-label^="Start Sprint"]').count()) throw new Error('Start Sprint is offered on the sprint in Restricted Mode');
      await pane(page, 'Sprints').locator('.pane-header').hover();
      await pane(page, 'Sprints').locator('.pane-header a.action-label[aria-label^="Show Plan"]').waitFor({ timeout: T.ui });
      if (await pane(page, 'Sprints').locator('.pane-header a.action-label[aria-label^="Start Sprint"]').count()) throw new Error('Start Sprint is in the view title in Restricted Mode');
    });

    await steps.run(page, 'Restricted Mode: the Command Palette has no Start Sprint', async () => {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.fill('>Baton: Show Plan');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Baton: Show Plan' }).first().waitFor({ timeout: T.ui });
      await input.fill('>Baton: Start Sprint');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Baton: Show Plan' }).first().waitFor({ state: 'detached', timeout: T.ui });
      if (await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Baton: Start Sprint' }).count()) throw new Error('Baton: Start Sprint is in the palette in Restricted Mode');
      await page.keyboard.press('Escape');
    });

    await steps.run(page, 'Restricted Mode: diagnostics still arrive', async () => {
      await expectProblem(page);
    });
    ok = true;
  } finally {
    await browser.close();
    await server.stop(!ok);
    removeWorkspace(dir);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const dir = ARTIFACTS;
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) if (f.endsWith('.png') || f.endsWith('.log')) fs.rmSync(path.join(dir, f));
  const steps = new Steps(dir);
  console.log('UI suite (code-server + headless Chromium)');
  let failed = false;
  // BATON_UI_ONLY=trusted|review|result|restricted runs one session (while working on it).
  const only = process.env.BATON_UI_ONLY;
  for (const session of [trustedSession, reviewSession, resultSession, restrictedSession].filter((f) => !only || f.name.startsWith(only))) {
    try {
      await session(steps);
    } catch {
      failed = true;
    }
  }
  const passed = steps.results.filter((r) => r.ok).length;
  console.log(`ui suite: ${passed} passed, ${steps.results.length - passed} failed (${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(ROOT, dir)}/)`);
  return failed ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => {
  console.error('UI suite could not run:', e);
  process.exit(2);
});
