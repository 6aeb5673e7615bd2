/**
 * Accessibility of the board (Summary, Kanban, Graph, Dashboard) and the review panel, in
 * headless Chromium: axe-core (pinned in package.json) checks every screen in the light, dark
 * and high-contrast themes and finds no serious or critical violation; the keyboard reaches
 * the tabs, the filters, a card and its actions in order, each stop visible and named; cards
 * and graph nodes carry their roles. The results go to test-artifacts/webview/axe-results.json.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReviewSnapshot } from '../../src/shared/boardTypes';
import type { WebviewPage } from './boardHarness';
import { finishedSnapshot, shot, snapshot, SPECS, useBoard, usePages, type PageDocument, type PageElement } from './boardSuite';
import type { ThemeName } from './themes';

declare const document: PageDocument & { activeElement: (PageElement & { tagName: string; innerText?: string }) | null };
declare const window: { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } };
declare function getComputedStyle(el: unknown): { visibility: string; display: string };

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const THEMES: ThemeName[] = ['light', 'dark', 'high-contrast'];
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'webview');
const results: { theme: ThemeName; screen: string; violations: string[]; serious: string[] }[] = [];

/** Runs axe-core on the page (injected over the DevTools protocol: the page's CSP stays as it is). */
async function axe(wp: WebviewPage, theme: ThemeName, screen: string): Promise<string[]> {
  await wp.page.evaluate(AXE);
  const r = await wp.page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
  results.push({ theme, screen, violations: r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s)`), serious });
  return serious;
}

describe('accessibility of the board and the review panel (axe-core, keyboard)', function () {
  this.timeout(120_000);
  const openBoard = useBoard();
  const open = usePages();
  after(() => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'axe-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  });

  for (const theme of THEMES) {
    it(`the board's four screens have no serious or critical violation in the ${theme} theme`, async () => {
      for (const snap of [snapshot(), finishedSnapshot()]) {
        // Opened on the Kanban (a finished run would open on its summary; kanban.test.ts checks that).
        const wp = await openBoard({ theme, snap, state: { version: 1, tab: 'kanban', summaryFor: snap.run.runId } });
        for (const tab of ['summary', 'kanban', 'graph', 'dashboard']) {
          await wp.page.click(`#tab-${tab}`);
          await wp.page.locator(`#panel-${tab}:not([hidden])`).waitFor();
          if (tab === 'graph') {
            // With a task selected: the side panel and its actions are checked too.
            await wp.page.locator('.graph-nodes button').first().dispatchEvent('click');
            await wp.page.locator('.graph-panel .panel-title').waitFor();
          }
          const serious = await axe(wp, theme, `${snap.run.status} ${tab}`);
          assert.deepEqual(serious, [], `${theme}, ${snap.run.status} run, ${tab}`);
        }
        if (snap.run.status === 'completed') await shot(wp, `summary-${theme}`);
        await wp.close();
      }
    });

    it(`the review panel has no serious or critical violation in the ${theme} theme`, async () => {
      const wp = await open({ app: 'review', theme });
      await wp.waitFor((m) => m.type === 'ready', { from: 0 });
      await wp.send({ type: 'review', review: review() });
      await wp.page.locator('h1', { hasText: 'Build the UI' }).waitFor();
      assert.deepEqual(await axe(wp, theme, 'review waiting'), [], `${theme}, review waiting`);
      await wp.send({ type: 'review', review: review({ task: { ...review().task, status: 'done' }, outcome: 'Approved by VS Code.', approve: { enabled: false }, requestChanges: { enabled: false }, queue: [] }) });
      await wp.page.locator('.review-outcome').waitFor();
      assert.deepEqual(await axe(wp, theme, 'review approved'), [], `${theme}, review approved`);
    });
  }

  it('reaches the tabs, the filters, a card and its actions with Tab, each stop visible and named; cards and nodes have roles', async () => {
    const wp = await openBoard();
    await wp.page.click('#tab-kanban');
    await wp.page.locator('#tab-kanban').focus();
    const stops: string[] = [];
    for (let i = 0; i < 8; i++) {
      await wp.page.keyboard.press('Tab');
      const stop = await wp.page.evaluate(() => {
        const el = document.activeElement;
        if (!el) return 'nothing';
        const style = getComputedStyle(el);
        const rect = el.getBoundingClientRect();
        const visible = style.visibility !== 'hidden' && style.display !== 'none' && rect.width > 0 && rect.height > 0;
        const name = el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? (el.innerText ?? '').trim();
        return `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''}:${name ? 'named' : 'UNNAMED'}:${visible ? 'visible' : 'HIDDEN'}`;
      });
      stops.push(stop);
    }
    assert.ok(stops.every((s) => s.endsWith(':named:visible')), stops.join('\n'));
    const kinds = stops.map((s) => s.split(':')[0]);
    const at = (kind: string) => kinds.indexOf(kind);
    assert.ok(at('input') >= 0 && at('select') > at('input'), `the filters come first: ${kinds.join(', ')}`);
    assert.ok(at('div[listitem]') > at('select'), `then the current card: ${kinds.join(', ')}`);
    assert.equal(kinds[at('div[listitem]') + 1], 'button', 'then its actions button');
    assert.equal(await wp.page.locator('.column-list[role="list"]').count(), 7);
    await wp.page.click('#tab-graph');
    assert.equal(await wp.page.locator('.graph-canvas[role="img"]').count(), 1);
    assert.equal(await wp.page.locator('.graph-nodes li button').count(), SPECS.length);
    assert.equal(await wp.page.locator('[role="tablist"] [role="tab"]').count(), 4);
  });
});

describe('the review panel from the keyboard', function () {
  this.timeout(60_000);
  const open = usePages();

  it('reaches the queue, the changed files, the comment, the decision and the ways out with Tab, each stop visible and named; Enter decides', async () => {
    const wp = await open({ app: 'review', theme: 'light' });
    await wp.waitFor((m) => m.type === 'ready', { from: 0 });
    await wp.send({ type: 'review', review: review() });
    await wp.page.locator('h1', { hasText: 'Build the UI' }).waitFor();
    const stops: { tag: string; name: string; visible: boolean }[] = [];
    for (let i = 0; i < 30; i++) {
      await wp.page.keyboard.press('Tab');
      const stop = await wp.page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el.tagName === 'BODY') return undefined;
        const style = getComputedStyle(el);
        const rect = el.getBoundingClientRect();
        return {
          tag: el.tagName.toLowerCase(),
          name: (el.getAttribute('aria-label') ?? (el.innerText ?? '').trim()) || '',
          visible: style.visibility !== 'hidden' && style.display !== 'none' && rect.width > 0 && rect.height > 0,
        };
      });
      if (!stop || stops.some((s) => s.tag === stop.tag && s.name === stop.name)) break; // wrapped around
      stops.push(stop);
    }
    const names = stops.map((s) => s.name);
    assert.ok(stops.every((s) => s.name && s.visible), stops.map((s) => `${s.tag}:${s.name || 'UNNAMED'}:${s.visible ? 'visible' : 'HIDDEN'}`).join('\n'));
    const at = (name: string | RegExp) => names.findIndex((n) => (typeof name === 'string' ? n === name : name.test(n)));
    for (const stop of ['Next ▸', 'Approve all 2…', 'src/login.ts', 'Comment for the agent (goes into its next prompt)', 'Approve', 'Request changes', 'Member to hand the task to', 'Hand to member', 'Skip Task…']) {
      assert.ok(at(stop) >= 0, `no Tab stop "${stop}": ${names.join(' | ')}`);
    }
    assert.ok(at('Comment for the agent (goes into its next prompt)') < at('Approve'), `the comment comes before the decision: ${names.join(' | ')}`);
    // Enter on Approve decides, as a click does.
    await wp.page.locator('button', { hasText: /^Approve$/ }).focus();
    const from = wp.received.length;
    await wp.page.keyboard.press('Enter');
    assert.deepEqual((await wp.waitForRequest('approveTask', from)).params, { taskId: 'c' });
  });
});

function review(overrides: Partial<ReviewSnapshot> = {}): ReviewSnapshot {
  return {
    task: { id: 'c', title: 'Build the UI', description: 'The login form and its states.', status: 'review', agent: 'bob', team: 'eng', attempts: 1, file: '/ws/.claude/sprints/sprint-1.yaml', line: 12 },
    sprint: 'sprint-1', summary: 'Added the login form.', notes: [], knownIssues: ['No spinner yet.'], artifacts: ['docs/login.md'],
    acceptanceCriteria: ['Login with Google works'],
    checklist: [{ item: 'Unit tests pass', verify: ['npm', 'test'], passed: true, output: '12 passing' }, { item: 'Reviewed the copy' }],
    files: [{ path: 'src/login.ts', status: 'A', insertions: 120, deletions: 0 }], insertions: 120, deletions: 0, baseCommit: 'abc123', previousComments: [],
    approve: { enabled: true }, requestChanges: { enabled: true },
    actions: ['openReview', 'openDiff', 'openLog', 'reassign', 'edit', 'skip'],
    members: [{ agent: 'carol', team: 'eng', allowed: true }, { agent: 'dave', team: 'eng', allowed: false, reason: 'dave may not change src/login.ts' }],
    queue: ['c', 'd'],
    ...overrides,
  };
}
