/**
 * The Dashboard tab in headless Chromium: the tiles draw the figures the host computed from a
 * run's journal.
 */
import assert from 'node:assert/strict';
import type { EngineEvent } from '../../src/engine/state/events';
import { computeMetrics } from '../../src/extension/board/dashboardMetrics';
import { shot, snapshot, SPECS, useBoard } from './boardSuite';

describe('dashboard in Chromium', function () {
  this.timeout(60_000);
  const openBoard = useBoard();

  it('dashboard: draws the host\'s figures', async () => {
    const snap = snapshot();
    const t0 = Date.parse('2026-01-05T09:00:00Z');
    const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
    let seq = 0;
    const ev = (min: number, e: Record<string, unknown>) => ({ seq: ++seq, at: at(min), runId: 'run-1', ...e }) as unknown as EngineEvent;
    const events = [
      ev(0, { type: 'run:started', sprint: 'sprint-1', baseBranch: 'main', baseCommit: 'abc', maxParallel: 2, taskIds: SPECS.map((s) => s.id), workspaceRoot: '/ws' }),
      ev(1, { type: 'task:started', task: 'a', agent: 'alice', attempt: 1, worktree: '/w/a', branch: 'b/a', checkpoint: 'c', resultFile: 'r', logFile: 'l' }),
      ev(20, { type: 'task:agent-exited', task: 'a', attempt: 1, status: 'success', costUsd: 0.42 }),
      ev(21, { type: 'task:succeeded', task: 'a', attempt: 1 }),
      ev(22, { type: 'task:started', task: 'b', agent: 'alice', attempt: 1, worktree: '/w/b', branch: 'b/b', checkpoint: 'c', resultFile: 'r', logFile: 'l' }),
      ev(22, { type: 'task:blocked', task: 'g', reason: 'merge conflict' }),
    ];
    snap.metrics = computeMetrics({ events, tasks: SPECS.map((s) => ({ id: s.id, estimate: s.estimate ?? 1 })), now: t0 + 60 * 60_000, durationDays: 1 });
    const wp = await openBoard({ snap });
    await wp.page.click('#tab-dashboard');
    const titles = await wp.page.locator('.tile-title').allTextContents();
    assert.deepEqual(titles, ['Burndown', 'Throughput', 'Cycle time', 'Agent utilization', 'Parallel efficiency', 'Blocked time', 'Cost', 'Elapsed']);
    assert.equal(await wp.page.locator('.tile[aria-label="Burndown"] path.series-remaining').count(), 1);
    assert.match((await wp.page.locator('.tile[aria-label="Burndown"] .tile-subtitle').textContent()) ?? '', /15 of 17 pts remaining/);
    assert.match((await wp.page.locator('.tile[aria-label="Cost"] .tile-subtitle').textContent()) ?? '', /\$0\.42/);
    assert.match((await wp.page.locator('.tile[aria-label="Blocked time"] .tile-subtitle').textContent()) ?? '', /38m 00s/);
    assert.equal(await wp.page.locator('.tile[aria-label="Agent utilization"] .bar-label').first().textContent(), 'alice');
    await shot(wp, 'dashboard-light');
    await wp.setTheme('dark');
    await wp.page.waitForTimeout(50);
    await shot(wp, 'dashboard-dark');
  });

  it('dashboard: shows the engine\'s tokens and cost per agent', async () => {
    const snap = snapshot();
    const usage = {
      sprint: { inputTokens: 12_400, outputTokens: 900, cacheReadTokens: 30_000, cacheWriteTokens: 700, costUsd: 0.61, unpricedAttempts: 0 },
      byTask: {},
      byAgent: {
        alice: { inputTokens: 10_000, outputTokens: 600, cacheReadTokens: 30_000, cacheWriteTokens: 700, costUsd: 0.5, unpricedAttempts: 0 },
        bob: { inputTokens: 2_400, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.11, unpricedAttempts: 0 },
      },
      models: ['claude-sonnet-4-5', 'gpt-5'],
    };
    snap.metrics = computeMetrics({ events: [], tasks: SPECS.map((s) => ({ id: s.id, estimate: s.estimate ?? 1 })), now: Date.now(), usage });
    const wp = await openBoard({ snap });
    await wp.page.click('#tab-dashboard');
    const tile = wp.page.locator('.tile[aria-label="Tokens and cost per agent"]');
    assert.match((await tile.locator('.tile-subtitle').textContent()) ?? '', /^12\.4k in · 900 out · 30\.0k cache reads · 700 cache writes · claude-sonnet-4-5, gpt-5$/);
    assert.deepEqual(await tile.locator('.bar-label').allTextContents(), ['alice', 'bob']);
  });
});
