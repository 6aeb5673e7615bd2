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

  it('dashboard: a finished run of 27 seconds reads right — distinct axis labels, bars, named agents, its duration', async () => {
    // What a new user saw after a short run: a vertical burndown with both axis labels "07:45 AM",
    // one throughput bar, unlabelled cycle-time buckets, an agent row with no name ("0% · 3 tasks"),
    // "1 tasks", and a completed run still counting "since the run started".
    const snap = snapshot();
    const t0 = Date.parse('2026-01-05T07:45:00Z');
    let seq = 0;
    const ev = (s: number, e: Record<string, unknown>) => ({ seq: ++seq, at: new Date(t0 + s * 1000).toISOString(), runId: 'run-1', ...e }) as unknown as EngineEvent;
    const started = (s: number, task: string, agent: string) => ev(s, { type: 'task:started', task, agent, attempt: 1, worktree: `/w/${task}`, branch: `b/${task}`, checkpoint: 'c', resultFile: 'r', logFile: 'l' });
    const events = [
      ev(0, { type: 'run:started', sprint: 'sprint-1', baseBranch: 'main', baseCommit: 'abc', maxParallel: 2, taskIds: SPECS.map((s) => s.id), workspaceRoot: '/ws' }),
      started(1, 'a', 'alice'), ev(6, { type: 'task:succeeded', task: 'a', attempt: 1 }),
      started(7, 'b', 'alice'), started(7, 'c', 'bob'), ev(15, { type: 'task:succeeded', task: 'b', attempt: 1 }), ev(19, { type: 'task:succeeded', task: 'c', attempt: 1 }),
      // A sync point: the engine's own step, with no agent.
      started(20, 'd', ''), ev(21, { type: 'task:succeeded', task: 'd', attempt: 1 }),
      ev(27, { type: 'run:completed' }),
    ];
    // A two-day sprint: its ideal line must not squash a 27-second run into a vertical line.
    snap.metrics = computeMetrics({ events, tasks: SPECS.map((s) => ({ id: s.id, estimate: s.estimate ?? 1 })), now: t0 + 3_600_000, durationDays: 2 });
    const wp = await openBoard({ snap });
    await wp.page.click('#tab-dashboard');
    const tile = (name: string) => wp.page.locator(`.tile[aria-label="${name}"]`);
    // Burndown: the x axis in time since the start, three distinct labels over the run's own 27 s.
    const burndownTicks = await tile('Burndown').locator('text.chart-tick[y]').allTextContents();
    const xTicks = burndownTicks.filter((t) => /^(0s|\+)/.test(t));
    assert.deepEqual(xTicks, ['0s', '+13s', '+27s'], burndownTicks.join(' | '));
    assert.equal(await tile('Burndown').locator('path.series-ideal').count(), 1);
    // Throughput: second-sized buckets, a bar per finish, both ends of the axis named.
    assert.match((await tile('Throughput').locator('.tile-subtitle').textContent()) ?? '', /^4 of \d+ tasks done · per 2s$/);
    // Done at +6s, +15s, +19s and +21s: four bars of the fourteen buckets, not one.
    assert.deepEqual(await tile('Throughput').locator('rect.chart-bar title').allTextContents(), ['1 task done between +6s and +8s', '1 task done between +14s and +16s', '1 task done between +18s and +20s', '1 task done between +20s and +22s']);
    const throughputTicks = await tile('Throughput').locator('text.chart-tick').allTextContents();
    assert.ok(throughputTicks.includes('0s') && throughputTicks.includes('+28s'), throughputTicks.join(' | '));
    // Cycle time: the buckets' range under the axis, and each bar says its range.
    const cycleTicks = await tile('Cycle time').locator('text.chart-tick').allTextContents();
    assert.ok(cycleTicks.includes('0s') && cycleTicks.includes('12s'), cycleTicks.join(' | '));
    assert.match((await tile('Cycle time').locator('rect.chart-bar title').first().textContent()) ?? '', /^\d+ tasks? took \d+s to \d+s$/);
    // Every agent row has a name; the engine's sync points are named as such.
    const agents = await tile('Agent utilization').locator('.bar-label').allTextContents();
    assert.deepEqual(agents, ['alice', 'bob', 'sync points (the engine)']);
    assert.equal((await tile('Agent utilization').locator('.bar-value').allTextContents()).at(-1), '4% · 1 task');
    // No "1 tasks" anywhere; a finished run says how long it took, not how long since it started.
    const text = (await wp.page.locator('#panel-dashboard').textContent()) ?? '';
    assert.doesNotMatch(text, /\b1 (tasks|agents)\b/);
    assert.doesNotMatch(text, /since the run started/);
    assert.equal(await tile('Duration').locator('.big-value').textContent(), '27s');
    assert.match(await tile('Duration').locator('.big-number').textContent() ?? '', /from start to finish/);
    await shot(wp, 'dashboard-short-run');
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
