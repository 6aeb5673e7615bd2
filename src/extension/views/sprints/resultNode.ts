import * as vscode from 'vscode';
import type { BoardResult } from '../../../shared/boardTypes';
import { resultContextValue, resultDescription } from '../../result/resultModel';

/**
 * A completed sprint's result: its integration branch, with Compare with Base, Check Out,
 * Merge into… and Push and Open Pull Request as inline actions (package.json matches
 * `baton:result+…`).
 */
export class ResultNode {
  readonly kind = 'result';
  constructor(readonly sprintId: string) {}

  toTreeItem(result: BoardResult | undefined): vscode.TreeItem {
    const item = new vscode.TreeItem('Result', vscode.TreeItemCollapsibleState.None);
    item.id = `result:${this.sprintId}`;
    item.iconPath = new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('testing.iconPassed'));
    if (!result) {
      item.description = 'reading the integration branch…';
      return item;
    }
    item.description = `${result.branch} · ${resultDescription(result)}`;
    item.contextValue = resultContextValue(result);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**The sprint's merged result** \`${result.branch}\`\n\n`);
    md.appendMarkdown(`${resultDescription(result)}${result.mergeInto ? ` · merges into \`${result.mergeInto}\`` : ''}\n\n`);
    md.appendMarkdown('$(diff) Compare with Base · $(git-branch) Check Out · $(git-merge) Merge into… ');
    if (result.remote) md.appendMarkdown(`· $(git-pull-request-create) Push to \`${result.remote.name}\` and open a ${result.remote.host === 'github' ? 'pull' : 'merge'} request`);
    item.tooltip = md;
    item.command = { command: 'baton.result.compare', title: 'Compare with Base', arguments: [{ sprintId: this.sprintId }] };
    return item;
  }
}
