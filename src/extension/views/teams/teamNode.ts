import * as vscode from 'vscode';
import type { Team } from '../../../engine/model/workspace';
import type { ReadonlyRunState } from '../../../engine/state/runState';
import { teamDescription } from './teamLoad';

/** A team from teams.yaml, with its load as running / capacity. */
export class TeamNode {
  readonly kind = 'team';
  constructor(readonly teamId: string) {}

  toTreeItem(team: Team, run: ReadonlyRunState): vscode.TreeItem {
    const item = new vscode.TreeItem(team.name || team.id, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `team:${team.id}`;
    item.description = teamDescription(run, team);
    item.iconPath = new vscode.ThemeIcon('organization');
    item.contextValue = 'baton:team';
    const md = new vscode.MarkdownString(`**${team.name || team.id}** \`${team.id}\``);
    if (team.capabilities.length) md.appendMarkdown(`\n\nCapabilities: ${team.capabilities.join(', ')}`);
    md.appendMarkdown(`\n\nReview required: ${team.requireReview ? 'yes' : 'no'} · worktrees: ${team.worktreeStrategy}`);
    if (team.maxParallelAgents !== undefined) md.appendMarkdown(` · at most ${team.maxParallelAgents} at once`);
    item.tooltip = md;
    return item;
  }
}
