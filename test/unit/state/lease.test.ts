import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { LeaseError, LeaseHeldError, acquireWriteLease, readLease, type Lease } from '../../../src/engine/state/lease';
import { deadPid, manualClock, spawnFixture, tempDir, until, type Fixture } from './helpers';

interface Outcome {
  won: boolean;
  pid: number;
  holderPid?: number;
  error?: string;
}

describe('state/lease', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  const leases: Lease[] = [];
  const children: Fixture[] = [];
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.child.stdin.end();
      await c.exited;
    }
    await Promise.all(leases.splice(0).map((l) => l.release()));
    await cleanup();
  });
  const keep = (l: Lease): Lease => (leases.push(l), l);

  async function writeLease(record: Record<string, unknown>): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'lease.json'), JSON.stringify(record));
  }

  /** Starts contenders, lets them all reach the starting line, then fires them together. */
  async function race(n: number): Promise<Outcome[]> {
    const racers = Array.from({ length: n }, (_, i) => spawnFixture('leaseContender.ts', [dir, `racer ${i}`]));
    children.push(...racers);
    for (const r of racers) assert.equal(await r.line(), 'ready');
    for (const r of racers) r.child.stdin.write('go\n');
    return Promise.all(racers.map(async (r) => JSON.parse(await r.line()) as Outcome));
  }

  it('writes lease.json, heartbeats it, and removes it on release', async () => {
    const lease = await acquireWriteLease(dir, { owner: 'test', pid: process.pid, heartbeatMs: 20, staleMs: 1000 });
    const first = await readLease(dir);
    assert.deepEqual(
      { pid: first!.pid, owner: first!.owner, hostname: first!.hostname, health: first!.health },
      { pid: process.pid, owner: 'test', hostname: os.hostname(), health: 'live' },
    );
    await until(async () => (await readLease(dir))!.heartbeatAt !== first!.heartbeatAt, 5000, 'a heartbeat');
    assert.equal((await readLease(dir))!.acquiredAt, first!.acquiredAt);
    await lease.release();
    assert.equal(await readLease(dir), undefined);
    assert.equal(lease.lost.aborted, false);
  });

  it('refuses a second acquire while the holder lives, naming it', async () => {
    keep(await acquireWriteLease(dir, { owner: 'first window', pid: process.pid }));
    await assert.rejects(acquireWriteLease(dir, { owner: 'second', pid: process.pid }), (e: unknown) => {
      assert.ok(LeaseHeldError.is(e));
      assert.equal(e.pid, process.pid);
      assert.equal(e.owner, 'first window');
      assert.match(e.message, /in use by first window \(pid \d+ on .*\) since .*; last heartbeat/);
      return true;
    });
  });

  it('fails with LeaseHeldError naming the pid when another process holds the lease', async () => {
    const [holder] = await race(1);
    assert.equal(holder!.won, true);
    await assert.rejects(acquireWriteLease(dir, { owner: 'me' }), (e: unknown) => LeaseHeldError.is(e) && e.pid === holder!.pid && e.owner === 'racer 0');
  });

  it('takes over the lease of a dead pid', async () => {
    const dead = await deadPid();
    await writeLease({ pid: dead, owner: 'crashed cli', hostname: os.hostname(), acquiredAt: new Date().toISOString(), heartbeatAt: new Date().toISOString(), token: 'x' });
    assert.equal((await readLease(dir))!.health, 'dead');
    const lease = keep(await acquireWriteLease(dir, { owner: 'successor' }));
    assert.equal((await readLease(dir))!.token, lease.record.token);
    assert.equal((await readLease(dir))!.owner, 'successor');
  });

  it('takes over a live pid whose heartbeat is stale, and the old holder learns it lost', async () => {
    // The old holder's clock stands still, as a hung process's heartbeats would.
    const frozen = manualClock();
    const old = await acquireWriteLease(dir, { owner: 'hung', pid: process.pid, clock: frozen, heartbeatMs: 30, staleMs: 5000 });
    const later = manualClock(frozen.now() + 4000);
    await assert.rejects(acquireWriteLease(dir, { owner: 'new', clock: later }), LeaseHeldError);
    later.advance(2000);
    const fresh = keep(await acquireWriteLease(dir, { owner: 'new', clock: later, heartbeatMs: 30, staleMs: 5000 }));
    await until(() => old.lost.aborted, 5000, 'the old holder to notice');
    assert.ok(LeaseError.is(old.lost.reason) && old.lost.reason.code === 'lost');
    assert.match((old.lost.reason as Error).message, /taken over by new/);
    await old.release(); // must not remove the new holder's lease
    assert.equal((await readLease(dir))!.token, fresh.record.token);
  });

  it('lets exactly one of two processes win a free lease', async () => {
    const outcomes = await race(2);
    const winners = outcomes.filter((o) => o.won);
    assert.equal(winners.length, 1, JSON.stringify(outcomes));
    const loser = outcomes.find((o) => !o.won)!;
    assert.equal(loser.holderPid, winners[0]!.pid, loser.error);
  });

  it('lets exactly one of two processes take over a dead lease', async () => {
    const dead = await deadPid();
    await writeLease({ pid: dead, owner: 'crashed', hostname: os.hostname(), acquiredAt: '2025-01-01T00:00:00.000Z', heartbeatAt: '2025-01-01T00:00:00.000Z' });
    const outcomes = await race(2);
    assert.equal(outcomes.filter((o) => o.won).length, 1, JSON.stringify(outcomes));
    assert.equal(outcomes.find((o) => !o.won)!.holderPid, outcomes.find((o) => o.won)!.pid);
  });

  it('lets exactly one of many concurrent in-process acquirers win, free or stale', async () => {
    for (const stale of [false, true]) {
      if (stale) await writeLease({ pid: await deadPid(), owner: 'gone', hostname: os.hostname(), acquiredAt: 'x', heartbeatAt: 'not a date' });
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => acquireWriteLease(dir, { owner: `a${i}` })));
      const won = results.filter((r): r is PromiseFulfilledResult<Lease> => r.status === 'fulfilled');
      assert.equal(won.length, 1, `stale=${stale}`);
      assert.ok(results.every((r) => r.status === 'fulfilled' || LeaseHeldError.is(r.reason)));
      await won[0]!.value.release();
    }
  });

  it('treats a corrupt lease.json as free, and validates its options', async () => {
    await writeLease({ nonsense: true });
    keep(await acquireWriteLease(dir, { owner: 'fixer' }));
    await assert.rejects(acquireWriteLease(path.join(dir, 'x'), { owner: 'o', heartbeatMs: 1000, staleMs: 500 }), /Expected `staleMs` to be greater than `heartbeatMs` \(1000\), got `500`/);
  });
});
