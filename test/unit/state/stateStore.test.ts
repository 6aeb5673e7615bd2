import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { EngineEvent, NewEvent } from '../../../src/engine/state/events';
import { LeaseHeldError } from '../../../src/engine/state/lease';
import { loadRun } from '../../../src/engine/state/loadRun';
import { latestRun, listRuns } from '../../../src/engine/state/runCatalog';
import { readCurrentRun, runDirOf } from '../../../src/engine/state/runDirectory';
import type { StateProblem } from '../../../src/engine/state/stateProblem';
import { StateStore } from '../../../src/engine/state/stateStore';
import { StateStoreError } from '../../../src/engine/state/stateStoreError';
import { nextEvent, runStarted, spawnFixture, statusEvent, taskStarted, tempDir, until } from './helpers';

describe('state/StateStore', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  const open: StateStore[] = [];
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await cleanup();
  });
  async function openStore(mode: 'writer' | 'observer', extra: Partial<Parameters<typeof StateStore.open>[1]> = {}): Promise<StateStore> {
    const store = await StateStore.open(dir, { mode, ...extra });
    open.push(store);
    return store;
  }

  it('commits durably, applies, then emits in seq order; close and reopen resume the same state', async () => {
    const writer = await openStore('writer');
    assert.equal(writer.runId, undefined);
    await assert.rejects(writer.commit([{ type: 'task:ready', task: 'a' }]), (e: unknown) => StateStoreError.is(e, 'no-run'));
    await writer.startNewRun('run-1');
    assert.equal(await readCurrentRun(dir), 'run-1');
    const heard: [number, string][] = [];
    writer.bus.onAny((e) => heard.push([e.seq, writer.state.tasks.get('a')?.status ?? '-']));
    await writer.commit([runStarted(['a', 'b'])]);
    const results = await Promise.all([
      writer.commit([{ type: 'task:ready', task: 'a' }]),
      writer.commit([taskStarted('a'), { type: 'task:ready', task: 'b' }]),
      writer.commit([{ type: 'task:succeeded', task: 'a', attempt: 1 }]),
    ]);
    assert.deepEqual(results.map((r) => r.map((e) => e.seq)), [[2], [3, 4], [5]]);
    // Each listener saw the state as of its own event: applied, then emitted, one at a time.
    assert.deepEqual(heard, [[1, 'planning'], [2, 'ready'], [3, 'running'], [4, 'running'], [5, 'done']]);
    const before = structuredClone(writer.state);
    await writer.close();
    open.pop();
    await assert.rejects(writer.commit([{ type: 'task:ready', task: 'b' }]), (e: unknown) => StateStoreError.is(e, 'closed'));

    const again = await openStore('writer');
    assert.equal(again.runId, 'run-1', 'the latest unfinished run is resumed');
    assert.deepStrictEqual(again.state, before);
    const [next] = await again.commit([{ type: 'run:completed' }]);
    assert.equal(next!.seq, 6);
  });

  it('snapshots when due and recovers from snapshot + journal, or from the journal alone if the snapshot is damaged', async () => {
    const writer = await openStore('writer', { snapshotEvery: 10 });
    await writer.startNewRun('r');
    await writer.commit([runStarted(5)]);
    for (let i = 0; i < 44; i++) await writer.commit([statusEvent(`t${i % 5}`, i)]);
    const expected = structuredClone(writer.state);
    const snapshots = async (): Promise<string[]> => (await fs.readdir(runDirOf(dir, 'r'))).filter((n) => n.startsWith('snapshot-')).sort();
    await until(async () => (await snapshots()).length > 0, 10_000, 'a periodic snapshot');
    await writer.close();
    open.pop();
    const snaps = await snapshots();
    assert.equal(snaps.length, 2, 'two kept');
    assert.equal(snaps[1], 'snapshot-000000000045.json', 'a final one on close');

    const fromSnapshot = await loadRun(dir, 'r', { mode: 'reader' });
    assert.equal(fromSnapshot.snapshotSeq, 45);
    assert.deepStrictEqual(fromSnapshot.state, expected);

    for (const name of snaps) await fs.writeFile(path.join(runDirOf(dir, 'r'), name), 'garbage');
    const problems: StateProblem[] = [];
    const reopened = await openStore('writer', { onProblem: (p) => problems.push(p) });
    assert.deepStrictEqual(reopened.state, expected);
    assert.deepEqual(problems.map((p) => p.kind), ['snapshot-skipped', 'snapshot-skipped']);
    assert.deepEqual(reopened.problems.map((p) => p.kind), ['snapshot-skipped', 'snapshot-skipped']);
  });

  it('reports a torn journal tail it repaired, and a listener that throws without failing the commit', async () => {
    const writer = await openStore('writer');
    await writer.startNewRun('r');
    await writer.commit([runStarted(1)]);
    await writer.close();
    open.pop();
    await fs.appendFile(path.join(runDirOf(dir, 'r'), 'journal.jsonl'), '{"seq":2,"at"');
    const store = await openStore('writer');
    assert.deepEqual(store.problems, [{ kind: 'torn-tail', runId: 'r', tornBytes: 13 }]);
    store.bus.on('task:ready', () => {
      throw new Error('listener bug');
    });
    const [e] = await store.commit([{ type: 'task:ready', task: 't0' }]);
    assert.equal(e!.seq, 2);
    assert.equal(store.state.tasks.get('t0')!.status, 'ready');
    assert.equal(store.problems.at(-1)!.kind, 'listener-error');
  });

  it('keeps runs apart: new run, current pointer, run-exists, latest and latest unfinished', async () => {
    const writer = await openStore('writer');
    await writer.startNewRun('2025-01-13-a');
    await writer.commit([runStarted(1)]);
    await writer.startNewRun('2025-01-13-b');
    assert.equal(writer.state.lastSeq, 0, 'a new run starts empty');
    const [first] = await writer.commit([runStarted(2)]);
    assert.equal(first!.seq, 1);
    assert.equal(first!.runId, '2025-01-13-b');
    await writer.commit([{ type: 'run:completed' }]);
    await assert.rejects(writer.startNewRun('2025-01-13-a'), (e: unknown) => StateStoreError.is(e, 'run-exists'));
    await assert.rejects(writer.startNewRun('../escape'), (e: unknown) => StateStoreError.is(e, 'invalid-run-id'));
    assert.equal((await latestRun(dir, { unfinished: false }))!.runId, '2025-01-13-b');
    assert.equal((await latestRun(dir, { unfinished: true }))!.runId, '2025-01-13-a');
    assert.deepEqual((await listRuns(dir)).map((r) => [r.runId, r.status, r.taskCount]), [['2025-01-13-b', 'completed', 2], ['2025-01-13-a', 'active', 1]]);
    await writer.close();
    open.pop();
    const fresh = await openStore('writer', { resume: false });
    assert.equal(fresh.runId, undefined);
    await fresh.close();
    open.pop();
    const resumed = await openStore('writer');
    assert.equal(resumed.runId, '2025-01-13-a');
    assert.equal(await readCurrentRun(dir), '2025-01-13-a', 'resuming points current at the resumed run');
  });

  it('lets only one writer at a time; an observer cannot write', async () => {
    await openStore('writer', { owner: 'cli' });
    await assert.rejects(StateStore.open(dir, { mode: 'writer', owner: 'window' }), (e: unknown) => LeaseHeldError.is(e) && e.owner === 'cli');
    const observer = await openStore('observer');
    await assert.rejects(observer.commit([{ type: 'task:ready', task: 'a' }]), (e: unknown) => StateStoreError.is(e, 'read-only'));
  });

  it('follows a writer in the same process, including its next run', async () => {
    const observer = await openStore('observer', { pollMs: 50 });
    const writer = await openStore('writer');
    await writer.startNewRun('one');
    const started = nextEvent(observer.bus, 'task:ready', (e) => e.task === 't1');
    await writer.commit([runStarted(2), { type: 'task:ready', task: 't0' }]);
    await writer.commit([{ type: 'task:ready', task: 't1' }]);
    await started;
    assert.deepStrictEqual(observer.state, writer.state);
    const second = nextEvent(observer.bus, 'run:started', (e) => e.runId === 'two');
    await writer.startNewRun('two');
    await writer.commit([runStarted(['x'])]);
    await second;
    assert.equal(observer.runId, 'two');
    assert.deepEqual([...observer.state.tasks.keys()], ['x']);
  });

  it('observes events committed by a writer in another process, live', async () => {
    const observer = await openStore('observer', { pollMs: 250 });
    const events: EngineEvent[] = [];
    observer.bus.onAny((e) => events.push(e));
    const completed = nextEvent(observer.bus, 'run:completed', () => true, 30_000);
    const writer = spawnFixture('storeWriter.ts', [dir, 'cli-run', '20']);
    try {
      await completed;
      assert.equal(observer.runId, 'cli-run');
      assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 62 }, (_, i) => i + 1));
      assert.ok([...observer.state.tasks.values()].every((t) => t.status === 'done'));
      assert.equal(await writer.line(), 'done');
      const fromDisk = await loadRun(dir, 'cli-run', { mode: 'reader' });
      assert.deepStrictEqual(observer.state, fromDisk.state);
    } finally {
      writer.child.stdin.end();
      await writer.exited;
    }
  });

  it('recovers a run whose writer process was SIGKILLed: lease taken over, state replayed', async () => {
    const writer = spawnFixture('storeWriter.ts', [dir, 'killed', '10']);
    assert.equal(await writer.line(), 'done');
    writer.child.kill('SIGKILL');
    await writer.exited;
    const store = await openStore('writer', { runId: 'killed' });
    assert.equal(store.state.status, 'completed');
    assert.equal(store.state.lastSeq, 32);
    assert.ok([...store.state.tasks.values()].every((t) => t.status === 'done' && t.commit === `c-${t.id}`));
    const more: NewEvent[] = [{ type: 'task:ready', task: 't0' }];
    assert.equal((await store.commit(more))[0]!.seq, 33);
  });
});
