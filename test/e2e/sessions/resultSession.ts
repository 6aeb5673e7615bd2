// A finished 22-task sprint in real VS Code (examples/ecommerce): the board opens on its summary,
// the Kanban shows its Done column, the graph labels every node at Fit and its Unblocks panel
// agrees with `baton plan` for every task, and the integration branch is shown with its actions
// — Compare with Base opens VS Code's changes editor; Merge into… fast-forwards the real branch;
// a done card's right-click menu is VS Code's, with its task actions.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { CodeServer } from '../harness/codeServer';
import type { Steps } from '../harness/steps';
import { confirmDialog, openBaton, pane, pick, row, runCommand, T, tabs, toasts, webviewFrame } from '../harness/workbench';
import { ARTIFACTS, ecommerceWorkspace, removeWorkspace, ROOT } from '../harness/workspaces';

const SPRINT = 'E-commerce platform — sprint 1';

interface Probe { graph: { stats: { labelled: number; nodes: number }; nodeClientPoint(id: string): { x: number; y: number } } }
// In-page callbacks run in the webview; the root tsconfig has no DOM library.
declare const window: { __batonBoard: Probe };
declare const document: { querySelector(selector: string): { getBoundingClientRect(): { left: number; top: number } } | null };

/** Clicks the centre of a graph node: its client point in the webview, moved to the page. */
async function clickNode(page: Page, board: Frame, id: string): Promise<void> {
  const canvas = board.locator('.graph-canvas');
  const box = (await canvas.boundingBox())!;
  const at = await board.evaluate((task) => {
    const p = window.__batonBoard.graph.nodeClientPoint(task);
    const r = document.querySelector('.graph-canvas')!.getBoundingClientRect();
    return { x: p.x - r.left, y: p.y - r.top };
  }, id);
  await page.mouse.click(box.x + at.x, box.y + at.y);
}

export async function resultSession(steps: Steps): Promise<void> {
  const dir = ecommerceWorkspace();
  const server = await CodeServer.start({ trusted: true, artifacts: ARTIFACTS, label: 'ui-result', env: { BATON_SCRIPTED_DELAY_MS: '100' } });
  const browser = await launchBrowser({ width: 1600, height: 900 });
  const page = browser.page;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  let ok = false;
  try {
    await steps.run(page, 'result: a 22-task sprint runs to the end; its integration branch is in the tree with its actions', async () => {
      await page.goto(server.workbenchUrl(dir, ROOT));
      await openBaton(page);
      await row(pane(page, 'Sprints'), SPRINT).waitFor({ timeout: T.load });
      await runCommand(page, 'Baton: Start Sprint');
      await pick(page, SPRINT);
      await row(pane(page, 'Sprints'), 'Done (22)').waitFor({ timeout: T.run });
      await page.locator('.statusbar-item', { hasText: 'ecommerce-platform 22/22 · completed' }).first().waitFor({ timeout: T.run });
      const result = row(pane(page, 'Sprints'), /^Result\s*baton\/ecommerce-platform\/_integration · \d+ commits · \d+ files/);
      await result.waitFor({ timeout: T.ui });
      await result.hover();
      for (const action of ['Compare with Base', 'Check Out Integration Branch', 'Merge into Branch…', 'Push and Open Pull Request']) {
        await result.locator(`a.action-label[aria-label^="${action}"]`).waitFor({ timeout: T.ui });
      }
      await toasts(page, 'Its work is on baton/ecommerce-platform/_integration').first().waitFor({ timeout: T.ui });
    });

    await steps.run(page, 'result: Compare with Base opens VS Code\'s changes editor on the whole sprint', async () => {
      const result = row(pane(page, 'Sprints'), /^Result/);
      await result.hover();
      await result.locator('a.action-label[aria-label^="Compare with Base"]').click();
      await tabs(page, /baton\/ecommerce-platform\/_integration ↔ base/).first().waitFor({ timeout: T.ui });
    });

    let board: Frame | undefined;
    await steps.run(page, 'result: the board opens on the summary of the finished sprint', async () => {
      await runCommand(page, 'Baton: Open Board');
      board = await webviewFrame(page, 'board');
      await board.locator('#tab-summary[aria-selected="true"]').waitFor({ timeout: T.ui });
      await board.locator('.summary-title', { hasText: /^Completed: 22 of 22 tasks done in / }).waitFor({ timeout: T.ui });
      await board.locator('.result-branch', { hasText: 'baton/ecommerce-platform/_integration' }).waitFor({ timeout: T.ui });
      await board.locator('.summary-result button', { hasText: /^Merge into .+…$/ }).waitFor({ timeout: T.ui });
      await board.locator('.summary-result button', { hasText: 'Push and open pull request' }).waitFor({ timeout: T.ui });
    });

    await steps.run(page, 'result: the Kanban shows the Done column of a finished sprint on screen', async () => {
      await board!.locator('#tab-kanban').click();
      await board!.locator('.column-title[data-column="done"] .count', { hasText: '22' }).waitFor({ timeout: T.ui });
      const done = (await board!.locator('.column-title[data-column="done"]').boundingBox())!;
      const view = (await page.locator('iframe.webview.ready').first().boundingBox())!;
      if (done.x < view.x || done.x + done.width > view.x + view.width) throw new Error(`the Done column (${done.x}–${done.x + done.width}) is outside the board (${view.x}–${view.x + view.width})`);
      await board!.locator('.column-list[data-column="done"] .card').first().waitFor({ timeout: T.ui });
    });

    await steps.run(page, 'result: the graph labels all 22 nodes at Fit', async () => {
      await board!.locator('#tab-graph').click();
      await board!.locator('.graph-controls button', { hasText: 'Fit' }).click();
      await board!.waitForFunction(() => {
        const s = window.__batonBoard.graph.stats;
        return s.nodes === 22 && s.labelled === 22;
      }, undefined, { timeout: T.ui });
    });

    await steps.run(page, 'result: every node\'s "Unblocks" count equals baton plan\'s', async () => {
      const plan = JSON.parse(execFileSync('node', [path.join(ROOT, 'dist', 'cli.js'), 'plan', 'ecommerce-platform', dir, '--json'], { encoding: 'utf8' })) as { tasks: { id: string; unblocks: string[] }[] };
      if (plan.tasks.length !== 22) throw new Error(`baton plan lists ${plan.tasks.length} tasks`);
      for (const t of plan.tasks) {
        await clickNode(page, board!, t.id);
        await board!.locator('.graph-panel .panel-title + p', { hasText: new RegExp(`^${t.id} · `) }).waitFor({ timeout: T.ui });
        const heading = await board!.locator('.graph-panel .unblocks-heading').textContent();
        if (heading !== `Unblocks (${t.unblocks.length})`) throw new Error(`${t.id}: the panel says "${heading}", baton plan ${t.unblocks.length} (${t.unblocks.join(', ')})`);
        const listed = await board!.locator('.graph-panel .unblocks-list .task-link').allTextContents();
        if (listed.join(',') !== t.unblocks.join(',')) throw new Error(`${t.id}: the panel lists ${listed.join(', ')}, baton plan ${t.unblocks.join(', ')}`);
      }
      // The last task selected keeps its chain lit: select the first on the critical path for the picture.
      await clickNode(page, board!, 'fe-shopping-cart');
    });

    await steps.run(page, 'result: Merge into… fast-forwards the real branch the sprint started from', async () => {
      const base = git('symbolic-ref', '--short', 'HEAD');
      const tip = git('rev-parse', 'baton/ecommerce-platform/_integration');
      await board!.locator('#tab-summary').click();
      await board!.locator('.summary-result button', { hasText: `Merge into ${base}…` }).click();
      await pick(page, base);
      await pick(page, 'Fast-forward');
      await confirmDialog(page, `Merge into ${base}`);
      await toasts(page, `merged baton/ecommerce-platform/_integration into ${base} (fast-forward)`).first().waitFor({ timeout: T.ui });
      const now = git('rev-parse', base);
      if (now !== tip) throw new Error(`${base} is at ${now}, not the sprint's tip ${tip}`);
    });
    await steps.run(page, 'result: a done card\'s right-click menu is VS Code\'s, with its task actions; Open Handoff shows the handoff', async () => {
      await board!.locator('#tab-kanban').click();
      const card = board!.locator('.column-list[data-column="done"] .card').first();
      const title = ((await card.locator('.card-title').textContent()) ?? '').trim();
      await card.click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu');
      await menu.waitFor({ timeout: T.ui });
      const items = (await menu.locator('.action-label').allTextContents()).map((t) => t.trim()).filter(Boolean);
      for (const action of ['Open Handoff', 'Open Changes', 'Open Task Log', 'Edit Task']) if (!items.includes(action)) throw new Error(`the card's menu has no ${action}: ${items.join(', ')}`);
      for (const clipboard of ['Cut', 'Copy', 'Paste']) if (items.includes(clipboard)) throw new Error(`the card's menu offers ${clipboard}: ${items.join(', ')}`);
      // VS Code's menu ignores a mouse-up that comes too soon after it opened (the right-click's
      // own); under load the click can land in that window and leave the item only highlighted.
      // Enter on the highlighted item is what a person would press then.
      const item = menu.locator('.action-label', { hasText: 'Open Handoff' });
      await item.click();
      if (!(await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false))) {
        await item.hover();
        await page.keyboard.press('Enter');
      }
      const review = await webviewFrame(page, 'review');
      await review.locator('h1', { hasText: title }).waitFor({ timeout: T.ui });
      await review.locator('.review-outcome', { hasText: '✓ Done.' }).waitFor({ timeout: T.ui });
    });
    ok = true;
  } finally {
    await browser.close();
    await server.stop(!ok);
    removeWorkspace(dir);
  }
}
