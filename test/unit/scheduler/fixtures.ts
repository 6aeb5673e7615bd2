import type { Task, Team, TeamMember, Workspace } from '../../../src/engine/model/workspace';
import { Scheduler } from '../../../src/engine/scheduler/schedulingPolicy';
import type { SchedulerOptions } from '../../../src/engine/scheduler/schedulingPolicy';

const LOCATION = { file: 'sprint.yaml', range: { line: 0, column: 0, endLine: 0, endColumn: 0 } };

/** A compiled task with the compiler's defaults; `deps` are its dependencies. */
export function task(id: string, estimate: number, deps: string[] = [], extra: Partial<Task> = {}): Task {
  return {
    id,
    sprint: 's1',
    title: id,
    description: '',
    type: 'task',
    priority: 'medium',
    estimate,
    dependencies: deps,
    acceptanceCriteria: [],
    handoffArtifacts: [],
    checklist: [],
    review: false,
    producesChanges: true,
    urgency: 5,
    businessImpact: 5,
    labels: [],
    kind: 'task',
    location: LOCATION,
    ...extra,
  };
}

/** A member: `agent`, or `[agent, capacity, ...specialties]`. */
export type MemberSpec = string | [string, number, ...string[]];

/** A team with defaults (auto-assign on, no cap). */
export function team(id: string, members: MemberSpec[], extra: Partial<Team> = {}): Team {
  const list: TeamMember[] = members.map((m) => {
    const [agent, capacity, ...specialties] = typeof m === 'string' ? [m, 1] : m;
    return { agent, capacity, specialties, location: LOCATION };
  });
  return {
    id,
    name: id,
    members: list,
    capabilities: [],
    subscriptions: [],
    autoAssign: true,
    requireReview: false,
    worktreeStrategy: 'task_level',
    location: LOCATION,
    ...extra,
  };
}

/** A workspace holding only teams (agents are optional for the scheduler). */
export function workspace(teams: Team[] = []): Workspace {
  return {
    root: '/ws',
    configRoot: '/ws/.claude',
    teams: new Map(teams.map((t) => [t.id, t])),
    agents: new Map(),
    sprints: new Map(),
    epics: new Map(),
    settings: {
      defaultRunner: 'claude-code',
      worktreeStrategy: 'task_level',
      worktrees: { copy: [], symlink: [], keepFailed: true },
      taskTimeoutSeconds: 3600,
      stallTimeoutSeconds: 600,
      maxRetries: 2,
      executables: {},
      prices: {},
      maxQuestionsPerTask: 5,
      sandbox: 'auto',
      estimateUnit: 'points',
    },
  };
}

/** Task ids of assignments, in order. */
export function ids(assignments: readonly { taskId: string }[]): string[] {
  return assignments.map((a) => a.taskId);
}

/** A scheduler over these tasks; the sprint's teams are all of `teams`. */
export function scheduler(tasks: Task[], maxParallel = 8, teams: Team[] = [], extra: Partial<SchedulerOptions> = {}): Scheduler {
  return new Scheduler({ tasks, workspace: workspace(teams), maxParallel, sprintTeams: teams.map((t) => t.id), ...extra });
}

/** Starts every assignment `next` offers, as the loop would; returns their task ids. */
export function startAll(s: Scheduler, now = 0): string[] {
  const batch = s.next(now);
  for (const a of batch) s.markRunning(a.taskId, a.agent, a.team);
  return ids(batch);
}

/** A task with an agent of its own, so only its dependencies and the global cap matter. */
export function solo(id: string, estimate: number, deps: string[] = [], extra: Partial<Task> = {}): Task {
  return task(id, estimate, deps, { assignee: `agent-${id}`, ...extra });
}
