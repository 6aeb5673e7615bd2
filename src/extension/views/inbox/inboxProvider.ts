import * as vscode from 'vscode';
import type { BatonWorkspace } from '../../batonWorkspace';
import { COMMANDS, VIEWS } from '../../commandIds';
import { DisposableStore } from '../../lifecycle';
import { inboxItems, inboxNotice } from './inboxItems';
import { InboxNode } from './inboxNode';

/**
 * The Inbox: what needs a human. Its count is the badge on the Baton container; an item that
 * appears while the window watches raises a notification whose action opens it. Items already
 * there when the window opened are shown, not announced.
 */
export class InboxProvider implements vscode.TreeDataProvider<InboxNode>, vscode.Disposable {
  readonly #ws: BatonWorkspace;
  readonly #store = new DisposableStore();
  readonly #changed = this.#store.add(new vscode.EventEmitter<InboxNode | InboxNode[] | undefined>());
  readonly onDidChangeTreeData = this.#changed.event;
  readonly view: vscode.TreeView<InboxNode>;
  #nodes = new Map<string, InboxNode>();
  #seen: Set<string> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(ws: BatonWorkspace) {
    this.#ws = ws;
    this.view = this.#store.add(vscode.window.createTreeView(VIEWS.inbox, { treeDataProvider: this }));
    this.#store.add(ws.onDidReload(() => this.#update()));
    this.#store.add(ws.onEvent((e) => {
      // Events come in bursts (an observer reads many lines at once): recompute once per burst.
      if (e.type.startsWith('task:') || e.type.startsWith('run:')) this.#schedule();
    }));
    this.#store.add({ dispose: () => clearTimeout(this.#timer) });
  }

  getTreeItem(node: InboxNode): vscode.TreeItem {
    const sprint = this.#ws.load?.workspace.sprints.get(node.sprintId);
    return node.toTreeItem(sprint?.tasks.find((t) => t.id === node.taskId)?.title);
  }

  async getChildren(node?: InboxNode): Promise<InboxNode[]> {
    if (node) return [];
    if (!this.#ws.current) {
      await this.#ws.session();
      this.#update();
    }
    return [...this.#nodes.values()];
  }

  nodes(): InboxNode[] {
    return [...this.#nodes.values()];
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#update(), 50);
  }

  #update(): void {
    const run = this.#ws.current?.run;
    const items = run ? inboxItems(run) : [];
    const next = new Map<string, InboxNode>();
    let changed = items.length !== this.#nodes.size;
    for (const item of items) {
      const id = item.question || item.kind === 'denied' || item.kind === 'emergency' ? item.key : `${item.kind}:${item.task}`;
      const old = this.#nodes.get(id);
      if (old && old.item.key === item.key && old.item.reason === item.reason) next.set(id, old);
      else {
        changed = true;
        next.set(id, new InboxNode(item));
      }
    }
    this.#nodes = next;
    this.view.badge = items.length ? { value: items.length, tooltip: `${items.length} item${items.length === 1 ? '' : 's'} need${items.length === 1 ? 's' : ''} you` } : undefined;
    if (changed) this.#changed.fire(undefined);
    this.#announce([...next.values()]);
  }

  #announce(nodes: InboxNode[]): void {
    const first = this.#seen === undefined;
    const seen = (this.#seen ??= new Set());
    for (const node of nodes) {
      if (seen.has(node.item.key)) continue;
      seen.add(node.item.key);
      if (first) continue;
      const message = inboxNotice(node.item);
      const show = node.item.kind === 'review' || node.item.kind === 'question' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      // A question's notification answers it in place; everything else opens.
      const actions = node.item.kind === 'question' ? ['Answer', 'Open'] : ['Open'];
      void show(message, ...actions).then((choice) => {
        if (choice === 'Answer') void vscode.commands.executeCommand(COMMANDS.answerQuestion.id, node);
        else if (choice === 'Open') void vscode.commands.executeCommand(COMMANDS.openInboxItem.id, node);
      });
    }
  }

  dispose(): void {
    this.#store.dispose();
  }
}
