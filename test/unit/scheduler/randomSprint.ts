import fc from 'fast-check';
import type { Priority } from '../../../src/engine/model/common';
import type { Task, Team } from '../../../src/engine/model/workspace';
import { task, team } from './fixtures';

const AGENTS = ['a0', 'a1', 'a2', 'a3', 'a4', 'lone'];
const PRIORITIES: Priority[] = ['critical', 'high', 'medium', 'low'];

/** A random sprint: tasks, the teams they use (all of them the sprint's), and the global cap. */
export interface Model {
  tasks: Task[];
  teams: Team[];
  maxParallel: number;
}

/** Random DAGs (task i depends on lower indices) with random teams, caps, assignment modes and sync points. */
export const modelArbitrary: fc.Arbitrary<Model> = fc
  .record({
    teams: fc.array(
      fc.record({
        members: fc.uniqueArray(fc.record({ agent: fc.constantFrom(...AGENTS.slice(0, 5)), capacity: fc.integer({ min: 1, max: 3 }) }), {
          minLength: 1,
          maxLength: 4,
          selector: (m) => m.agent,
        }),
        cap: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    tasks: fc.array(
      fc.record({
        estimate: fc.integer({ min: 1, max: 10 }),
        deps: fc.array(fc.nat(), { maxLength: 4 }),
        sync: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
        mode: fc.constantFrom('assignee', 'team', 'both', 'pool'),
        pick: fc.nat(),
        priority: fc.constantFrom(...PRIORITIES),
        urgency: fc.integer({ min: 0, max: 10 }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    maxParallel: fc.integer({ min: 1, max: 6 }),
  })
  .map(({ teams: rawTeams, tasks: rawTasks, maxParallel }) => {
    const teams = rawTeams.map((t, k) =>
      team(`team${k}`, t.members.map((m): [string, number] => [m.agent, m.capacity]), t.cap === undefined ? {} : { maxParallelAgents: t.cap }),
    );
    const tasks = rawTasks.map((r, i) => {
      const deps = i === 0 ? [] : [...new Set(r.deps.map((d) => `t${d % i}`))];
      const common = { priority: r.priority, urgency: r.urgency };
      if (r.sync) return task(`t${i}`, 0, deps, { kind: 'sync', ...common });
      if (r.mode === 'assignee') return task(`t${i}`, r.estimate, deps, { assignee: AGENTS[r.pick % AGENTS.length]!, ...common });
      if (r.mode === 'both') {
        return task(`t${i}`, r.estimate, deps, { assignee: AGENTS[r.pick % AGENTS.length]!, team: teams[(r.pick >> 3) % teams.length]!.id, ...common });
      }
      if (r.mode === 'team') return task(`t${i}`, r.estimate, deps, { team: teams[r.pick % teams.length]!.id, ...common });
      return task(`t${i}`, r.estimate, deps, common);
    });
    return { tasks, teams, maxParallel };
  });

/** The capacity rule, restated independently: the largest membership, 1 outside any team. */
export function agentCapacity(teams: Team[], agent: string): number {
  const caps = teams.flatMap((t) => t.members.filter((m) => m.agent === agent).map((m) => m.capacity));
  return caps.length ? Math.max(...caps) : 1;
}

