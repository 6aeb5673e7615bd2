import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Task } from '../../../src/engine/model/workspace';
import type { Assignment } from '../../../src/engine/scheduler/assignmentPlanner';
import type { Scheduler } from '../../../src/engine/scheduler/schedulingPolicy';
import { contentionScore, priorityRank } from '../../../src/engine/scheduler/taskRanking';
import { scheduler } from './fixtures';
import { agentCapacity, modelArbitrary, type Model } from './randomSprint';

type Load = { agent: string; team: string | undefined };

/** An oracle for one dispatch that never re-implements the policy, only what it promises. */
class DispatchOracle {
  readonly #model: Model;
  readonly #s: Scheduler;
  readonly #index: Map<string, number>;

  constructor(model: Model, s: Scheduler) {
    this.#model = model;
    this.#s = s;
    this.#index = new Map(model.tasks.map((t, i) => [t.id, i]));
  }

  /** Negative when `a` outranks `b`: bottom level, priority class, contention, input order. */
  compare(a: Task, b: Task): number {
    const s = this.#s;
    return (
      s.remainingCriticalPath(b.id) - s.remainingCriticalPath(a.id) ||
      priorityRank(b.priority) - priorityRank(a.priority) ||
      contentionScore(b) - contentionScore(a) ||
      this.#index.get(a.id)! - this.#index.get(b.id)!
    );
  }

  /** Whether `t` could start with these tasks running: a free slot, and an agent and team with room. */
  placeable(t: Task, loads: readonly Load[]): boolean {
    if (loads.length >= this.#model.maxParallel) return false;
    const teams = this.#model.teams;
    const room = (agent: string, teamId: string | undefined): boolean => {
      if (loads.filter((l) => l.agent === agent).length >= agentCapacity(teams, agent)) return false;
      const cap = teams.find((tm) => tm.id === teamId)?.maxParallelAgents;
      return cap === undefined || loads.filter((l) => l.team === teamId).length < cap;
    };
    if (t.assignee !== undefined) {
      const homes = teams.filter((tm) => tm.members.some((m) => m.agent === t.assignee));
      return room(t.assignee, t.team ?? (homes.length === 1 ? homes[0]!.id : undefined));
    }
    const pool = teams.filter((tm) => t.team === undefined || tm.id === t.team);
    return pool.some((tm) => tm.members.some((m) => room(m.agent, tm.id)));
  }

  /**
   * The promise of `next`: assignments in rank order, each placeable when its turn came, and
   * every ready task left out unplaceable given only the tasks ranked above it — no head-of-line
   * blocking, no priority inversion.
   */
  check(batch: readonly Assignment[], running: readonly Load[]): void {
    const byId = new Map(this.#model.tasks.map((t) => [t.id, t]));
    const placed = batch.filter((a) => !a.sync).map((a) => ({ task: byId.get(a.taskId)!, load: { agent: a.agent, team: a.team } }));
    placed.forEach((p, k) => {
      if (k > 0) assert.ok(this.compare(placed[k - 1]!.task, p.task) < 0, `${p.task.id} in rank order`);
      assert.ok(this.placeable(p.task, [...running, ...placed.slice(0, k).map((q) => q.load)]), `${p.task.id} had room`);
    });
    const chosen = new Set(batch.map((a) => a.taskId));
    for (const t of this.#model.tasks) {
      if (t.kind === 'sync' || chosen.has(t.id) || this.#s.statusOf(t.id) !== 'pending') continue;
      if (!t.dependencies.every((d) => this.#s.statusOf(d) === 'done')) continue;
      const above = placed.filter((p) => this.compare(p.task, t) < 0).map((p) => p.load);
      assert.ok(!this.placeable(t, [...running, ...above]), `${t.id} was ready and had room but was left out`);
    }
  }
}

describe('scheduler/dispatch properties', () => {
  it('every dispatch is ranked and maximal, whatever subset the loop starts and finishes', () => {
    fc.assert(
      fc.property(modelArbitrary, fc.infiniteStream(fc.boolean()), (model, coins) => {
        const heads = (): boolean => coins.next().value as boolean;
        const s = scheduler(model.tasks, model.maxParallel, model.teams);
        const oracle = new DispatchOracle(model, s);
        const running = new Map<string, Load>();
        for (let step = 0; step < 200 && model.tasks.some((t) => s.statusOf(t.id) !== 'done'); step++) {
          const batch = s.next(0);
          oracle.check(batch, [...running.values()]);
          // The loop may start only some of what it is offered (say, a worktree is not ready yet).
          for (const a of batch) {
            if (heads() && heads()) continue;
            s.markRunning(a.taskId, a.agent, a.team);
            if (a.sync) s.markFinished(a.taskId, 'done');
            else running.set(a.taskId, { agent: a.agent, team: a.team });
          }
          for (const id of [...running.keys()]) {
            if (heads()) continue;
            s.markFinished(id, 'done');
            running.delete(id);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
