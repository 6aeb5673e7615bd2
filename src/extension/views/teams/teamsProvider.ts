import * as vscode from 'vscode';
import type { EngineSession } from '../../../engine/session/engineSession';
import type { EngineEvent } from '../../../engine/state/events';
import type { BatonWorkspace } from '../../batonWorkspace';
import { VIEWS } from '../../commandIds';
import { DisposableStore } from '../../lifecycle';
import { agentProblems } from './agentHealth';
import { MemberNode } from './memberNode';
import { TeamNode } from './teamNode';

export type TeamsTreeNode = TeamNode | MemberNode;

/**
 * The Teams view: team → orchestrator and members. A task starting or ending changes the load
 * of one agent, so exactly that agent's member nodes (and their teams' totals) are redrawn.
 */
export class TeamsProvider implements vscode.TreeDataProvider<TeamsTreeNode>, vscode.Disposable {
  readonly #ws: BatonWorkspace;
  readonly #store = new DisposableStore();
  readonly #changed = this.#store.add(new vscode.EventEmitter<TeamsTreeNode | TeamsTreeNode[] | undefined>());
  readonly onDidChangeTreeData = this.#changed.event;
  readonly view: vscode.TreeView<TeamsTreeNode>;
  readonly #nodes = new Map<string, TeamsTreeNode>();
  #watched: EngineSession | undefined;

  constructor(ws: BatonWorkspace) {
    this.#ws = ws;
    this.view = this.#store.add(vscode.window.createTreeView(VIEWS.teams, { treeDataProvider: this }));
    this.#store.add(ws.onDidReload(() => this.refresh()));
    this.#store.add(ws.onEvent((e) => this.#onEvent(e)));
  }

  refresh(): void {
    this.#changed.fire(undefined);
  }

  getTreeItem(node: TeamsTreeNode): vscode.TreeItem {
    const session = this.#ws.current;
    const team = session?.workspace?.workspace.teams.get(node.teamId);
    if (!session || !team) return new vscode.TreeItem(node instanceof TeamNode ? node.teamId : node.agent);
    if (node instanceof TeamNode) return node.toTreeItem(team, session.run);
    return node.toTreeItem(team, session.run, session.workspace?.workspace.agents.get(node.agent), agentProblems(session.agentReport, node.agent));
  }

  async getChildren(node?: TeamsTreeNode): Promise<TeamsTreeNode[]> {
    const session = await this.#ws.session();
    const workspace = session?.workspace?.workspace;
    if (!workspace) return [];
    if (!node && session) this.#watchAgentChecks(session);
    if (!node) return [...workspace.teams.keys()].map((id) => this.#node(`team:${id}`, () => new TeamNode(id)));
    if (node instanceof MemberNode) return [];
    const team = workspace.teams.get(node.teamId);
    if (!team) return [];
    const out: TeamsTreeNode[] = [];
    if (team.orchestrator) out.push(this.#node(`member:${team.id}:orchestrator:${team.orchestrator.agent}`, () => new MemberNode(team.id, team.orchestrator!.agent, 'orchestrator')));
    for (const m of team.members) out.push(this.#node(`member:${team.id}:member:${m.agent}`, () => new MemberNode(team.id, m.agent, 'member')));
    return out;
  }

  /**
   * Redraws on every agent check, and runs one the first time the tree shows a session in a
   * trusted workspace, so an agent that cannot run carries its warning without a command.
   */
  #watchAgentChecks(session: EngineSession): void {
    if (this.#watched === session) return;
    this.#watched = session;
    this.#store.add(session.onAgentsChecked(() => this.refresh()));
    if (vscode.workspace.isTrusted && !session.agentReport) {
      // A failed check leaves the tree as it was; "Baton: Check agents" reports the error itself.
      session.checkAgents().catch(() => undefined);
    }
  }

  #node<T extends TeamsTreeNode>(key: string, create: () => T): T {
    let node = this.#nodes.get(key) as T | undefined;
    if (!node) this.#nodes.set(key, (node = create()));
    return node;
  }

  #onEvent(e: EngineEvent): void {
    if (e.type === 'run:started') return this.refresh();
    const agent = e.type === 'task:started' || e.type === 'task:assigned'
      ? e.agent
      : 'task' in e ? this.#ws.current?.run.tasks.get(e.task)?.agent : undefined;
    if (!agent) return;
    const changed: TeamsTreeNode[] = [];
    for (const node of this.#nodes.values()) {
      if (node instanceof MemberNode && node.agent === agent && node.role === 'member') {
        changed.push(node);
        const team = this.#nodes.get(`team:${node.teamId}`);
        if (team && !changed.includes(team)) changed.push(team);
      }
    }
    // A team node's refresh redraws its members too; members alone are enough when no team is listed.
    const teams = changed.filter((n) => n instanceof TeamNode);
    if (changed.length) this.#changed.fire(teams.length ? teams : changed);
  }

  dispose(): void {
    this.#store.dispose();
  }
}
