import type { Frame, Locator, Page } from 'playwright-core';

/** Timeouts of the UI suite: loading the workbench, a run of agents, one UI reaction. */
export const T = { load: 90_000, run: 120_000, ui: 20_000 };

/** The body of the view pane titled `title` in the Baton container. */
export function pane(page: Page, title: string): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`, 'i') }) });
}

export function row(scope: Locator, text: string | RegExp): Locator {
  return scope.locator('.monaco-list-row', { hasText: text });
}

export async function openBaton(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: T.load });
  const icon = page.locator('.activitybar a.action-label[aria-label^="Baton"]');
  await icon.waitFor({ timeout: T.load });
  await icon.click();
}

/** Runs a command from the Command Palette by its full title (`Baton: Open Board`). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: T.ui });
  await page.keyboard.press('Enter');
}

/** Picks the row of the open quick pick that contains `text`. */
export async function pick(page: Page, text: string | RegExp): Promise<void> {
  const item = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
  await item.waitFor({ timeout: T.ui });
  await item.click();
}

/** Clicks a button of VS Code's modal dialog (a confirmation). */
export async function confirmDialog(page: Page, button: string | RegExp): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: T.ui });
  await dialog.locator('.monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'detached', timeout: T.ui });
}

/** Notification toasts on screen whose text matches. */
export function toasts(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

/**
 * The inner frame of one of Baton's webviews, found by the app its page runs (`data-app`):
 * the board and the review panel are both webviews, each two iframes deep.
 */
export async function webviewFrame(page: Page, app: 'board' | 'review', timeout = T.ui): Promise<Frame> {
  const until = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      const found = await frame.locator(`body[data-app="${app}"]`).count().catch(() => 0);
      if (found) return frame;
    }
    if (Date.now() > until) throw new Error(`no ${app} webview within ${timeout} ms`);
    await page.waitForTimeout(100); // a poll for a frame to appear: frames have no event for their content
  }
}

/** Editor tabs whose label matches. */
export function tabs(page: Page, label: string | RegExp): Locator {
  return page.locator('.tabs-container .tab', { hasText: label });
}
