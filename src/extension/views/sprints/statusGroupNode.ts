import * as vscode from 'vscode';
import type { TaskRunStatus } from '../../../engine/state/runState';
import { STATUS_ICON, STATUS_LABEL } from './taskPresentation';

const OPEN_BY_DEFAULT = new Set<TaskRunStatus>(['running', 'review', 'blocked', 'failed', 'ready', 'planning']);

/** The tasks of one sprint in one status: `Running (2)`. */
export class StatusGroupNode {
  readonly kind = 'group';
  constructor(readonly sprintId: string, readonly status: TaskRunStatus) {}

  toTreeItem(count: number): vscode.TreeItem {
    const item = new vscode.TreeItem(`${STATUS_LABEL[this.status]} (${count})`, OPEN_BY_DEFAULT.has(this.status) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${this.sprintId}:${this.status}`;
    item.contextValue = `baton:group+${this.status}`;
    const icon = STATUS_ICON[this.status];
    item.iconPath = new vscode.ThemeIcon(icon.icon.replace('~spin', ''), icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    return item;
  }
}
