import * as vscode from 'vscode';
import { COMMANDS } from '../../commandIds';
import type { InboxItem } from './inboxItems';

const LOOK = {
  review: { icon: 'eye', color: 'charts.yellow', label: 'Review' },
  blocked: { icon: 'warning', color: 'charts.orange', label: 'Blocked' },
  failed: { icon: 'error', color: 'testing.iconFailed', label: 'Failed' },
} as const;

/** One thing that needs a person; clicking it opens it (the review panel, or the task on the board). */
export class InboxNode {
  readonly kind = 'inbox';
  item: InboxItem;

  constructor(item: InboxItem) {
    this.item = item;
  }

  get taskId(): string {
    return this.item.task;
  }

  get sprintId(): string {
    return this.item.sprint;
  }

  toTreeItem(title: string | undefined): vscode.TreeItem {
    const i = this.item;
    const look = LOOK[i.kind];
    const item = new vscode.TreeItem(`${look.label}: ${title ?? i.task}`, vscode.TreeItemCollapsibleState.None);
    item.id = `inbox:${i.kind}:${i.task}`;
    item.description = [i.agent, i.reason].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
    item.contextValue = `baton:inbox+${i.kind}+log`;
    item.tooltip = new vscode.MarkdownString().appendMarkdown(`**${look.label}** \`${i.task}\`\n\n`).appendText(i.reason ?? '');
    item.command = { command: COMMANDS.openInboxItem.id, title: COMMANDS.openInboxItem.title, arguments: [this] };
    return item;
  }
}
