import * as vscode from 'vscode';
import { COMMANDS } from '../../commandIds';
import { shortReason } from '../sprints/taskPresentation';
import type { InboxItem } from './inboxItems';

const LOOK = {
  question: { icon: 'comment-discussion', color: 'charts.purple', label: 'Question' },
  emergency: { icon: 'flame', color: 'errorForeground', label: 'Emergency' },
  denied: { icon: 'shield', color: 'charts.red', label: 'Denied' },
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

  /** The question this node asks a person to answer, if it is one. */
  get questionId(): string | undefined {
    return this.item.question?.id;
  }

  get sprintId(): string {
    return this.item.sprint;
  }

  /**
   * `contextValue`: a task's item has the task's own (`baton:task+…`, a question's with
   * `+answer`), so the Inbox row has the task's menu; emergencies and denials `baton:inbox+<kind>`.
   */
  toTreeItem(title: string | undefined, contextValue: string): vscode.TreeItem {
    const i = this.item;
    const look = LOOK[i.kind];
    const label = i.kind === 'question' ? `${i.question?.id}: ${i.question?.text ?? ''}` : i.kind === 'denied' ? `${i.agent ?? ''} — ${i.reason ?? ''}` : title ?? i.task;
    const item = new vscode.TreeItem(`${look.label}: ${label}`, vscode.TreeItemCollapsibleState.None);
    item.id = i.kind === 'question' || i.kind === 'denied' || i.kind === 'emergency' ? `inbox:${i.key}` : `inbox:${i.kind}:${i.task}`;
    item.description = i.kind === 'question' ? `${i.agent} · ${i.task}` : i.kind === 'denied' ? i.task : i.reason ? shortReason(i.reason) : i.agent ?? '';
    item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
    item.contextValue = contextValue;
    item.tooltip = new vscode.MarkdownString().appendMarkdown(`**${look.label}** \`${i.task}\`\n\n`).appendText(i.reason ?? '');
    item.command = { command: COMMANDS.openInboxItem.id, title: COMMANDS.openInboxItem.title, arguments: [this] };
    return item;
  }
}
