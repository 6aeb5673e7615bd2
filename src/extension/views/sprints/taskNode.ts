import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { runTaskOf, taskContextValue, type SprintsModel } from './sprintsModel';
import { STATUS_ICON, taskDescription, taskTooltip } from './taskPresentation';

/** One task: status icon, agent and time in the description, acceptance criteria in the tooltip. */
export class TaskNode {
  readonly kind = 'task';
  constructor(readonly sprintId: string, readonly taskId: string) {}

  toTreeItem(model: SprintsModel): vscode.TreeItem {
    const task = model.workspace.sprints.get(this.sprintId)?.tasks.find((t) => t.id === this.taskId);
    if (!task) return new vscode.TreeItem(this.taskId);
    const run = runTaskOf(model, this.sprintId, this.taskId);
    const item = new vscode.TreeItem(task.title || task.id, vscode.TreeItemCollapsibleState.None);
    item.id = `task:${this.sprintId}:${task.id}`;
    const unit = model.workspace.settings.estimateUnit;
    item.description = taskDescription(task, run, model.now, unit);
    const md = new vscode.MarkdownString(taskTooltip(task, run, unit));
    item.tooltip = md;
    const icon = STATUS_ICON[run?.status ?? 'planning'];
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = taskContextValue(model, this.sprintId, task.id, (p) => fs.existsSync(p));
    const at = task.location;
    item.command = {
      command: 'vscode.open', title: 'Go to Task',
      arguments: [vscode.Uri.file(at.file), { selection: new vscode.Range(at.range.line - 1, at.range.column - 1, at.range.line - 1, at.range.column - 1), preview: true }],
    };
    return item;
  }
}
