import * as vscode from 'vscode';
import type { BatonWorkspace } from '../../batonWorkspace';
import { COMMANDS, VIEWS } from '../../commandIds';
import { ContextKeys } from '../../contextKeys';
import { DisposableStore } from '../../lifecycle';
import * as fs from 'node:fs';
import { taskContextValue } from '../sprints/sprintsModel';
import { AttentionNotice } from './attentionNotice';
import { deniedNotice, inboxItems, isAnnouncement } from './inboxItems';
import { InboxNode } from './inboxNode';

/**
 * The Inbox: what needs a human. Its count is the badge on the Baton container; an item that
 * appears while the window watches opens (or updates) the one attention notification, which
 * follows the Inbox and closes when nothing waits any more; a denied call, which waits for
 * nobody, gets a warning of its own. Items already there when the window opened are shown, not
 * announced. Task items carry their task's context value, so they have the task's menu.
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
  readonly #notice = this.#store.add(new AttentionNotice());
  #reviewWaiting = false;

  constructor(ws: BatonWorkspace) {
    this.#ws = ws;
    this.view = this.#store.add(vscode.window.createTreeView(VIEWS.inbox, { treeDataProvider: this }));
    this.#store.add(ws.onDidReload(() => this.#update()));
    this.#store.add(ws.onEvent((e) => {
      // Events come in bursts (an observer reads many lines at once): recompute once per burst.
      if (/^(task|run|question|emergency|access):/.test(e.type)) this.#schedule();
    }));
    this.#store.add({ dispose: () => clearTimeout(this.#timer) });
  }

  getTreeItem(node: InboxNode): vscode.TreeItem {
    const sprint = this.#ws.load?.workspace.sprints.get(node.sprintId);
    const run = this.#ws.current?.run;
    const model = run && this.#ws.load ? { workspace: this.#ws.load.workspace, run, runningHere: this.#ws.runningHere, runningElsewhere: this.#ws.runningElsewhere !== undefined, now: Date.now() } : undefined;
    const kind = node.item.kind;
    // A question, a review, a blocked or failed task: the task's own menu (a question's has Answer).
    const contextValue = kind === 'emergency' || kind === 'denied' ? `baton:inbox+${kind}`
      : model ? taskContextValue(model, node.sprintId, node.taskId, (p) => fs.existsSync(p)) : `baton:task+${kind === 'question' ? 'waiting+answer' : kind}`;
    return node.toTreeItem(sprint?.tasks.find((t) => t.id === node.taskId)?.title, contextValue);
  }

  /** What the attention notification says while it shows (for the test API). */
  get notice(): string | undefined {
    return this.#notice.showing;
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
    const review = items.some((i) => i.kind === 'review');
    if (review !== this.#reviewWaiting) {
      this.#reviewWaiting = review;
      void vscode.commands.executeCommand('setContext', ContextKeys.reviewWaiting, review);
    }
    this.#announce([...next.values()]);
  }

  #announce(nodes: InboxNode[]): void {
    const first = this.#seen === undefined;
    const seen = (this.#seen ??= new Set());
    let fresh = false;
    for (const node of nodes) {
      if (seen.has(node.item.key)) continue;
      seen.add(node.item.key);
      if (first) continue;
      if (isAnnouncement(node.item)) announceDenial(node);
      else fresh = true;
    }
    this.#notice.update(nodes.map((n) => n.item).filter((i) => !isAnnouncement(i)), fresh);
  }

  dispose(): void {
    this.#store.dispose();
  }
}

/** A denied call is news, not a wait: one warning, whose action opens it. */
function announceDenial(node: InboxNode): void {
  void vscode.window.showWarningMessage(deniedNotice(node.item), 'Open').then((choice) => {
    if (choice === 'Open') void vscode.commands.executeCommand(COMMANDS.openInboxItem.id, node);
  });
}
