/**
 * What a person can do to a task, wherever the task appears — a Sprints or Inbox tree row, a
 * Kanban card, a graph node, the review panel — declared once. The trees put the applicable
 * actions into the node's `contextValue` (`baton:task+failed+log+retry+skip+…`), the board
 * into the card's `data-vscode-context` (the same string, under `batonTask`), and package.json
 * matches both with the same `+<action>` regexes, so every surface offers the same menu; the
 * board's keyboard menu lists the same actions in the same order. The engine still checks each
 * one when it is made (`coordination/reviewDecision.ts`).
 */
import type { BoardTaskStatus } from './boardTypes';

export type TaskActionId = 'answer' | 'openReview' | 'openDiff' | 'openLog' | 'reassign' | 'edit' | 'retry' | 'skip' | 'accept';

/** The facts about a task its actions depend on. */
export interface TaskActionFacts {
  /** The board's status, or the engine's `waiting` (a parked task), which the trees name as it is. */
  status: BoardTaskStatus | 'waiting';
  /** Attempts started: a log exists. */
  attempts: number;
  /** It has a handoff package to read (in review, or handed off). */
  handoff: boolean;
  /** Its changes can be shown against its base (a worktree with a base, or a commit). */
  diff: boolean;
  /** An attempt left work of its own that a person may accept as it is. */
  acceptable: boolean;
  /** One of its agents asked a person a question nobody has answered yet. */
  answerable?: boolean;
}

/** Menu title and the VS Code command of each action, in menu order. */
export const TASK_ACTIONS: Readonly<Record<TaskActionId, { title: string; command: string }>> = {
  answer: { title: "Answer an Agent's Question", command: 'baton.inbox.answer' },
  openReview: { title: 'Open Handoff', command: 'baton.openTaskHandoff' },
  openDiff: { title: 'Open Changes', command: 'baton.openTaskDiff' },
  openLog: { title: 'Open Task Log', command: 'baton.openTaskLog' },
  reassign: { title: 'Hand to Another Member…', command: 'baton.reassignTask' },
  edit: { title: 'Edit Task', command: 'baton.editTask' },
  retry: { title: 'Retry Task', command: 'baton.retryTask' },
  skip: { title: 'Skip Task…', command: 'baton.skipTask' },
  accept: { title: 'Accept Last Attempt as Is…', command: 'baton.acceptTask' },
};

export const TASK_ACTION_IDS = Object.keys(TASK_ACTIONS) as readonly TaskActionId[];

/** Not running and not finished: a person may hand it over or skip it. */
const OPEN: ReadonlySet<TaskActionFacts['status']> = new Set(['planning', 'ready', 'failed', 'blocked', 'cancelled', 'review']);
const ENDED: ReadonlySet<TaskActionFacts['status']> = new Set(['failed', 'blocked', 'cancelled']);

/** The actions that apply to a task now, in menu order. */
export function taskActions(f: TaskActionFacts): TaskActionId[] {
  const out: TaskActionId[] = [];
  // What waits for the person first: an agent of the task waits for their answer.
  if (f.answerable) out.push('answer');
  if (f.handoff) out.push('openReview');
  if (f.diff) out.push('openDiff');
  if (f.attempts > 0) out.push('openLog');
  if (OPEN.has(f.status)) out.push('reassign');
  out.push('edit');
  if (ENDED.has(f.status)) out.push('retry');
  if (OPEN.has(f.status)) out.push('skip');
  if (f.acceptable && (ENDED.has(f.status) || f.status === 'ready')) out.push('accept');
  return out;
}

/**
 * `baton:task+<status>` then one flag per applicable action (`+openReview+openLog+retry…`),
 * then the caller's extra flags (`+worktree`, `+here`). Menus match `\+<action>(\+|$)`.
 */
export function taskContextValue(f: TaskActionFacts, extra: readonly string[] = []): string {
  return ['baton:task', f.status, ...taskActions(f), ...extra].join('+');
}

/** The `when` clause fragment that matches a context value offering `action`. */
export function actionRegex(action: TaskActionId): RegExp {
  return new RegExp(`^baton:task\\+.*\\+${action}(\\+|$)`);
}
