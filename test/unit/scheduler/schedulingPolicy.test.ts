import assert from 'node:assert/strict';
import { SchedulerError } from '../../../src/engine/scheduler/schedulerError';
import { ids, scheduler, solo, startAll, task, team } from './fixtures';

describe('scheduler/Scheduler', () => {
  describe('readiness', () => {
    it('starts the join of a diamond only when both branches are done', () => {
      const s = scheduler([solo('a', 2), solo('b', 3, ['a']), solo('c', 1, ['a']), solo('d', 2, ['b', 'c'])]);
      assert.deepEqual(startAll(s), ['a']);
      assert.deepEqual(s.next(0), []);
      s.markFinished('a', 'done');
      assert.deepEqual(startAll(s), ['b', 'c']);
      s.markFinished('c', 'done');
      assert.deepEqual(s.next(0), [], 'd still waits for b');
      s.markFinished('b', 'done');
      assert.deepEqual(startAll(s), ['d']);
      assert.equal(s.statusOf('d'), 'running');
    });

    it('plans without committing: asking twice gives the same answer', () => {
      const s = scheduler([solo('a', 1), solo('b', 1)], 1);
      assert.deepEqual(ids(s.next(0)), ['a']);
      assert.deepEqual(ids(s.next(0)), ['a']);
      assert.equal(s.runningCount, 0);
    });

    it('refuses to start a task whose dependencies are not done', () => {
      const s = scheduler([solo('a', 1), solo('b', 1, ['a'])]);
      assert.throws(() => s.markRunning('b', 'agent-b'), (e: unknown) => SchedulerError.is(e) && e.code === 'invalid-transition');
    });
  });

  describe('order', () => {
    it('puts the longest remaining critical path first', () => {
      // x, y, z are free unit tasks written first; p -> q -> r is a unit chain.
      const tasks = [solo('x', 1), solo('y', 1), solo('z', 1), solo('p', 1), solo('q', 1, ['p']), solo('r', 1, ['q'])];
      const s = scheduler(tasks, 1);
      assert.equal(s.remainingCriticalPath('p'), 3);
      assert.deepEqual(ids(s.next(0)), ['p']);
      assert.deepEqual(ids(scheduler(tasks, 3).next(0)), ['p', 'x', 'y']);
    });

    it('breaks critical-path ties by priority class, then contention score, then input order', () => {
      const tasks = [
        solo('plain', 2),
        solo('low', 2, [], { priority: 'low' }),
        solo('docs', 2, [], { type: 'docs' }),
        solo('security', 2, [], { type: 'security' }),
        solo('urgent', 2, [], { urgency: 9 }),
        solo('high', 2, [], { priority: 'high' }),
        solo('critical', 2, [], { priority: 'critical', type: 'docs' }),
        solo('long', 3, [], { priority: 'low' }),
      ];
      // security 9*.4+5*.3+5*.3 = 6.6; urgent 5*.4+9*.3+1.5 = 6.2; plain 5.0; docs 4.6.
      assert.deepEqual(ids(scheduler(tasks).next(0)), ['long', 'critical', 'high', 'security', 'urgent', 'plain', 'docs', 'low']);
    });
  });

  describe('capacity', () => {
    it('never exceeds the global cap', () => {
      const s = scheduler([solo('a', 1), solo('b', 1), solo('c', 1)], 2);
      assert.deepEqual(startAll(s), ['a', 'b']);
      assert.deepEqual(s.next(0), []);
      s.markFinished('a', 'done');
      assert.deepEqual(startAll(s), ['c']);
    });

    it("caps a team's running tasks at maxParallelAgents", () => {
      const eng = team('eng', [['ann', 3], ['bob', 3]], { maxParallelAgents: 2 });
      const qa = team('qa', ['quinn']);
      const tasks = [...['a', 'b', 'c', 'd'].map((id) => task(id, 1, [], { team: 'eng' })), task('q', 1, [], { team: 'qa' })];
      const batch = scheduler(tasks, 10, [eng, qa]).next(0);
      assert.deepEqual(ids(batch), ['a', 'b', 'q'], 'a full team does not hold up another team');
      assert.deepEqual(batch.map((a) => a.team), ['eng', 'eng', 'qa']);
    });

    it("caps an agent at its capacity, the largest of its memberships, and 1 outside any team", () => {
      const teams = [team('eng', [['ann', 2]]), team('qa', [['ann', 3]])];
      const s = scheduler(['a', 'b', 'c', 'd'].map((id) => task(id, 1, [], { assignee: 'ann' })), 10, teams);
      assert.deepEqual(ids(s.next(0)), ['a', 'b', 'c']);
      const loner = scheduler(['a', 'b'].map((id) => task(id, 1, [], { assignee: 'zed' })), 10);
      assert.deepEqual(ids(loner.next(0)), ['a']);
    });

    it('counts an assignee against its only sprint team, and against none when it is in two', () => {
      const teams = [team('eng', ['ann', 'bob'], { maxParallelAgents: 1 }), team('qa', ['bob'], { maxParallelAgents: 1 })];
      const s = scheduler([task('a', 2, [], { assignee: 'ann' }), task('b', 1, [], { assignee: 'bob' })], 10, teams);
      const batch = s.next(0);
      assert.deepEqual(ids(batch), ['a', 'b'], 'bob is in two sprint teams, so his task counts against neither');
      assert.equal(batch[0]!.team, 'eng');
      assert.equal(batch[1]!.team, undefined);
    });

    it('does not let a busy agent hold up lower-ranked tasks of other agents', () => {
      const s = scheduler([task('busy', 1, [], { assignee: 'ann' }), task('long', 10, [], { assignee: 'ann' }), task('short', 1, [], { assignee: 'bob' })], 4);
      s.markRunning('busy', 'ann');
      assert.deepEqual(ids(s.next(0)), ['short'], 'long is first in line but ann is full');
    });

    it("does not let a full team hold up the same agent's work for another team", () => {
      const teams = [team('eng', [['ann', 2], 'bob'], { maxParallelAgents: 1 }), team('qa', [['ann', 2]])];
      const tasks = [task('busy', 1, [], { assignee: 'bob' }), task('x', 5, [], { assignee: 'ann', team: 'eng' }), task('y', 1, [], { assignee: 'ann', team: 'qa' })];
      const s = scheduler(tasks, 10, teams);
      s.markRunning('busy', 'bob');
      assert.deepEqual(s.next(0).map((a) => [a.taskId, a.team]), [['y', 'qa']], 'x waits for eng, ann still has room');
    });

    it('frees the slot at a review gate but keeps dependants waiting', () => {
      const s = scheduler([solo('a', 1), solo('b', 1, ['a']), solo('c', 1)], 1);
      assert.deepEqual(startAll(s), ['a']);
      s.markInReview('a');
      assert.equal(s.runningCount, 0);
      assert.deepEqual(ids(s.next(0)), ['c']);
      s.markFinished('a', 'done');
      assert.deepEqual(ids(s.next(0)), ['b']);
    });
  });

  describe('sync points', () => {
    it('offers a ready sync point with no agent and no slot, even when every slot is taken', () => {
      const s = scheduler([solo('a', 1), solo('b', 1), task('sync-1', 0, ['a'], { kind: 'sync' }), solo('c', 1, ['sync-1'])], 1);
      assert.deepEqual(startAll(s), ['a']);
      s.markFinished('a', 'done');
      assert.deepEqual(startAll(s), ['sync-1', 'b']);
      assert.equal(s.runningCount, 1, 'only b holds a slot');
      assert.deepEqual(s.next(0), []);
      s.markFinished('sync-1', 'done');
      s.markFinished('b', 'done');
      assert.deepEqual(startAll(s), ['c']);
    });

    it('marks sync assignments', () => {
      const [a] = scheduler([task('sync-1', 0, [], { kind: 'sync' })]).next(0);
      assert.deepEqual({ agent: a!.agent, sync: a!.sync, team: a!.team }, { agent: '', sync: true, team: undefined });
    });
  });
});
