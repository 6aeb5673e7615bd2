// One menu of what can be done to a task, wherever it appears on the board: its moves (the same
// as dragging it) and its task actions (src/shared/taskActions.ts — the commands the trees'
// menus run). The keyboard menu lists them; right-click shows VS Code's own context menu, whose
// entries package.json matches against the same context value, set on the element as the menu
// opens (`data-vscode-context`).
import type { BoardCapabilities, BoardTask } from '../../../src/shared/boardTypes';
import { TASK_ACTIONS, taskActions, taskContextValue, type TaskActionFacts, type TaskActionId } from '../../../src/shared/taskActions';
import type { MoveIntent } from './moves';

export type MenuChoice = { kind: 'move'; intent: MoveIntent } | { kind: 'action'; action: TaskActionId };

export function taskFacts(task: BoardTask): TaskActionFacts {
  return { status: task.status, attempts: task.attempts, handoff: task.handoff, diff: task.diff, acceptable: task.acceptable, answerable: task.answerable };
}

/** The menu for a task, moves first (they show on the board at once), then its actions. */
export function menuItems(task: BoardTask, caps: BoardCapabilities | undefined): { label: string; choice: MenuChoice }[] {
  const out: { label: string; choice: MenuChoice }[] = [];
  const move = (label: string, intent: MoveIntent) => out.push({ label, choice: { kind: 'move', intent } });
  if (task.status === 'review') {
    move('Approve', { kind: 'approve' });
    move('Request changes…', { kind: 'requestChanges' });
  }
  if (task.status === 'failed' || task.status === 'blocked' || task.status === 'cancelled') move('Retry', { kind: 'retry' });
  for (const action of taskActions(taskFacts(task))) {
    if (action !== 'retry') out.push({ label: TASK_ACTIONS[action].title, choice: { kind: 'action', action } });
  }
  if (caps?.cancel && (task.status === 'planning' || task.status === 'ready' || task.status === 'running')) move('Cancel task', { kind: 'cancel' });
  return out;
}

/**
 * The primary action of a double-click or Enter: answer the agent that waits for the person,
 * else read the handoff when there is one, else edit the task.
 */
export function primaryAction(task: BoardTask): TaskActionId {
  return task.answerable ? 'answer' : task.handoff ? 'openReview' : 'edit';
}

/** The `data-vscode-context` of a task: VS Code's webview context menu reads it on right-click. */
export function menuContext(task: BoardTask, caps: BoardCapabilities | undefined): string {
  return JSON.stringify({
    webviewSection: 'task', taskId: task.id, preventDefaultContextMenuItems: true,
    batonTask: taskContextValue(taskFacts(task), caps?.cancel ? ['here'] : []),
  });
}
