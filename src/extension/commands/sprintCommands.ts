import * as vscode from 'vscode';
import { hasErrors } from '../../engine/model/workspace';
import type { EngineSession, ResumeChoice } from '../../engine/session/engineSession';
import { readSettings } from '../settings';
import { report } from './registerCommands';
import { followRun } from './runProgress';
import { chooseRunRules } from './runRules';
import type { Services } from './services';
import { pickSprint, sessionOrSay } from './targets';

type SprintArg = string | { sprintId: string } | undefined;

/** Start, pause, resume and cancel: the run of the workspace's one sprint at a time. */
export function sprintCommands(s: Services) {
  return {
    async startSprint(arg?: SprintArg): Promise<void> {
      const session = await sessionOrSay(s.ws);
      if (!session || (await sayIfElsewhere(s, session))) return;
      const sprintId = await pickSprint(session, arg, 'Sprint to start');
      if (!sprintId) return;
      const load = await s.ws.reload();
      if (load && hasErrors(load.diagnostics)) {
        const problems = 'Show Problems';
        const errors = load.diagnostics.filter((d) => d.severity === 'error').length;
        const choice = await vscode.window.showErrorMessage(`Baton: the workspace has ${errors} error(s); fix them before starting ${sprintId}.`, problems);
        if (choice === problems) await vscode.commands.executeCommand('workbench.actions.view.problems');
        return;
      }
      if (session.runningHere) {
        void vscode.window.showInformationMessage(`Baton: this window is already running ${session.run.sprint}.`);
        return;
      }
      if (session.run.status === 'active' || session.run.status === 'paused') {
        const resume = 'Resume Sprint';
        const cancel = 'Cancel Sprint';
        const choice = await vscode.window.showWarningMessage(`Baton: the run of ${session.run.sprint} is unfinished (${session.run.status}). Resume it, or cancel it before starting ${sprintId}.`, resume, cancel);
        if (choice === resume) await vscode.commands.executeCommand('baton.resumeSprint');
        if (choice === cancel) await vscode.commands.executeCommand('baton.cancelSprint');
        return;
      }
      const maxParallel = readSettings(s.ws.folder).maxParallelAgents;
      const run = session.startSprint(sprintId, maxParallel !== undefined ? { maxParallel } : {});
      await followRun(s.ws, `Baton: starting sprint ${sprintId}…`, run, (e) => report('Start Sprint', e, s.output));
    },

    async pauseSprint(): Promise<void> {
      const session = await sessionOrSay(s.ws);
      if (!session) return;
      if (session.runningHere) {
        session.pause();
        void vscode.window.setStatusBarMessage(`Baton: pausing ${session.run.sprint}…`, 3000);
        return;
      }
      await s.ws.checkLease();
      const elsewhere = s.ws.runningElsewhere;
      void vscode.window.showInformationMessage(elsewhere
        ? `Baton: ${session.run.sprint} runs in ${elsewhere.owner} (pid ${elsewhere.pid}); pause it there (Ctrl+C pauses \`baton run\`), or Cancel Sprint from here.`
        : 'Baton: no sprint is running in this window.');
    },

    async resumeSprint(_arg?: SprintArg, given?: ResumeChoice): Promise<void> {
      const session = await sessionOrSay(s.ws);
      if (!session || (await sayIfElsewhere(s, session))) return;
      if (session.runningHere) {
        void vscode.window.showInformationMessage(`Baton: ${session.run.sprint} is already running in this window.`);
        return;
      }
      if (session.run.status !== 'active' && session.run.status !== 'paused') {
        void vscode.window.showInformationMessage('Baton: there is no unfinished run to resume. Start a sprint instead.');
        return;
      }
      const choice = await chooseRunRules(session, given);
      if (!choice) return;
      await followRun(s.ws, `Baton: resuming ${session.run.sprint}…`, session.resume(choice), (e) => report('Resume Sprint', e, s.output));
    },

    async cancelSprint(_arg?: SprintArg, options?: { confirmed?: boolean }): Promise<void> {
      const session = await sessionOrSay(s.ws);
      if (!session) return;
      if (session.run.status !== 'active' && session.run.status !== 'paused') {
        void vscode.window.showInformationMessage('Baton: no unfinished run to cancel.');
        return;
      }
      if (!options?.confirmed) {
        const yes = 'Cancel Run';
        const choice = await vscode.window.showWarningMessage(
          `Cancel the run of ${session.run.sprint}?`,
          { modal: true, detail: 'Running agents are stopped. Work already done stays on its branches; the run cannot be resumed.' },
          yes,
        );
        if (choice !== yes) return;
      }
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Baton: cancelling ${session.run.sprint}…` }, () => session.cancelRun());
    },
  };
}

/** Another process runs the workspace: say so, and start no second writer. */
export async function sayIfElsewhere(s: Services, session: EngineSession): Promise<boolean> {
  await s.ws.checkLease();
  const elsewhere = s.ws.runningElsewhere;
  if (!elsewhere) return false;
  void vscode.window.showInformationMessage(`Baton: ${session.run.sprint ?? 'a sprint'} is running in ${elsewhere.owner} (pid ${elsewhere.pid}). This window observes it live and does not start a second run.`);
  return true;
}
