import * as vscode from 'vscode';
import type { EngineEvent } from '../../../engine/state/events';
import type { TaskRunStatus } from '../../../engine/state/runState';
import type { BatonWorkspace } from '../../batonWorkspace';
import { VIEWS } from '../../commandIds';
import { DisposableStore } from '../../lifecycle';
import { SprintNode } from './sprintNode';
import { groupTasks, taskStatus, type SprintsModel } from './sprintsModel';
import { StatusGroupNode } from './statusGroupNode';
import { TaskNode } from './taskNode';
import { ResultNode } from './resultNode';
import type { BoardResult } from '../../../shared/boardTypes';
import { readResult } from '../../result/readResult';

export type SprintsTreeNode = SprintNode | ResultNode | StatusGroupNode | TaskNode;

interface ResultEntry {
  runId: string | undefined;
  value: BoardResult | undefined;
  reading?: Promise<void>;
}

const TICK_MS = 1000;

/**
 * The Sprints view: sprint → tasks grouped by status. Nodes are kept by id so an engine event
 * refreshes exactly the node it changed: a task that stays in its group refreshes alone; one
 * that moves refreshes its sprint (the groups, their counts and the progress all change); run
 * events refresh the sprints, whose actions depend on whether any run is going.
 */
export class SprintsProvider implements vscode.TreeDataProvider<SprintsTreeNode>, vscode.Disposable {
  readonly #ws: BatonWorkspace;
  readonly #store = new DisposableStore();
  readonly #changed = this.#store.add(new vscode.EventEmitter<SprintsTreeNode | undefined>());
  readonly onDidChangeTreeData = this.#changed.event;
  readonly view: vscode.TreeView<SprintsTreeNode>;
  readonly #nodes = new Map<string, SprintsTreeNode>();
  /** The status each task was drawn with, to tell a move between groups from an in-place change. */
  readonly #drawn = new Map<string, TaskRunStatus>();
  #timer: NodeJS.Timeout | undefined;
  /** The completed run's integration branch, read with git once per run (and after result actions). */
  #result: ResultEntry | undefined;

  constructor(ws: BatonWorkspace) {
    this.#ws = ws;
    this.view = this.#store.add(vscode.window.createTreeView(VIEWS.sprints, { treeDataProvider: this, showCollapseAll: true }));
    this.#store.add(ws.onDidReload(() => this.refresh()));
    this.#store.add(ws.onDidChangeRunner(() => this.#runnerChanged()));
    this.#store.add(ws.onEvent((e) => this.#onEvent(e)));
    this.#store.add(this.view.onDidChangeVisibility(() => this.#tick()));
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#store.add({ dispose: () => clearInterval(this.#timer) });
  }

  refresh(): void {
    this.#drawn.clear();
    this.#result = undefined;
    this.#changed.fire(undefined);
  }

  /** Reads the completed run's result again (after a checkout, merge or push) and redraws it. */
  refreshResult(): void {
    this.#result = undefined;
    const node = this.#nodes.get(`result:${this.#ws.current?.run.sprint ?? ''}`);
    if (node) this.#readResult(node as ResultNode);
  }

  /** The result the tree shows now (for the test API). */
  get result(): BoardResult | undefined {
    return this.#result?.value;
  }

  #readResult(node: ResultNode): void {
    const session = this.#ws.current;
    if (!session || !vscode.workspace.isTrusted) return;
    const runId = session.run.runId;
    if (this.#result?.runId === runId) return;
    const entry: ResultEntry = { runId, value: undefined };
    this.#result = entry;
    entry.reading = readResult(session).then((value) => {
      if (this.#result !== entry) return;
      entry.value = value;
      this.#changed.fire(node);
    }, () => undefined);
  }

  model(): SprintsModel | undefined {
    const session = this.#ws.current;
    const load = session?.workspace;
    if (!session || !load) return undefined;
    return { workspace: load.workspace, run: session.run, runningHere: this.#ws.runningHere, runningElsewhere: this.#ws.runningElsewhere !== undefined, now: Date.now() };
  }

  getTreeItem(node: SprintsTreeNode): vscode.TreeItem {
    const model = this.model();
    if (!model) return new vscode.TreeItem('…');
    if (node instanceof SprintNode) return node.toTreeItem(model, this.#ws.observingText);
    if (node instanceof ResultNode) {
      this.#readResult(node);
      return node.toTreeItem(this.#result?.value);
    }
    if (node instanceof StatusGroupNode) {
      const sprint = model.workspace.sprints.get(node.sprintId);
      return node.toTreeItem(sprint ? sprint.tasks.filter((t) => taskStatus(model, sprint.id, t.id) === node.status).length : 0);
    }
    if (model.run.sprint === node.sprintId) this.#drawn.set(node.taskId, taskStatus(model, node.sprintId, node.taskId));
    return node.toTreeItem(model);
  }

  async getChildren(node?: SprintsTreeNode): Promise<SprintsTreeNode[]> {
    if (!node) {
      await this.#ws.session();
      this.#updateMessage();
      const model = this.model();
      return model ? [...model.workspace.sprints.keys()].map((id) => this.#node(`sprint:${id}`, () => new SprintNode(id))) : [];
    }
    const model = this.model();
    const sprint = model?.workspace.sprints.get(node.sprintId);
    if (!model || !sprint) return [];
    if (node instanceof SprintNode) {
      const groups = groupTasks(model, sprint).map((g) => this.#node(`group:${sprint.id}:${g.status}`, () => new StatusGroupNode(sprint.id, g.status)));
      const completed = model.run.sprint === sprint.id && model.run.status === 'completed' && vscode.workspace.isTrusted;
      return completed ? [this.#node(`result:${sprint.id}`, () => new ResultNode(sprint.id)), ...groups] : groups;
    }
    if (node instanceof StatusGroupNode) {
      return sprint.tasks
        .filter((t) => taskStatus(model, sprint.id, t.id) === node.status)
        .map((t) => this.#node(`task:${sprint.id}:${t.id}`, () => new TaskNode(sprint.id, t.id)));
    }
    return [];
  }

  getParent(node: SprintsTreeNode): SprintsTreeNode | undefined {
    if (node instanceof SprintNode) return undefined;
    if (node instanceof StatusGroupNode || node instanceof ResultNode) return this.#nodes.get(`sprint:${node.sprintId}`);
    const model = this.model();
    return model ? this.#nodes.get(`group:${node.sprintId}:${taskStatus(model, node.sprintId, node.taskId)}`) : undefined;
  }

  /** The node of a task, when it has been drawn (for reveal and for tests). */
  taskNode(sprintId: string, taskId: string): TaskNode | undefined {
    const node = this.#nodes.get(`task:${sprintId}:${taskId}`);
    return node instanceof TaskNode ? node : undefined;
  }

  #node<T extends SprintsTreeNode>(key: string, create: () => T): T {
    let node = this.#nodes.get(key) as T | undefined;
    if (!node) this.#nodes.set(key, (node = create()));
    return node;
  }

  #onEvent(e: EngineEvent): void {
    const sprintId = this.#ws.current?.run.sprint;
    if (e.type.startsWith('run:')) {
      // Every sprint's actions depend on whether some run is unfinished.
      if (e.type === 'run:started') this.#drawn.clear();
      if (e.type === 'run:started' || e.type === 'run:completed') this.#result = undefined;
      this.#changed.fire(undefined);
      if (e.type === 'run:started') this.#expand(e.sprint);
      return;
    }
    if (!('task' in e) || !sprintId) return;
    const model = this.model();
    if (!model) return;
    const sprintNode = this.#nodes.get(`sprint:${sprintId}`);
    const taskNode = this.#nodes.get(`task:${sprintId}:${e.task}`);
    const drawn = this.#drawn.get(e.task);
    const now = taskStatus(model, sprintId, e.task);
    if (drawn !== undefined && drawn === now && taskNode) this.#changed.fire(taskNode);
    else if (sprintNode) this.#changed.fire(sprintNode);
    else this.#changed.fire(undefined);
  }

  /** A sprint that starts running opens, whatever state its node was left in. */
  #expand(sprintId: string): void {
    const node = this.#nodes.get(`sprint:${sprintId}`);
    if (!node || !this.view.visible) return;
    this.view.reveal(node, { expand: true, select: false, focus: false }).then(undefined, () => undefined);
  }

  #runnerChanged(): void {
    this.#updateMessage();
    const sprintId = this.#ws.current?.run.sprint;
    const node = sprintId ? this.#nodes.get(`sprint:${sprintId}`) : undefined;
    this.#changed.fire(node);
  }

  #updateMessage(): void {
    const model = this.model();
    const observing = this.#ws.observingText;
    this.view.message = observing && model?.run.sprint ? `${model.run.sprint}: ${observing}` : undefined;
  }

  /** Elapsed times of running tasks move every second; only those nodes are redrawn. */
  #tick(): void {
    if (!this.view.visible) return;
    const run = this.#ws.current?.run;
    if (!run?.sprint || run.status !== 'active') return;
    for (const [id, t] of run.tasks) {
      if (t.status !== 'running') continue;
      const node = this.#nodes.get(`task:${run.sprint}:${id}`);
      if (node) this.#changed.fire(node);
    }
  }

  dispose(): void {
    this.#store.dispose();
  }
}
