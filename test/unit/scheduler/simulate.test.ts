import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeCriticalPath } from '../../../src/engine/graph/criticalPath';
import { listSchedule } from '../../../src/engine/graph/makespan';
import { TaskGraph } from '../../../src/engine/graph/taskGraph';
import { simulateSprint } from '../../../src/engine/scheduler/simulate';
import type { SimulationResult } from '../../../src/engine/scheduler/simulate';
import { task, team, workspace } from './fixtures';
import { agentCapacity, modelArbitrary, type Model } from './randomSprint';

/** At every instant: running tasks within the global, per-team and per-agent caps. */
function assertCapsHold(model: Model, result: SimulationResult): void {
  const events: { time: number; delta: number; id: string }[] = [];
  for (const t of model.tasks) {
    if (t.kind === 'sync') continue;
    events.push({ time: result.start.get(t.id)!, delta: 1, id: t.id }, { time: result.finish.get(t.id)!, delta: -1, id: t.id });
  }
  // Ends before starts at one instant: [start, finish) intervals that touch do not overlap.
  events.sort((x, y) => x.time - y.time || x.delta - y.delta);
  const perAgent = new Map<string, number>();
  const perTeam = new Map<string, number>();
  let total = 0;
  for (const e of events) {
    const agent = result.agentOf.get(e.id)!;
    const teamId = result.teamOf.get(e.id);
    total += e.delta;
    perAgent.set(agent, (perAgent.get(agent) ?? 0) + e.delta);
    if (teamId !== undefined) perTeam.set(teamId, (perTeam.get(teamId) ?? 0) + e.delta);
    if (e.delta < 0) continue;
    assert.ok(total <= model.maxParallel, `global cap ${model.maxParallel} at ${e.time}`);
    assert.ok(perAgent.get(agent)! <= agentCapacity(model.teams, agent), `${agent} within capacity at ${e.time}`);
    const cap = model.teams.find((t) => t.id === teamId)?.maxParallelAgents;
    if (cap !== undefined) assert.ok(perTeam.get(teamId!)! <= cap, `${teamId} within its cap at ${e.time}`);
  }
}

/** The team a task counted against follows the documented rule. */
function assertTeamRule(model: Model, result: SimulationResult): void {
  for (const t of model.tasks) {
    const agent = result.agentOf.get(t.id)!;
    const counted = result.teamOf.get(t.id);
    if (t.kind === 'sync') assert.equal(agent, '');
    else if (t.team !== undefined) assert.equal(counted, t.team);
    else if (t.assignee !== undefined) {
      const homes = model.teams.filter((tm) => tm.members.some((m) => m.agent === t.assignee));
      assert.equal(counted, homes.length === 1 ? homes[0]!.id : undefined);
    } else assert.ok(model.teams.find((tm) => tm.id === counted)?.members.some((m) => m.agent === agent), `${agent} is in ${counted}`);
  }
}

describe('scheduler/simulateSprint', () => {
  it('schedules a diamond on two slots', () => {
    const tasks = [task('a', 2), task('b', 3, ['a']), task('c', 1, ['a']), task('d', 2, ['b', 'c'])];
    const result = simulateSprint(tasks, workspace([team('eng', [['ann', 2]])]), 2, undefined, { sprintTeams: ['eng'] });
    assert.equal(result.makespan, 7);
    assert.deepEqual([...result.start], [['a', 0], ['b', 2], ['c', 2], ['d', 5]]);
    assert.deepEqual([...result.agentOf.values()], ['ann', 'ann', 'ann', 'ann']);
  });

  it('uses durationOf and records what the loop settles', () => {
    const eng = team('eng', ['ann'], { autoAssign: false });
    const tasks = [task('a', 1, [], { assignee: 'ann' }), task('b', 1, ['a'], { team: 'eng' }), task('c', 1, ['b'], { assignee: 'ann' })];
    const result = simulateSprint(tasks, workspace([eng]), 1, () => 4, { sprintTeams: ['eng'] });
    assert.equal(result.makespan, 4);
    assert.deepEqual(result.settled.map((s) => [s.taskId, s.reason]), [
      ['b', 'team eng does not auto-assign; set an assignee'],
      ['c', 'upstream task b is blocked'],
    ]);
    assert.throws(() => simulateSprint(tasks, workspace([eng]), 1, () => -1), RangeError);
  });

  it('random DAGs, teams and caps: caps hold at every instant and dependencies finish first', () => {
    fc.assert(
      fc.property(modelArbitrary, (model) => {
        const result = simulateSprint(model.tasks, workspace(model.teams), model.maxParallel, undefined, { sprintTeams: model.teams.map((t) => t.id) });
        assert.deepEqual(result.settled, []);
        assert.equal(result.finish.size, model.tasks.length, 'every task ran');
        for (const t of model.tasks) {
          const start = result.start.get(t.id)!;
          assert.equal(result.finish.get(t.id), start + t.estimate);
          for (const d of t.dependencies) assert.ok(start >= result.finish.get(d)!, `${t.id} starts after ${d} finishes`);
        }
        assertCapsHold(model, result);
        assertTeamRule(model, result);
      }),
      { numRuns: 300 },
    );
  });

  it('with unlimited caps the makespan is the critical path length', () => {
    fc.assert(
      fc.property(modelArbitrary, (model) => {
        const n = model.tasks.length;
        const everyone = team('all', [['solo', n]]);
        const tasks = model.tasks.map((t) => ({ ...t, assignee: 'solo', team: 'all' }));
        const result = simulateSprint(tasks, workspace([everyone]), n, undefined, { sprintTeams: ['all'] });
        assert.equal(result.makespan, analyzeCriticalPath(TaskGraph.from(tasks))!.length);
      }),
      { numRuns: 200 },
    );
  });

  it('with only the global cap and equal priorities it is exactly the critical-path list schedule', () => {
    fc.assert(
      fc.property(modelArbitrary, (model) => {
        const plain = model.tasks.map((t) => task(t.id, t.estimate || 1, t.dependencies, { team: 'all' }));
        const result = simulateSprint(plain, workspace([team('all', [['solo', plain.length]])]), model.maxParallel);
        const reference = listSchedule(TaskGraph.from(plain), model.maxParallel)!;
        assert.deepEqual(result.start, reference.start);
      }),
      { numRuns: 200 },
    );
  });
});
