import assert from 'node:assert/strict';
import { SchedulerError } from '../../../src/engine/scheduler/schedulerError';
import { ids, scheduler, solo, startAll, task } from './fixtures';

describe('scheduler/Scheduler lifecycle', () => {
  describe('failure and skipping', () => {
    it('names the failed upstream task for everything that can no longer run, wave by wave', () => {
      const s = scheduler([solo('a', 1), solo('b', 1, ['a']), solo('c', 1, ['b']), solo('free', 1)]);
      startAll(s);
      s.markFinished('a', 'failed');
      assert.deepEqual(s.blockedBy('b'), ['a']);
      assert.deepEqual(s.blockedBy('c'), []);
      assert.deepEqual(s.settle(), [{ taskId: 'b', outcome: 'blocked', upstream: ['a'], reason: 'upstream task a failed' }]);
      s.markFinished('b', 'blocked');
      assert.deepEqual(s.settle(), [{ taskId: 'c', outcome: 'blocked', upstream: ['b'], reason: 'upstream task b is blocked' }]);
      s.markFinished('c', 'blocked');
      assert.deepEqual(s.settle(), []);
      assert.equal(s.statusOf('free'), 'running', 'independent work carries on');
    });

    it('lets a failed task come back: requeue, finish, and its dependants run after all', () => {
      const s = scheduler([solo('a', 1), solo('b', 1, ['a'])]);
      startAll(s);
      s.markFinished('a', 'failed');
      s.requeue('a');
      assert.deepEqual(s.blockedBy('b'), []);
      assert.deepEqual(s.settle(), []);
      assert.deepEqual(startAll(s), ['a']);
      s.markFinished('a', 'done');
      assert.deepEqual(startAll(s), ['b']);
    });

    it('skips a task when every dependency was skipped, and the chain after it', () => {
      const s = scheduler([solo('analysis', 1), solo('branch', 1, ['analysis']), solo('after', 1, ['branch']), solo('last', 1, ['after'])]);
      startAll(s);
      s.markFinished('analysis', 'done');
      s.markFinished('branch', 'skipped');
      assert.deepEqual(s.settle(), [{ taskId: 'after', outcome: 'skipped', upstream: ['branch'], reason: 'every dependency was skipped (branch)' }]);
      s.markFinished('after', 'skipped');
      assert.deepEqual(ids(s.settle()), ['last']);
      assert.deepEqual(s.next(0), []);
    });

    it('runs the fan-in after two branches when one was skipped and the other done', () => {
      const tasks = [solo('analysis', 1), solo('small', 1, ['analysis']), solo('large', 3, ['analysis']), solo('merge', 1, ['small', 'large'])];
      const s = scheduler(tasks);
      startAll(s);
      s.markFinished('analysis', 'done');
      s.markFinished('large', 'skipped');
      assert.deepEqual(startAll(s), ['small']);
      s.markFinished('small', 'done');
      assert.deepEqual(s.settle(), []);
      assert.deepEqual(startAll(s), ['merge']);
    });

    it('skips the fan-in when both branches were skipped, and blocks it when one failed', () => {
      const tasks = [solo('x', 1), solo('y', 1), solo('join', 1, ['x', 'y'])];
      const skipped = scheduler(tasks);
      skipped.markFinished('x', 'skipped');
      skipped.markFinished('y', 'skipped');
      assert.deepEqual(skipped.settle().map((s) => [s.taskId, s.outcome]), [['join', 'skipped']]);
      const failed = scheduler(tasks);
      startAll(failed);
      failed.markFinished('x', 'skipped');
      failed.markFinished('y', 'failed');
      assert.deepEqual(failed.settle().map((s) => [s.taskId, s.outcome, s.upstream]), [['join', 'blocked', ['y']]]);
    });

    it('treats a cancelled dependency like a failed one', () => {
      const s = scheduler([solo('a', 1), solo('b', 1, ['a'])]);
      s.markFinished('a', 'cancelled');
      assert.deepEqual(s.settle()[0]?.reason, 'upstream task a was cancelled');
    });
  });

  describe('backoff', () => {
    it('does not offer a held task before its time, and says when to ask again', () => {
      const s = scheduler([solo('a', 1), solo('b', 1)], 1);
      assert.deepEqual(startAll(s, 0), ['a']);
      s.requeue('a');
      s.hold('a', 100);
      assert.equal(s.nextWakeAt(), 100);
      assert.deepEqual(ids(s.next(50)), ['b'], 'b takes the slot while a backs off');
      assert.deepEqual(ids(s.next(100)), ['a']);
      assert.deepEqual(ids(s.next(99)), ['b'], 'time going backwards honours the hold again');
      assert.deepEqual(ids(s.next(100)), ['a']);
    });

    it('holds a sync point too', () => {
      const s = scheduler([task('sync-1', 0, [], { kind: 'sync' })]);
      s.hold('sync-1', 10);
      assert.deepEqual(s.next(5), []);
      assert.deepEqual(ids(s.next(10)), ['sync-1']);
    });
  });

  describe('validation', () => {
    it('rejects a maxParallel that is not an integer >= 1, in p-queue style', () => {
      assert.throws(() => scheduler([], 0), { name: 'RangeError', message: 'Expected `maxParallel` to be an integer >= 1, got `0`' });
      assert.throws(() => scheduler([], 1.5), { name: 'RangeError', message: 'Expected `maxParallel` to be an integer >= 1, got `1.5`' });
      assert.throws(() => scheduler([], Number.NaN), RangeError);
    });

    it('throws typed errors for cycles, unknown tasks and impossible changes', () => {
      const isCode = (code: string) => (e: unknown) => SchedulerError.is(e) && e.code === code;
      assert.throws(() => scheduler([solo('a', 1, ['b']), solo('b', 1, ['a'])]), isCode('cycle'));
      const s = scheduler([solo('a', 1)]);
      assert.throws(() => s.markFinished('nope', 'done'), isCode('unknown-task'));
      assert.throws(() => s.markRunning('a', ''), isCode('invalid-transition'));
      startAll(s);
      s.markFinished('a', 'done');
      assert.throws(() => s.markFinished('a', 'failed'), isCode('invalid-transition'));
      assert.throws(() => s.requeue('a'), isCode('invalid-transition'));
      assert.equal(SchedulerError.is(new Error('x')), false);
    });
  });
});
