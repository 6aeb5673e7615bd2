/**
 * Engine → board: pure functions that map a sprint and its run state to the protocol's
 * plain types. No vscode here, so they run (and are tested) in plain Node; the graph facts
 * come from the engine's graph library, so the board and the scheduler never disagree.
 */
import { analyzeCriticalPath } from '../../engine/graph/criticalPath';
import { TaskGraph } from '../../engine/graph/taskGraph';
import { levelIndices } from '../../engine/graph/topology';
import type { Sprint, Task, Workspace } from '../../engine/model/workspace';
import type { ReadonlyRunState, TaskRunStatus } from '../../engine/state/runState';
import type { BoardCapabilities, BoardMember, BoardRun, BoardTask, BoardTaskStatus } from '../../shared/boardTypes';

type RunTask = ReadonlyRunState['tasks'] extends ReadonlyMap<string, infer V> ? V : never;

/** What the graph says about a sprint's tasks: their level and the critical path. */
export interface GraphFacts {
  level: ReadonlyMap<string, number>;
  criticalPath: readonly string[];
  critical: ReadonlySet<string>;
  /** Known dependencies per task (unknown ids and duplicates dropped). */
  dependencies: ReadonlyMap<string, readonly string[]>;
  /** Direct dependants per task: what `baton plan` lists under "unblocks". */
  dependants: ReadonlyMap<string, readonly string[]>;
}

/**
 * Levels and critical path of a sprint's tasks. A cyclic graph (the loader reports it) gets
 * level 0 everywhere and no critical path, so a half-written sprint still shows.
 */
export function graphFacts(tasks: readonly Task[]): GraphFacts {
  const graph = TaskGraph.from(tasks);
  const levels = levelIndices(graph);
  const level = new Map<string, number>();
  const dependencies = new Map<string, readonly string[]>();
  const dependants = new Map<string, readonly string[]>();
  for (let i = 0; i < graph.size; i++) {
    const id = graph.idAt(i);
    level.set(id, levels ? levels[i]! : 0);
    dependencies.set(id, graph.dependenciesOf(id));
    dependants.set(id, graph.dependantsOf(id));
  }
  const criticalPath = levels ? (analyzeCriticalPath(graph)?.criticalPath ?? []) : [];
  return { level, criticalPath, critical: new Set(criticalPath), dependencies, dependants };
}

/** The run state of a sprint's task, when the current run is that sprint's. */
export function runTaskOf(run: ReadonlyRunState, sprintId: string, taskId: string): RunTask | undefined {
  return run.sprint === sprintId ? run.tasks.get(taskId) : undefined;
}

/**
 * The board's status for an engine status. A `waiting` task (parked on a question, a fix or an
 * emergency) is work in progress: it stays in the running column, its card saying what it waits for.
 */
export function boardStatusOf(status: TaskRunStatus): BoardTaskStatus {
  return status === 'waiting' ? 'running' : status;
}

/** One task as the board shows it. `worktreeExists` says whether a worktree folder is still there. */
export function boardTask(task: Task, state: RunTask | undefined, facts: GraphFacts, run?: ReadonlyRunState, worktreeExists: (path: string) => boolean = () => false): BoardTask {
  const out: BoardTask = {
    id: task.id,
    title: task.title || task.id,
    type: task.type,
    kind: task.kind,
    priority: task.priority,
    estimate: task.estimate,
    dependencies: [...(facts.dependencies.get(task.id) ?? task.dependencies)],
    level: facts.level.get(task.id) ?? 0,
    critical: facts.critical.has(task.id),
    status: boardStatusOf(state?.status ?? 'planning'),
    attempts: state?.attempts ?? 0,
    file: task.location.file,
    line: task.location.range.line,
    unblocks: [...(facts.dependants.get(task.id) ?? [])],
    ...actionFacts(state, worktreeExists, run),
  };
  const agent = state?.agent ?? task.assignee;
  if (agent !== undefined) out.agent = agent;
  const team = state?.team ?? task.team;
  if (team !== undefined) out.team = team;
  if (!state) return out;
  if (state.status === 'running' && state.currentAttempt) out.runningSince = state.currentAttempt.startedAt;
  if (state.startedAt !== undefined) out.startedAt = state.startedAt;
  if (state.finishedAt !== undefined) out.finishedAt = state.finishedAt;
  if (state.reason !== undefined) out.reason = state.reason;
  if (state.summary !== undefined) out.summary = state.summary;
  if (state.costUsd > 0) out.costUsd = state.costUsd;
  if (state.progress && !['done', 'skipped', 'cancelled'].includes(state.status)) {
    const p = state.progress;
    out.progress = { status: p.status, remaining: [...p.remainingWork], blockers: [...p.blockers], at: p.at, ...(p.progress !== undefined ? { percent: p.progress } : {}) };
  }
  const question = run ? openQuestionOf(run, task.id, state) : undefined;
  if (question) out.question = question;
  return out;
}

/** The open question a task waits on (or, else, its latest open one), as its card shows it. */
function openQuestionOf(run: ReadonlyRunState, taskId: string, state: RunTask): BoardTask['question'] {
  const open = (run.team?.questions ?? []).filter((q) => q.task === taskId && q.status === 'open');
  const waitingOn = state.status === 'waiting' ? state.waiting?.questions ?? [] : [];
  const q = open.find((x) => waitingOn.includes(x.id)) ?? open[open.length - 1];
  return q ? { id: q.id, text: q.text, to: q.to.kind === 'person' ? 'person' : q.to.agent, waiting: waitingOn.includes(q.id) } : undefined;
}

/** The facts the task actions depend on (src/shared/taskActions.ts), from the run state. */
export function actionFacts(state: RunTask | undefined, worktreeExists: (path: string) => boolean, run?: ReadonlyRunState): { handoff: boolean; diff: boolean; acceptable: boolean; answerable: boolean } {
  if (!state) return { handoff: false, diff: false, acceptable: false, answerable: false };
  const commit = state.commit ?? state.handoff?.commit ?? state.failedCommit;
  return {
    handoff: state.handoff !== undefined,
    diff: commit !== undefined || (state.worktree !== undefined && worktreeExists(state.worktree)),
    acceptable: (state.failedCommit ?? state.handoff?.commit) !== undefined,
    answerable: (run?.team?.questions ?? []).some((q) => q.task === state.id && q.status === 'open' && q.to.kind === 'person'),
  };
}

/** A task the run knows but the sprint file does not (e.g. the file changed since it started). */
export function orphanTask(state: RunTask): BoardTask {
  const task: Task = {
    id: state.id, sprint: '', title: state.created?.definition.title ?? state.id, description: '', type: 'task', priority: 'medium', estimate: 0,
    dependencies: [], acceptanceCriteria: [], handoffArtifacts: [], checklist: [], review: false, producesChanges: true,
    urgency: 0, businessImpact: 0, labels: [], kind: 'task', location: { file: '', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } },
  };
  const out = boardTask(task, state, { level: new Map(), criticalPath: [], critical: new Set(), dependencies: new Map(), dependants: new Map() });
  delete out.file;
  delete out.line;
  return out;
}

/** Every task of the sprint, plus any the run added, in file order. */
export function boardTasks(sprint: Sprint, run: ReadonlyRunState, facts: GraphFacts, worktreeExists: (path: string) => boolean = () => false): BoardTask[] {
  const out = sprint.tasks.map((t) => boardTask(t, runTaskOf(run, sprint.id, t.id), facts, run, worktreeExists));
  if (run.sprint === sprint.id) {
    const known = new Set(sprint.tasks.map((t) => t.id));
    for (const [id, state] of run.tasks) if (!known.has(id)) out.push(orphanTask(state));
  }
  return out;
}

/** The members of the teams the sprint uses (all teams when it names none): the swimlanes. */
export function boardMembers(workspace: Workspace, sprint: Sprint | undefined): BoardMember[] {
  const teamIds = sprint && sprint.teams.length > 0 ? sprint.teams : [...workspace.teams.keys()];
  const out: BoardMember[] = [];
  for (const id of teamIds) {
    const team = workspace.teams.get(id);
    if (!team) continue;
    for (const m of team.members) out.push({ agent: m.agent, team: id, capacity: m.capacity });
  }
  return out;
}

/** The run as the board's header shows it. */
export function boardRun(run: ReadonlyRunState, runningHere: boolean): BoardRun {
  const out: BoardRun = { status: run.status, runningHere };
  if (run.runId !== undefined) out.runId = run.runId;
  if (run.sprint !== undefined) out.sprint = run.sprint;
  if (run.startedAt !== undefined) out.startedAt = run.startedAt;
  if (run.finishedAt !== undefined) out.finishedAt = run.finishedAt;
  if (run.reason !== undefined) out.reason = run.reason;
  const emergency = run.team?.emergencies.find((e) => e.status === 'active');
  if (emergency) out.emergency = { id: emergency.id, event: emergency.name, tasks: [...emergency.tasks] };
  return out;
}

/** What the window can do; each `false` carries the sentence the card shows. */
export function boardCapabilities(input: { runningHere: boolean; trusted: boolean }): BoardCapabilities {
  const caps: BoardCapabilities = { cancel: input.runningHere, approve: input.trusted, reassign: input.trusted, retry: input.trusted };
  if (!input.runningHere) caps.cancelReason = 'Only a run started in this window can cancel single tasks; cancel the run instead.';
  if (!input.trusted) {
    caps.approveReason = 'Decisions on tasks need a trusted workspace (Restricted Mode).';
    caps.reassignReason = caps.approveReason;
    caps.retryReason = 'Retrying starts agents, which Restricted Mode does not allow.';
  }
  return caps;
}

/** The sprint a board shows: the one asked for, else the current run's, else the first. */
export function pickSprint(workspace: Workspace | undefined, run: ReadonlyRunState, wanted: string | undefined): Sprint | undefined {
  if (!workspace) return undefined;
  return (wanted !== undefined ? workspace.sprints.get(wanted) : undefined)
    ?? (run.sprint !== undefined ? workspace.sprints.get(run.sprint) : undefined)
    ?? workspace.sprints.values().next().value;
}
