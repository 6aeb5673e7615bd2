import * as vscode from 'vscode';
import { openTaskLogTerminal } from '../taskLog/taskLogTerminal';
import { boardLink } from '../boardLink';
import { report } from './registerCommands';
import type { ResumeChoice } from '../../engine/session/engineSession';
import { followRun } from './runProgress';
import { chooseRunRules } from './runRules';
import type { Services } from './services';
import { sayIfElsewhere } from './sprintCommands';
import { pickAnyTask, pickRunTask, sessionOrSay } from './targets';

type TaskArg = string | { taskId: string; sprintId?: string } | undefined;

const RETRYABLE = ['failed', 'blocked', 'cancelled'] as const;
const CANCELLABLE = ['running', 'ready', 'planning', 'blocked'] as const;

/** Retry, cancel, run, log, board and worktree of one task. */
export function taskCommands(s: Services) {
  const retry = async (taskId: string, given?: ResumeChoice): Promise<void> => {
    const session = await sessionOrSay(s.ws);
    if (!session || (await sayIfElsewhere(s, session))) return;
    if (session.runningHere) {
      await session.retryTask(taskId); // delivered to the live loop
      return;
    }
    const choice = await chooseRunRules(session, given);
    if (!choice) return;
    const run = session.retryTask(taskId, choice).then((r) => r ?? Promise.reject(new Error('The retry did not reopen the run.')));
    await followRun(s.ws, `Baton: retrying ${taskId}…`, run, (e) => report('Retry Task', e, s.output));
  };

  return {
    async retryTask(arg?: TaskArg, given?: ResumeChoice): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const taskId = session && (await pickRunTask(session, arg, 'Task to retry', RETRYABLE));
      if (taskId) await retry(taskId, given);
    },

    async cancelTask(arg?: TaskArg): Promise<void> {
      const session = await sessionOrSay(s.ws);
      if (!session) return;
      if (!session.runningHere) {
        void vscode.window.showInformationMessage('Baton: only the window running a sprint can cancel one of its tasks. Cancel Sprint stops a run wherever it runs.');
        return;
      }
      const taskId = await pickRunTask(session, arg, 'Task to cancel', CANCELLABLE);
      if (taskId) await session.cancelTask(taskId);
    },

    /**
     * "▶ Run task": the engine runs tasks as part of their sprint, after their dependencies. So:
     * a failed, blocked or cancelled task of the current run is retried; a task of a sprint
     * that is not running starts that sprint; anything else says where the task stands.
     */
    async runTask(arg?: TaskArg, sprintArg?: string): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const target = session && (await pickAnyTask(session, arg, 'Task to run'));
      if (!session || !target) return;
      const sprintId = sprintArg ?? target.sprintId ?? [...(session.workspace?.workspace.sprints.values() ?? [])].find((sp) => sp.tasks.some((t) => t.id === target.taskId))?.id;
      const current = session.run.sprint === sprintId ? session.run.tasks.get(target.taskId) : undefined;
      if (current && (RETRYABLE as readonly string[]).includes(current.status)) return retry(target.taskId);
      if (current && (session.run.status === 'active' || session.run.status === 'paused')) {
        void vscode.window.showInformationMessage(`Baton: ${target.taskId} is ${current.status} in the run of ${sprintId}${session.run.status === 'paused' ? ' (paused: Resume Sprint carries it on)' : ''}.`);
        return;
      }
      if (!sprintId) return;
      const start = 'Start Sprint';
      const choice = await vscode.window.showInformationMessage(`Baton runs ${target.taskId} as part of sprint ${sprintId}, once its dependencies are done. Start the sprint?`, start);
      if (choice === start) await vscode.commands.executeCommand('baton.startSprint', sprintId);
    },

    async openTaskLog(arg?: TaskArg): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const taskId = session && (await pickRunTask(session, arg, 'Task whose agent output to show', undefined, (t) => t.attempts > 0));
      if (!taskId) return;
      if (!openTaskLogTerminal(s.ws, taskId)) void vscode.window.showInformationMessage(`Baton: ${taskId} has not run in the current run, so it has no log yet.`);
    },

    async openTaskOnBoard(arg?: TaskArg): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const target = session && (await pickAnyTask(session, arg, 'Task to show on the board'));
      if (session && target) boardLink.showBoard(s.context, session, { taskId: target.taskId });
    },

    async openTaskWorktree(arg?: TaskArg): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const taskId = session && (await pickRunTask(session, arg, 'Task whose worktree to open', undefined, () => true));
      const worktree = taskId ? session?.run.tasks.get(taskId)?.worktree : undefined;
      if (!worktree) {
        if (taskId) void vscode.window.showInformationMessage(`Baton: ${taskId} has no worktree now.`);
        return;
      }
      await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(worktree), { forceNewWindow: true });
    },
  };
}
