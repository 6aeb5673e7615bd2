import * as vscode from 'vscode';
import type { Agent, Team } from '../../../engine/model/workspace';
import type { ReadonlyRunState } from '../../../engine/state/runState';
import { memberDescription, runningTasksOf } from './teamLoad';

/** A team's orchestrator or one of its members: load, current task, specialties. */
export class MemberNode {
  readonly kind = 'member';
  constructor(readonly teamId: string, readonly agent: string, readonly role: 'orchestrator' | 'member') {}

  /** @param problems why the agent cannot run, from the last agent check (`baton doctor`). */
  toTreeItem(team: Team, run: ReadonlyRunState, agent: Agent | undefined, problems?: readonly string[]): vscode.TreeItem {
    const item = new vscode.TreeItem(this.agent, vscode.TreeItemCollapsibleState.None);
    item.id = `member:${team.id}:${this.role}:${this.agent}`;
    const busy = runningTasksOf(run, this.agent).length > 0;
    if (this.role === 'orchestrator') {
      item.description = ['orchestrator', team.orchestrator?.model ?? agent?.model].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('star-full');
    } else {
      const member = team.members.find((m) => m.agent === this.agent);
      item.description = member ? memberDescription(run, member) : '';
      item.iconPath = new vscode.ThemeIcon(busy ? 'person-add' : 'person', busy ? new vscode.ThemeColor('charts.blue') : undefined);
    }
    if (problems?.length) item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.contextValue = `baton:member+${this.role}${busy ? '+busy' : ''}${problems?.length ? '+cannot-run' : ''}`;
    const md = new vscode.MarkdownString(`**${this.agent}**${agent?.role ? ` · ${agent.role}` : ''}`);
    if (agent?.description) md.appendMarkdown('\n\n').appendText(agent.description);
    if (agent) md.appendMarkdown(`\n\nRunner: \`${agent.runner}\`${agent.model ? ` · model \`${agent.model}\`` : ''}`);
    if (problems?.length) md.appendMarkdown('\n\n**Cannot run:**\n').appendText(problems.map((p) => `• ${p}`).join('\n'));
    item.tooltip = md;
    if (agent) item.command = { command: 'vscode.open', title: 'Open Agent', arguments: [vscode.Uri.file(agent.file)] };
    return item;
  }
}
