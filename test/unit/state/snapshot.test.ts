import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import fc from 'fast-check';
import type { EngineEvent, NewEvent } from '../../../src/engine/state/events';
import { applyEvent, emptyRunState } from '../../../src/engine/state/projection';
import type { RunState } from '../../../src/engine/state/runState';
import {
  deserializeRunState, encodeSnapshot, loadLatestSnapshot, serializeRunState, writeSnapshot,
} from '../../../src/engine/state/snapshot';
import { runStarted, taskStarted, tempDir } from './helpers';

const TASKS = ['a', 'b', 'c', 'd', 'e'];
const task = fc.constantFrom(...TASKS, 'late-task');
const text = fc.string({ maxLength: 6 });
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
const attempt = fc.integer({ min: 1, max: 4 });

/** Any event but `run:started`, with optional fields present, absent or undefined. */
const anyEvent: fc.Arbitrary<NewEvent> = fc.oneof(
  fc.constant<NewEvent>({ type: 'run:paused' }),
  fc.constant<NewEvent>({ type: 'run:resumed' }),
  opt(text).map((reason): NewEvent => ({ type: 'run:cancelled', reason })),
  fc.record({ b: opt(text), m: opt(fc.array(task)) }).map(({ b, m }): NewEvent => ({ type: 'run:completed', integrationBranch: b, mergedTasks: m })),
  fc.record({ reason: text, failed: fc.array(task) }).map(({ reason, failed }): NewEvent => ({ type: 'run:stopped', reason, failed, blocked: [] })),
  task.map((t): NewEvent => ({ type: 'task:ready', task: t })),
  fc.record({ t: task, agent: text, team: opt(text) }).map(({ t, agent, team }): NewEvent => ({ type: 'task:assigned', task: t, agent, team })),
  fc.record({ t: task, n: attempt, pid: opt(fc.nat()) }).map(({ t, n, pid }): NewEvent => ({ ...taskStarted(t, n), pid })),
  fc.record({
    t: task, n: attempt, status: fc.constantFrom('success', 'failure', 'blocked' as const), summary: opt(text),
    cost: opt(fc.integer({ min: 0, max: 500 }).map((c) => c / 100)), outcome: opt(text), artifacts: opt(fc.array(text, { maxLength: 2 })),
    exitCode: opt(fc.integer({ min: 0, max: 3 })), signal: opt(fc.constant('SIGTERM')),
  }).map((r): NewEvent => ({
    type: 'task:agent-exited', task: r.t, attempt: r.n, status: r.status, summary: r.summary, costUsd: r.cost,
    outcome: r.outcome, artifacts: r.artifacts, exitCode: r.exitCode, signal: r.signal,
  })),
  fc.record({ t: task, n: attempt, commit: opt(text) }).map(({ t, n, commit }): NewEvent => ({ type: 'task:succeeded', task: t, attempt: n, commit })),
  fc.record({ t: task, n: attempt, reason: text, retry: fc.boolean(), at: opt(fc.constant('2025-02-01T00:00:00.000Z')) })
    .map(({ t, n, reason, retry, at }): NewEvent => ({ type: 'task:failed', task: t, attempt: n, reason, willRetry: retry, retryAt: at })),
  fc.record({ t: task, reason: text }).map(({ t, reason }): NewEvent => ({ type: 'task:blocked', task: t, reason })),
  fc.record({ t: task, reason: text }).map(({ t, reason }): NewEvent => ({ type: 'task:skipped', task: t, reason })),
  fc.record({ t: task, reason: opt(text) }).map(({ t, reason }): NewEvent => ({ type: 'task:cancelled', task: t, reason })),
  task.map((t): NewEvent => ({ type: 'task:review-requested', task: t })),
  fc.record({ t: task, by: opt(text) }).map(({ t, by }): NewEvent => ({ type: 'task:approved', task: t, by })),
  fc.record({ t: task, c: text }).map(({ t, c }): NewEvent => ({ type: 'task:changes-requested', task: t, comment: c })),
  fc.record({ t: task, p: fc.constantFrom('/w/1', '/w/2') }).map(({ t, p }): NewEvent => ({ type: 'worktree:created', task: t, path: p, branch: `b${p}` })),
  fc.record({ t: task, p: fc.constantFrom('/w/1', '/w/2') }).map(({ t, p }): NewEvent => ({ type: 'worktree:removed', task: t, path: p })),
);

function stamp(events: NewEvent[]): EngineEvent[] {
  return events.map((e, i) => ({ ...e, seq: i + 1, at: new Date(Date.UTC(2025, 0, 13) + i * 1000).toISOString(), runId: 'r' }) as EngineEvent);
}

function replay(events: readonly EngineEvent[], state: RunState = emptyRunState()): RunState {
  for (const e of events) applyEvent(state, e);
  return state;
}

describe('state/snapshot', () => {
  it('snapshot + tail replay equals incremental projection, for random event sequences', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 120 }), fc.nat(), (rest, cutSeed) => {
        const events = stamp([runStarted(TASKS), ...rest]);
        const incremental = replay(events);
        const cut = cutSeed % (events.length + 1);
        const restored = deserializeRunState(serializeRunState(replay(events.slice(0, cut))));
        replay(events.slice(cut), restored);
        assert.deepStrictEqual(restored, incremental);
        // Replaying an overlap (snapshot, then the whole journal) changes nothing either.
        const overlapped = deserializeRunState(serializeRunState(replay(events.slice(0, cut))));
        assert.deepStrictEqual(replay(events, overlapped), incremental);
      }),
      { numRuns: 300 },
    );
  });

  describe('files', () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ dir, cleanup } = await tempDir()));
    afterEach(() => cleanup());

    const stateAt = (n: number): RunState => replay(stamp([runStarted(TASKS), ...TASKS.slice(0, n - 1).map((t): NewEvent => ({ type: 'task:ready', task: t }))]));

    it('writes atomically and loads the newest, keeping two', async () => {
      for (const n of [2, 4, 6]) await writeSnapshot(dir, encodeSnapshot(stateAt(n)));
      await fs.writeFile(path.join(dir, '.snapshot-9.123.abcd.tmp'), 'left by a crash');
      await writeSnapshot(dir, encodeSnapshot(stateAt(3)));
      const names = (await fs.readdir(dir)).sort();
      assert.deepEqual(names, ['snapshot-000000000004.json', 'snapshot-000000000006.json']);
      const { snapshot, problems } = await loadLatestSnapshot(dir, { runId: 'r' });
      assert.deepEqual(problems, []);
      assert.equal(snapshot!.seq, 6);
      assert.deepStrictEqual(snapshot!.state, stateAt(6));
    });

    it('skips and reports a damaged snapshot, falling back to the one before', async () => {
      await writeSnapshot(dir, encodeSnapshot(stateAt(2)));
      const newest = await writeSnapshot(dir, encodeSnapshot(stateAt(5)));
      const text = await fs.readFile(newest, 'utf8');
      await fs.writeFile(newest, text.replace('"ready"', '"reedy"'));
      const { snapshot, problems } = await loadLatestSnapshot(dir);
      assert.equal(snapshot!.seq, 2);
      assert.deepEqual(problems, [{ file: newest, reason: 'checksum mismatch' }]);

      await fs.writeFile(snapshot!.file, text.slice(0, 100));
      const none = await loadLatestSnapshot(dir);
      assert.equal(none.snapshot, undefined);
      assert.equal(none.problems.length, 2);
      assert.match(none.problems[1]!.reason, /truncated|JSON|header/);
    });

    it('refuses a snapshot of another run or ahead of the journal', async () => {
      await writeSnapshot(dir, encodeSnapshot(stateAt(4)));
      assert.match((await loadLatestSnapshot(dir, { runId: 'other' })).problems[0]!.reason, /belongs to run r/);
      assert.match((await loadLatestSnapshot(dir, { maxSeq: 3 })).problems[0]!.reason, /ahead of the journal/);
      assert.deepEqual(await loadLatestSnapshot(path.join(dir, 'missing')), { snapshot: undefined, problems: [] });
    });
  });
});
