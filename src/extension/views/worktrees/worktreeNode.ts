import * as vscode from 'vscode';
import type { WorktreeInfo } from '../../../engine/worktrees/worktreeTypes';

/** What the Worktrees view knows about one worktree besides git's view of it. */
export interface WorktreeExtras {
  agent?: string;
  /** No unfinished task of the current run owns it. */
  orphan: boolean;
  /** Its task is finished while the sprint still runs: the run removes it when it ends. */
  finished?: boolean;
}

/** One Baton worktree: task, branch, clean or dirty, commits ahead of its base. */
export class WorktreeNode {
  readonly kind = 'worktree';
  info: WorktreeInfo;
  extras: WorktreeExtras;

  constructor(info: WorktreeInfo, extras: WorktreeExtras) {
    this.info = info;
    this.extras = extras;
  }

  get path(): string {
    return this.info.path;
  }

  /** Stable text of what the node shows, to redraw only nodes that changed. */
  signature(): string {
    const i = this.info;
    return JSON.stringify([i.branch, i.sprint, i.task, i.exists, i.dirty, i.ahead, i.base, i.locked, this.extras]);
  }

  toTreeItem(): vscode.TreeItem {
    const i = this.info;
    const label = i.task ? (i.sprint ? `${i.sprint}/${i.task}` : i.task) : i.path.split(/[\\/]/).pop() ?? i.path;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `worktree:${i.path}`;
    const state = !i.exists ? 'missing' : i.dirty ? 'dirty' : 'clean';
    const parts = [i.branch ?? '(detached)', state];
    if (i.ahead !== undefined) parts.push(`↑${i.ahead}`);
    if (this.extras.agent) parts.push(this.extras.agent);
    if (this.extras.orphan) parts.push('orphan');
    if (this.extras.finished) parts.push('finished');
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      !i.exists ? 'warning' : i.dirty ? 'git-branch-changes' : 'git-branch',
      !i.exists ? new vscode.ThemeColor('charts.orange') : i.dirty ? new vscode.ThemeColor('gitDecoration.modifiedResourceForeground') : undefined,
    );
    item.resourceUri = vscode.Uri.file(i.path);
    const flags = ['baton:worktree', state];
    if (this.extras.orphan) flags.push('orphan');
    if ((i.ahead ?? 0) > 0) flags.push('ahead');
    if (i.base) flags.push('base');
    item.contextValue = flags.join('+');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${label}**\n\n`).appendText(i.path);
    md.appendMarkdown(`\n\nBranch \`${i.branch ?? 'detached'}\`${i.base ? ` · base \`${i.base.slice(0, 10)}\`` : ''} · ${state}${i.ahead !== undefined ? ` · ${i.ahead} commit(s) ahead` : ''}`);
    if (this.extras.agent) md.appendMarkdown(`\n\nAgent: \`${this.extras.agent}\``);
    if (this.extras.orphan) md.appendMarkdown('\n\nNo unfinished task owns it: **Prune Orphaned Worktrees** removes it.');
    if (this.extras.finished) md.appendMarkdown('\n\nIts task is finished; the sprint\'s run removes it when it ends (the branch stays).');
    item.tooltip = md;
    return item;
  }
}
