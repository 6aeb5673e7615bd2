import * as vscode from 'vscode';
import { inspectRepository } from '../../../engine/run/repository';
import { worktreeManager } from '../../../engine/run/sprintRunner';
import type { EngineEvent } from '../../../engine/state/events';
import type { WorktreeManager } from '../../../engine/worktrees/worktreeManager';
import type { WorktreeInfo } from '../../../engine/worktrees/worktreeTypes';
import type { BatonWorkspace } from '../../batonWorkspace';
import { VIEWS } from '../../commandIds';
import { DisposableStore } from '../../lifecycle';
import { WorktreeLister } from './worktreeLister';
import { WorktreeNode } from './worktreeNode';
import { worktreeStanding } from './worktreeStanding';

const RELIST_DEBOUNCE_MS = 400;
const POLL_MS = 2500;

/**
 * The Worktrees view. Listing runs git, and git runs hooks and config-named programs of the
 * repository, so in Restricted Mode the view lists nothing and its welcome says why. Listing
 * never takes a git lock ({@link WorktreeLister}): it runs beside agents' commits. Engine
 * events that can change a worktree relist (debounced); only nodes whose content changed are
 * redrawn, the whole list only when worktrees came or went.
 */
export class WorktreesProvider implements vscode.TreeDataProvider<WorktreeNode>, vscode.Disposable {
  readonly #ws: BatonWorkspace;
  readonly #store = new DisposableStore();
  readonly #changed = this.#store.add(new vscode.EventEmitter<WorktreeNode | WorktreeNode[] | undefined>());
  readonly onDidChangeTreeData = this.#changed.event;
  readonly view: vscode.TreeView<WorktreeNode>;
  #nodes = new Map<string, WorktreeNode>();
  #manager: { root: string; manager: WorktreeManager; lister: WorktreeLister } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #listed = false;

  constructor(ws: BatonWorkspace) {
    this.#ws = ws;
    this.view = this.#store.add(vscode.window.createTreeView(VIEWS.worktrees, { treeDataProvider: this }));
    this.#store.add(ws.onDidReload(() => {
      this.#manager = undefined;
      this.scheduleRelist();
    }));
    this.#store.add(ws.onEvent((e) => this.#onEvent(e)));
    this.#store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this.#store.add({ dispose: () => clearTimeout(this.#timer) });
    const poll = setInterval(() => this.#poll(), POLL_MS);
    this.#store.add({ dispose: () => clearInterval(poll) });
  }

  /** The manager for this workspace's repository, for commands (throws when the folder is not a git repository with a commit). */
  async manager(): Promise<WorktreeManager> {
    return (await this.#tools()).manager;
  }

  /** A fresh, lock-free listing (for commands that act on one worktree). */
  async listNow(): Promise<WorktreeInfo[]> {
    return (await this.#tools()).lister.list();
  }

  async #tools(): Promise<{ root: string; manager: WorktreeManager; lister: WorktreeLister }> {
    const load = (await this.#ws.session())?.workspace;
    if (!load) throw new Error('No Baton workspace is open.');
    if (this.#manager?.root !== load.workspace.root) {
      const repo = await inspectRepository(load.workspace.root, process.env);
      this.#manager = { root: load.workspace.root, manager: worktreeManager(load.workspace, repo, process.env), lister: new WorktreeLister(load.workspace, repo.root) };
    }
    return this.#manager;
  }

  /** Lists again and redraws everything. */
  refresh(): void {
    this.#nodes.clear();
    this.#listed = false;
    this.#changed.fire(undefined);
  }

  /** Lists again soon; redraws only what changed. */
  scheduleRelist(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#relist(), RELIST_DEBOUNCE_MS);
  }

  getTreeItem(node: WorktreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  async getChildren(node?: WorktreeNode): Promise<WorktreeNode[]> {
    if (node || !vscode.workspace.isTrusted) return [];
    if (!this.#listed) await this.#list();
    return [...this.#nodes.values()];
  }

  /** Every listed node (for the test API and commands). */
  nodes(): WorktreeNode[] {
    return [...this.#nodes.values()];
  }

  /** Lists with git; says whether worktrees came or went, and which kept ones changed. */
  async #list(): Promise<{ structural: boolean; changed: WorktreeNode[] }> {
    const session = await this.#ws.session();
    if (!session?.workspace || !vscode.workspace.isTrusted) {
      const structural = this.#nodes.size > 0;
      this.#nodes.clear();
      return { structural, changed: [] };
    }
    let infos: WorktreeInfo[];
    try {
      infos = await (await this.#tools()).lister.list();
      this.view.message = undefined;
    } catch (error) {
      this.view.message = (error as Error).message;
      infos = [];
    }
    this.#listed = true;
    const run = session.run;
    const next = new Map<string, WorktreeNode>();
    let structural = infos.length !== this.#nodes.size;
    const changed: WorktreeNode[] = [];
    for (const info of infos) {
      const agent = info.task && info.sprint === run.sprint ? run.tasks.get(info.task)?.agent : undefined;
      const standing = worktreeStanding(run, info);
      const extras = { orphan: standing === 'orphan', ...(standing === 'finished' ? { finished: true } : {}), ...(agent ? { agent } : {}) };
      const old = this.#nodes.get(info.path);
      if (!old) {
        structural = true;
        next.set(info.path, new WorktreeNode(info, extras));
        continue;
      }
      const before = old.signature();
      old.info = info;
      old.extras = extras;
      if (old.signature() !== before) changed.push(old);
      next.set(info.path, old);
    }
    this.#nodes = next;
    return { structural, changed };
  }

  async #relist(): Promise<void> {
    if (!this.#listed) return this.#changed.fire(undefined);
    const { structural, changed } = await this.#list();
    if (structural) this.#changed.fire(undefined);
    else if (changed.length) this.#changed.fire(changed);
  }

  /** Agents commit without telling the engine; while a run is going, a visible view relists now and then. */
  #poll(): void {
    const status = this.#ws.current?.run.status;
    if (this.view.visible && vscode.workspace.isTrusted && status === 'active') this.scheduleRelist();
  }

  #onEvent(e: EngineEvent): void {
    if (e.type.startsWith('worktree:') || e.type === 'task:agent-exited' || e.type === 'task:succeeded' || e.type === 'task:failed' || e.type.startsWith('run:')) {
      this.scheduleRelist();
    }
  }

  dispose(): void {
    this.#store.dispose();
  }
}
