import * as vscode from 'vscode';
import type { Sprint } from '../../../engine/model/workspace';
import { progressText, sprintContextValue, waitingForPerson, type SprintsModel } from './sprintsModel';

const RUN_ICON: Record<string, { icon: string; color?: string }> = {
  active: { icon: 'sync~spin', color: 'charts.blue' },
  paused: { icon: 'debug-pause', color: 'charts.yellow' },
  completed: { icon: 'pass-filled', color: 'testing.iconPassed' },
  stopped: { icon: 'error', color: 'testing.iconFailed' },
  cancelled: { icon: 'circle-slash' },
};

/** A sprint: its progress when it is the run's sprint, its task count otherwise. */
export class SprintNode {
  readonly kind = 'sprint';
  constructor(readonly sprintId: string) {}

  toTreeItem(model: SprintsModel, observing: string | undefined): vscode.TreeItem {
    const sprint = model.workspace.sprints.get(this.sprintId);
    if (!sprint) return new vscode.TreeItem(this.sprintId);
    const current = model.run.sprint === sprint.id;
    const item = new vscode.TreeItem(sprint.name || sprint.id, current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `sprint:${sprint.id}`;
    item.contextValue = sprintContextValue(model, sprint);
    const status = current && model.run.status !== 'idle' ? model.run.status : undefined;
    item.description = status
      ? `${progressText(model, sprint)}${status === 'active' ? '' : ` · ${status}`}`
      : `${sprint.tasks.length} task${sprint.tasks.length === 1 ? '' : 's'}`;
    const waiting = current ? waitingForPerson(model.run) : undefined;
    const icon = waiting ? { icon: 'bell-dot', color: 'charts.yellow' } : status ? RUN_ICON[status] : undefined;
    item.iconPath = new vscode.ThemeIcon(icon?.icon ?? 'milestone', icon?.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.tooltip = tooltip(sprint, current && model.run.status !== 'idle' ? observing : undefined, waiting);
    return item;
  }
}

function tooltip(sprint: Sprint, observing: string | undefined, waiting: { review: number; questions: number } | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${sprint.name || sprint.id}** \`${sprint.id}\`\n\n`);
  if (waiting?.review) md.appendMarkdown(`$(bell-dot) Nothing runs: ${waiting.review} handoff${waiting.review === 1 ? ' waits' : 's wait'} for your review (Inbox, or **Review Next Handoff**).\n\n`);
  if (waiting?.questions) md.appendMarkdown(`$(comment-discussion) ${waiting.questions} question${waiting.questions === 1 ? '' : 's'} from agents wait${waiting.questions === 1 ? 's' : ''} for your answer (Inbox, **Answer**).\n\n`);
  if (sprint.description) md.appendText(`${sprint.description}\n\n`);
  if (sprint.goals.length) md.appendMarkdown(`**Goals**\n\n${sprint.goals.map((g) => `- ${g.replace(/[\\`*_[\]<>]/g, '\\$&')}`).join('\n')}\n\n`);
  if (sprint.teams.length) md.appendMarkdown(`Teams: ${sprint.teams.map((t) => `\`${t}\``).join(', ')}\n\n`);
  if (observing) md.appendMarkdown(`$(eye) ${observing}`);
  return md;
}
