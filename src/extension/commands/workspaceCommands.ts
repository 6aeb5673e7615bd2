import * as vscode from 'vscode';
import type { DoctorReport } from '../../engine/doctor/agentDoctor';
import { boardLink } from '../boardLink';
import { agentReportText } from '../views/teams/agentHealth';
import { planMarkdown } from '../plan/planMarkdown';
import { initializeWorkspace, type InitializeOptions } from '../scaffold/initializeWorkspace';
import { readSettings } from '../settings';
import type { InboxNode } from '../views/inbox/inboxNode';
import type { Services } from './services';
import { pickSprint, sessionOrSay } from './targets';

export const PLAN_SCHEME = 'baton-plan';

/** Initialize, validate, refresh, output, board, plan, and the inbox's "open". */
export function workspaceCommands(s: Services, plans: Map<string, string>, onPlanChanged: (uri: vscode.Uri) => void) {
  return {
    async initializeWorkspace(options?: InitializeOptions): Promise<string[] | undefined> {
      const folder = s.ws.folder;
      if (!folder) {
        void vscode.window.showWarningMessage('Baton: open a folder first; Initialize Workspace writes its files there.');
        return undefined;
      }
      const written = await initializeWorkspace(folder, options && typeof options === 'object' ? options : {});
      await s.ws.reload();
      return written;
    },

    async validateWorkspace(): Promise<{ errors: number; warnings: number; files: number } | undefined> {
      const session = await sessionOrSay(s.ws);
      if (!session) return undefined;
      const load = await s.ws.reload();
      if (!load) return undefined;
      const errors = load.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = load.diagnostics.filter((d) => d.severity === 'warning').length;
      const summary = `Baton: ${errors} error(s), ${warnings} warning(s) in ${load.files.length} files.`;
      const problems = 'Show Problems';
      const show = errors ? vscode.window.showErrorMessage : warnings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(summary, ...(errors || warnings ? [problems] : [])).then((c) => c === problems && vscode.commands.executeCommand('workbench.actions.view.problems'));
      return { errors, warnings, files: load.files.length };
    },

    async refresh(): Promise<void> {
      await s.ws.reload();
      s.sprints.refresh();
      s.teams.refresh();
      s.worktrees.refresh();
      s.statusBar.update();
    },

    showOutput(): void {
      s.output.show();
    },

    /** `baton doctor` in the editor: the engine answers, the output channel and the Teams tree show it. */
    async checkAgents(): Promise<DoctorReport | undefined> {
      const session = await sessionOrSay(s.ws);
      if (!session) return undefined;
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Baton: checking agent CLIs…' }, () => session.checkAgents());
      s.output.appendLine(agentReportText(report));
      const blocked = report.agents.filter((a) => !a.canRun);
      if (!blocked.length) {
        void vscode.window.showInformationMessage(`Baton: all ${report.agents.length} agents can run.`);
      } else {
        const first = blocked[0]!;
        void vscode.window.showWarningMessage(`Baton: ${blocked.length} of ${report.agents.length} agents cannot run — ${first.name}: ${first.problems[0]}`, 'Show Output').then((c) => c && s.output.show());
      }
      return report;
    },

    async openBoard(options?: { taskId?: string; tab?: 'kanban' | 'graph' | 'dashboard' }): Promise<void> {
      const session = await sessionOrSay(s.ws);
      if (!session) return;
      const o = options && typeof options === 'object' && ('taskId' in options || 'tab' in options) ? options : undefined;
      boardLink.showBoard(s.context, session, o);
    },

    async showPlan(arg?: string | { sprintId: string }): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const sprintId = session && (await pickSprint(session, arg, 'Sprint to plan'));
      const sprint = sprintId ? session?.workspace?.workspace.sprints.get(sprintId) : undefined;
      if (!sprint) return;
      const settings = readSettings(s.ws.folder);
      const workers = settings.maxParallelAgents ?? sprint.maxParallel ?? session?.workspace?.workspace.settings.maxParallelAgents ?? 4;
      const uri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${sprint.id}.md` });
      plans.set(uri.toString(), planMarkdown(sprint, workers, session!.workspace!.workspace.settings.estimateUnit));
      onPlanChanged(uri);
      // The rendered preview, not the Markdown source: levels, critical path and the task table read at a glance.
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    },

    async openInboxItem(node?: InboxNode): Promise<void> {
      const session = await sessionOrSay(s.ws);
      if (!session || !node) return;
      if (node.item.kind === 'review') boardLink.showReview(s.context, session, node.taskId);
      else boardLink.showBoard(s.context, session, { taskId: node.taskId });
    },
  };
}
