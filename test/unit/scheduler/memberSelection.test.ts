import assert from 'node:assert/strict';
import type { MemberCandidate } from '../../../src/engine/scheduler/capacityTable';
import { expertiseMatch, MemberSelector } from '../../../src/engine/scheduler/memberSelection';
import { Scheduler } from '../../../src/engine/scheduler/schedulingPolicy';
import type { Task, Team } from '../../../src/engine/model/workspace';
import { ids, task, team, workspace } from './fixtures';

function candidate(agent: string, specialties: string[] = [], capabilities: string[] = []): MemberCandidate {
  return { agent, team: 'eng', specialties, capabilities };
}

function scheduler(tasks: Task[], teams: Team[], sprintTeams = teams.map((t) => t.id), selector?: MemberSelector): Scheduler {
  return new Scheduler({ tasks, workspace: workspace(teams), maxParallel: 10, sprintTeams, ...(selector ? { selector } : {}) });
}

const HOUR = 3_600_000;

describe('scheduler/memberSelection', () => {
  const feature = task('f', 1, [], { type: 'feature', labels: ['frontend'] });
  const roomy = () => ({ load: 0, capacity: 2 });

  describe('seed 001 score', () => {
    it('is 100 for an idle, unmatched agent without history, and follows each term of the formula', () => {
      const s = new MemberSelector();
      assert.equal(s.score(candidate('ann'), feature, 0, 2), 100);
      assert.equal(s.score(candidate('ann'), feature, 1, 2), 85, 'half loaded: -15');
      assert.equal(s.score(candidate('ann', ['frontend', 'feature']), feature, 0, 2), 120, 'full match: +20');
      s.recordCompletion('ann', 2 * HOUR, true);
      assert.equal(s.score(candidate('ann'), feature, 0, 2), 108, '2-hour average: +8');
      s.recordCompletion('ann', undefined, false);
      assert.equal(s.score(candidate('ann'), feature, 0, 2), 100 - 12.5 + 8, 'one failure in two: -12.5');
    });

    it('forgets attempts older than the window', () => {
      const s = new MemberSelector({ window: 2 });
      s.recordCompletion('ann', undefined, false);
      s.recordCompletion('ann', HOUR, true);
      s.recordCompletion('ann', HOUR, true);
      assert.deepEqual(s.statsOf('ann'), { finished: 2, failureRate: 0, avgCompletionMinutes: 60 });
      assert.throws(() => new MemberSelector({ window: 0 }), { message: 'Expected `window` to be an integer >= 1, got `0`' });
    });

    it('matches specialties fully, capabilities by half, loosely, ignoring the default type', () => {
      assert.equal(expertiseMatch(feature, candidate('a', ['frontend'])), 0.5);
      assert.equal(expertiseMatch(feature, candidate('a', ['Frontend-Development', 'feature'])), 1);
      assert.equal(expertiseMatch(feature, candidate('a', [], ['feature', 'frontend'])), 0.5);
      assert.equal(expertiseMatch(task('t', 1, [], { type: 'ui_component' }), candidate('a', ['ui'])), 1);
      assert.equal(expertiseMatch(task('t', 1), candidate('a', ['task'])), 0, 'type `task` says nothing');
      assert.equal(expertiseMatch(feature, candidate('a', ['backend'])), 0);
    });
  });

  describe('select', () => {
    it('prefers the less-loaded member', () => {
      const s = new MemberSelector();
      const load: Record<string, number> = { ann: 1, bob: 0 };
      const choice = s.select(feature, [candidate('ann'), candidate('bob')], (c) => ({ load: load[c.agent]!, capacity: 2 }));
      assert.equal(choice?.agent, 'bob');
    });

    it('prefers the member whose specialties match the task', () => {
      const choice = new MemberSelector().select(feature, [candidate('ann', ['backend']), candidate('bob', ['frontend'])], roomy);
      assert.equal(choice?.agent, 'bob');
      assert.match(choice!.reason, /bob picked from team eng \(score 110\.0: load 0\/2, match 0\.50, failures 0%\)/);
    });

    it('prefers the member who has not been failing', () => {
      const s = new MemberSelector();
      s.recordCompletion('ann', HOUR, false);
      s.recordCompletion('ann', HOUR, true);
      s.recordCompletion('bob', HOUR, true);
      assert.equal(s.select(feature, [candidate('ann'), candidate('bob')], roomy)?.agent, 'bob');
    });

    it('considers only members with room, and breaks ties by member order', () => {
      const s = new MemberSelector();
      assert.equal(s.select(feature, [candidate('ann'), candidate('bob')], roomy)?.agent, 'ann');
      assert.equal(s.select(feature, [candidate('ann'), candidate('bob')], (c) => (c.agent === 'ann' ? undefined : roomy()))?.agent, 'bob');
      assert.equal(s.select(feature, [candidate('ann')], () => undefined), undefined);
    });
  });

  describe('through the scheduler', () => {
    it('spreads a team task load and never picks a full member', () => {
      const eng = team('eng', [['ann', 2, 'backend'], ['bob', 1, 'frontend']]);
      const tasks = ['a', 'b', 'c', 'd'].map((id) => task(id, 1, [], { team: 'eng', labels: ['frontend'] }));
      const batch = scheduler(tasks, [eng]).next(0);
      // bob matches (120 vs 100), so a; then bob is full and ann takes b and c; d waits.
      assert.deepEqual(batch.map((a) => [a.taskId, a.agent, a.team]), [['a', 'bob', 'eng'], ['b', 'ann', 'eng'], ['c', 'ann', 'eng']]);
    });

    it('draws tasks with neither assignee nor team from every sprint team', () => {
      const teams = [team('eng', [['ann', 1, 'backend']]), team('qa', [['quinn', 1, 'test']]), team('ops', ['oz'])];
      const s = scheduler([task('t', 1, [], { type: 'test' })], teams, ['eng', 'qa']);
      assert.deepEqual(s.next(0).map((a) => [a.agent, a.team]), [['quinn', 'qa']]);
    });

    it('uses the injected selector, whose history the scheduler keeps up to date', () => {
      const selector = new MemberSelector();
      const eng = team('eng', ['ann', 'bob']);
      const s = scheduler([task('a', 1, [], { team: 'eng' }), task('b', 1, [], { team: 'eng' }, )], [eng], ['eng'], selector);
      const [first] = s.next(0);
      assert.equal(first!.agent, 'ann');
      s.markRunning('a', 'ann', 'eng');
      s.markFinished('a', 'failed', { durationMs: HOUR });
      assert.equal(selector.statsOf('ann').failureRate, 1);
      assert.equal(s.next(0)[0]!.agent, 'bob', 'ann has been failing');
    });

    it('counts a failed attempt that will be retried, but not changes requested at review', () => {
      const selector = new MemberSelector();
      const s = scheduler([task('a', 1, [], { assignee: 'ann' })], [], [], selector);
      s.markRunning('a', 'ann');
      s.requeue('a', { durationMs: HOUR });
      s.markRunning('a', 'ann');
      s.markInReview('a');
      s.markReady('a');
      assert.deepEqual(selector.statsOf('ann'), { finished: 1, failureRate: 1 });
    });
  });

  describe('auto-assign', () => {
    it('does not auto-assign for a team that says so, and tells the loop why when the task is ready', () => {
      const eng = team('eng', ['ann'], { autoAssign: false });
      const s = scheduler([task('a', 1), task('b', 1, ['a'], { team: 'eng' }), task('c', 1, ['a'], { team: 'eng', assignee: 'ann' })], [eng]);
      assert.equal(s.assignmentProblem('b'), 'team eng does not auto-assign; set an assignee');
      assert.equal(s.assignmentProblem('c'), undefined, 'an assignee needs no auto-assignment');
      assert.equal(s.assignmentProblem('a'), 'team eng does not auto-assign; set an assignee', 'the sprint pool is eng alone');
      assert.deepEqual(s.next(0), []);
      assert.deepEqual(s.settle(), [{ taskId: 'a', outcome: 'blocked', upstream: [], reason: 'team eng does not auto-assign; set an assignee' }]);
    });

    it('reports a task nobody could ever take', () => {
      const s = scheduler([task('a', 1), task('b', 1, [], { team: 'ghost' })], []);
      assert.equal(s.assignmentProblem('a'), 'no assignee and no team; set an assignee or a team');
      assert.equal(s.assignmentProblem('b'), 'team ghost is not defined');
      assert.deepEqual(ids(s.settle()), ['a', 'b']);
    });
  });
});
