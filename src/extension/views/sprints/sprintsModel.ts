import type { Sprint, Task, Workspace } from '../../../engine/model/workspace';
import type { DeepReadonly, ReadonlyRunState, TaskRunState, TaskRunStatus } from '../../../engine/state/runState';
import { taskContextValue as sharedContextValue } from '../../../shared/taskActions';
import { actionFacts } from '../../board/boardModel';
import { STATUS_ORDER } from './taskPresentation';

/** What every Sprints node reads when it draws itself: the files, the run, and who runs it. */
export interface SprintsModel {
  readonly workspace: Workspace;
  readonly run: ReadonlyRunState;
  readonly runningHere: boolean;
  readonly runningElsewhere: boolean;
  readonly now: number;
}

const UNFINISHED = new Set(['active', 'paused']);

/** True while the workspace has a run that is neither finished nor cancelled (one at a time). */
export function hasUnfinishedRun(model: Pick<SprintsModel, 'run'>): boolean {
  return UNFINISHED.has(model.run.status);
}

/** The run's view of a task of `sprint`, when the current run is of that sprint. */
export function runTaskOf(model: Pick<SprintsModel, 'run'>, sprintId: string, taskId: string): DeepReadonly<TaskRunState> | undefined {
  return model.run.sprint === sprintId ? model.run.tasks.get(taskId) : undefined;
}

export function taskStatus(model: Pick<SprintsModel, 'run'>, sprintId: string, taskId: string): TaskRunStatus {
  return runTaskOf(model, sprintId, taskId)?.status ?? 'planning';
}

/** The sprint's tasks by status, in {@link STATUS_ORDER}, empty groups left out. */
export function groupTasks(model: Pick<SprintsModel, 'run'>, sprint: Sprint): Array<{ status: TaskRunStatus; tasks: Task[] }> {
  const groups = new Map<TaskRunStatus, Task[]>();
  for (const task of sprint.tasks) {
    const status = taskStatus(model, sprint.id, task.id);
    groups.set(status, [...(groups.get(status) ?? []), task]);
  }
  return STATUS_ORDER.filter((s) => groups.has(s)).map((status) => ({ status, tasks: groups.get(status)! }));
}

/**
 * `3 to review · 1 to answer · 1/10 done` or `3/10 done · 2 running · 1 waiting` for the run's
 * sprint: what waits for a person comes first, so a narrow sidebar still shows it.
 */
export function progressText(model: Pick<SprintsModel, 'run'>, sprint: Sprint): string {
  const counts = countStatuses(model, sprint);
  const parts = counts.review ? [`${counts.review} to review`] : [];
  const questions = model.run.sprint === sprint.id ? openPersonQuestions(model.run) : 0;
  if (questions) parts.push(`${questions} to answer`);
  parts.push(`${counts.done ?? 0}/${sprint.tasks.length} done`);
  if (counts.running) parts.push(`${counts.running} running`);
  if (counts.waiting) parts.push(`${counts.waiting} waiting`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.blocked) parts.push(`${counts.blocked} blocked`);
  return parts.join(' · ');
}

export function countStatuses(model: Pick<SprintsModel, 'run'>, sprint: Sprint): Partial<Record<TaskRunStatus, number>> {
  const counts: Partial<Record<TaskRunStatus, number>> = {};
  for (const t of sprint.tasks) {
    const s = taskStatus(model, sprint.id, t.id);
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

/**
 * `baton:sprint` plus state flags, matched by the menus with regexes (STYLE.md §13):
 * `+idle` no unfinished run anywhere (start offered); `+current` this sprint is the run's;
 * `+active`/`+paused`/`+completed`/`+stopped`/`+cancelled` its run status; `+here` run by this
 * window (pause offered); `+elsewhere` by another process; `+resumable` unfinished and nobody runs it.
 */
export function sprintContextValue(model: SprintsModel, sprint: Sprint): string {
  const flags = ['baton:sprint'];
  if (!hasUnfinishedRun(model)) flags.push('idle');
  if (model.run.sprint === sprint.id) {
    flags.push('current', model.run.status);
    if (model.runningHere) flags.push('here');
    else if (model.runningElsewhere) flags.push('elsewhere');
    else if (hasUnfinishedRun(model)) flags.push('resumable');
  }
  return flags.join('+');
}

/**
 * While the run is going but nothing runs and handoffs wait at the review gate or agents wait
 * for a person's answer: the engine waits for a person, and the trees and the status bar say
 * so instead of spinning. Undefined otherwise.
 */
export function waitingForPerson(run: ReadonlyRunState): { review: number; questions: number } | undefined {
  if (run.status !== 'active') return undefined;
  let review = 0;
  for (const t of run.tasks.values()) {
    if (t.status === 'running') return undefined;
    if (t.status === 'review') review++;
  }
  const questions = openPersonQuestions(run);
  return review + questions ? { review, questions } : undefined;
}

/** Agents' questions to a person that nobody has answered yet. */
export function openPersonQuestions(run: ReadonlyRunState): number {
  return (run.team?.questions ?? []).filter((q) => q.status === 'open' && q.to.kind === 'person').length;
}

/**
 * `baton:task+<status>` plus one flag per task action that applies (src/shared/taskActions.ts),
 * then `+worktree` (its folder exists) and `+here` (the run is this window's).
 */
export function taskContextValue(model: SprintsModel, sprintId: string, taskId: string, worktreeExists: (path: string) => boolean): string {
  const t = runTaskOf(model, sprintId, taskId);
  const extra: string[] = [];
  if (t?.worktree && worktreeExists(t.worktree)) extra.push('worktree');
  if (t && model.runningHere) extra.push('here');
  return sharedContextValue({ status: t?.status ?? 'planning', attempts: t?.attempts ?? 0, ...actionFacts(t, worktreeExists, model.run) }, extra);
}
