/**
 * The board's host side without vscode: turns the engine session into a snapshot after
 * `ready`, engine events into batched deltas, and the webview's requests into validated
 * engine calls. `BoardPanel` wires it to a real webview; the tests wire it to a fake post.
 */
import type { Sprint, Task } from '../../engine/model/workspace';
import type { EngineEvent } from '../../engine/state/events';
import type { BoardResult, BoardSnapshot, BoardTab, BoardTask, TaskMove } from '../../shared/boardTypes';
import type { ResultActionId } from '../../shared/protocol';
import type { TaskActionId } from '../../shared/taskActions';
import type { Disposable } from '../../shared/disposable';
import type { AnyRequest, HostMessage } from '../../shared/protocol';
import {
  boardCapabilities, boardMembers, boardRun, boardStatusOf, boardTask, boardTasks, graphFacts, orphanTask, pickSprint, type GraphFacts,
} from './boardModel';
import type { BoardSession } from './boardSession';
import { usageOfRun } from '../../engine/usage/runUsage';
import { computeMetrics } from './dashboardMetrics';
import { validateMove } from './moveValidation';
import { readRunEvents, RunEventLog } from './runHistory';
import { WebviewChannel } from './webviewChannel';

/** What the board asks of its surroundings (VS Code in the panel, a fake in tests). */
export interface BoardEffects {
  openTask(file: string, line: number): void | Promise<void>;
  openReview(taskId: string): void | Promise<void>;
  /** Runs a task action's command (the same one the trees' menus run). */
  runTaskAction(action: TaskActionId, taskId: string, sprintId: string): void | Promise<void>;
  /** Runs a result action's command on the sprint. */
  runResultAction(action: ResultActionId, sprintId: string): void | Promise<void>;
  /** Reads the completed sprint's integration branch (undefined: not available here). */
  readResult?(sprintId: string): Promise<BoardResult | undefined>;
  /** Whether a worktree folder still exists (default: no). */
  worktreeExists?(path: string): boolean;
  log?(message: string): void;
  /**
   * Before a retry carries a stopped run on: keep the run's recorded rules or reload the changed
   * config files (the same modal as Retry Task); undefined when the person dismissed it.
   */
  chooseRunRules?(): Promise<{ reloadConfig?: boolean } | undefined>;
}

export interface BoardControllerOptions {
  session: BoardSession;
  post: (message: HostMessage) => unknown;
  effects: BoardEffects;
  /** Workspace Trust, asked on every retry. Default: trusted. */
  isTrusted?: () => boolean;
  now?: () => number;
  /** Task changes gathered for this long go out as one `tasksChanged` (default 50 ms). */
  flushMs?: number;
  /** Dashboard figures are recomputed at most this often (default 1000 ms). */
  metricsMs?: number;
  /** The sprint to show first; default: the current run's, else the first. */
  sprintId?: string;
  /** Reads a run's journal (default: from the workspace's state folder). */
  readHistory?: (runId: string) => Promise<EngineEvent[]>;
}

/** Who the board's decisions are journalled as. */
const REVIEWER = 'VS Code';

/** How long a retry may take to show up in the journal before its request is answered anyway. */
const RETRY_CONFIRM_MS = 5000;

export class BoardController implements Disposable {
  readonly channel: WebviewChannel;
  readonly #o: BoardControllerOptions;
  readonly #subscription: Disposable;
  readonly #log = new RunEventLog();
  readonly #changed = new Set<string>();
  #wantedSprint: string | undefined;
  #facts: { sprint: Sprint; facts: GraphFacts; byId: Map<string, Task> } | undefined;
  /** The completed run's result, read once per run (git), sent with snapshots and as `resultChanged`. */
  #result: { sprint: string; runId: string | undefined; value: BoardResult | undefined } | undefined;
  readonly #worktreeExists: (path: string) => boolean;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #metricsTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: BoardControllerOptions) {
    this.#o = options;
    this.#wantedSprint = options.sprintId;
    this.#worktreeExists = (p) => options.effects.worktreeExists?.(p) ?? false;
    this.channel = new WebviewChannel(options.post, {
      onReady: () => this.#sendSnapshot(),
      onRequest: (r) => this.#handle(r),
      log: (m) => options.effects.log?.(m),
    });
    this.#subscription = options.session.onEvent((e) => this.#onEvent(e));
    this.#loadHistory(options.session.runId);
    this.#readResult();
  }

  /** A message from the webview. */
  receive(raw: unknown): Promise<void> {
    return this.channel.receive(raw);
  }

  /** Brings a task or tab to the front (sent after the snapshot if the webview is loading). */
  reveal(options: { taskId?: string; tab?: BoardTab }): void {
    if (options.taskId === undefined && options.tab === undefined) return;
    this.channel.send({ type: 'reveal', ...options });
  }

  /** The webview was hidden and will reload: hold deltas until it is ready again. */
  webviewHidden(): void {
    this.channel.reset();
  }

  /** The snapshot the webview gets after `ready`. */
  snapshot(): BoardSnapshot {
    const { session } = this.#o;
    const load = session.workspace;
    const run = session.run;
    const sprint = pickSprint(load?.workspace, run, this.#wantedSprint);
    const base = {
      sprints: load ? [...load.workspace.sprints.values()].map((s) => ({ id: s.id, name: s.name || s.id })) : [],
      run: boardRun(run, session.runningHere),
      capabilities: this.#capabilities(),
      hostNow: new Date(this.#now()).toISOString(),
    };
    if (!load || !sprint) {
      const emptyReason = !load ? 'No Baton workspace here: add .claude/teams.yaml and a sprint.' : 'This workspace has no sprint yet: add one under .claude/sprints/.';
      return { ...base, sprint: undefined, tasks: [], members: [], criticalPath: [], metrics: undefined, emptyReason };
    }
    const { facts } = this.#factsOf(sprint);
    return {
      ...base,
      sprint: { id: sprint.id, name: sprint.name || sprint.id, file: sprint.file, estimateUnit: load.workspace.settings.estimateUnit, ...(sprint.durationDays !== undefined ? { durationDays: sprint.durationDays } : {}) },
      tasks: boardTasks(sprint, run, facts, this.#worktreeExists),
      members: boardMembers(load.workspace, sprint),
      criticalPath: [...facts.criticalPath],
      metrics: this.#metrics(sprint),
      ...this.#resultOf(sprint.id),
    };
  }

  #resultOf(sprintId: string): { result?: BoardResult } {
    const r = this.#result;
    return r && r.sprint === sprintId && r.runId === this.#o.session.run.runId && r.value ? { result: r.value } : {};
  }

  dispose(): void {
    this.#disposed = true;
    this.#subscription.dispose();
    clearTimeout(this.#flushTimer);
    clearTimeout(this.#metricsTimer);
    this.channel.dispose();
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  #sprint(): Sprint | undefined {
    return pickSprint(this.#o.session.workspace?.workspace, this.#o.session.run, this.#wantedSprint);
  }

  #factsOf(sprint: Sprint): { facts: GraphFacts; byId: Map<string, Task> } {
    if (this.#facts?.sprint !== sprint) {
      this.#facts = { sprint, facts: graphFacts(sprint.tasks), byId: new Map(sprint.tasks.map((t) => [t.id, t])) };
    }
    return this.#facts;
  }

  #capabilities() {
    return boardCapabilities({ runningHere: this.#o.session.runningHere, trusted: this.#o.isTrusted?.() ?? true });
  }

  /** Reads the integration branch once the current run completed, then tells the webview. */
  #readResult(): void {
    const run = this.#o.session.run;
    const sprint = run.sprint;
    const read = this.#o.effects.readResult;
    if (!sprint || run.status !== 'completed' || !read) return;
    if (this.#result?.sprint === sprint && this.#result.runId === run.runId) return;
    const entry: { sprint: string; runId: string | undefined; value: BoardResult | undefined } = { sprint, runId: run.runId, value: undefined };
    this.#result = entry;
    read(sprint).then((value) => {
      if (this.#result !== entry || this.#disposed) return;
      entry.value = value;
      if (value && this.#sprint()?.id === sprint) this.channel.sendIfReady({ type: 'resultChanged', result: value });
    }, (error: Error) => this.#o.effects.log?.(`board: could not read the result of ${sprint}: ${error.message}`));
  }

  #sendSnapshot(): void {
    this.#changed.clear();
    this.channel.postNow({ type: 'snapshot', snapshot: this.snapshot() });
  }

  #loadHistory(runId: string | undefined): void {
    this.#log.reset(runId);
    const workspace = this.#o.session.workspace?.workspace;
    if (runId === undefined) return;
    const read = this.#o.readHistory ?? (workspace ? (id: string) => readRunEvents(workspace, id) : undefined);
    if (!read) {
      this.#log.loaded(runId, []);
      return;
    }
    read(runId).then(
      (events) => this.#log.loaded(runId, events),
      (error: Error) => {
        this.#o.effects.log?.(`board: could not read the journal of run ${runId}: ${error.message}`);
        this.#log.loaded(runId, []);
      },
    ).finally(() => this.#scheduleMetrics());
  }

  #onEvent(e: EngineEvent): void {
    if (this.#disposed) return;
    this.#log.add(e);
    if (e.type === 'run:started') {
      // A new run replaces every task's state (and may be another sprint): start over.
      if (this.#wantedSprint === e.sprint) this.#wantedSprint = undefined;
      if (this.channel.ready) this.#sendSnapshot();
      return;
    }
    if (e.type === 'question:answered' || e.type === 'question:closed' || e.type === 'question:delivered') {
      // A question's card is its asker's.
      const asker = this.#o.session.run.team?.questions.find((q) => q.id === e.question)?.task;
      if (asker) this.#changed.add(asker);
      this.#flushTimer ??= setTimeout(() => this.#flush(), this.#o.flushMs ?? 50);
    } else if (e.type.startsWith('run:') || e.type.startsWith('emergency:')) {
      this.channel.sendIfReady({ type: 'runChanged', run: boardRun(this.#o.session.run, this.#o.session.runningHere), capabilities: this.#capabilities() });
      if (e.type === 'run:completed') this.#readResult();
    } else if ('task' in e) {
      this.#changed.add(e.task);
      this.#flushTimer ??= setTimeout(() => this.#flush(), this.#o.flushMs ?? 50);
    }
    this.#scheduleMetrics();
  }

  #flush(): void {
    this.#flushTimer = undefined;
    if (this.#disposed || this.#changed.size === 0) return;
    const ids = [...this.#changed];
    this.#changed.clear();
    const sprint = this.#sprint();
    const run = this.#o.session.run;
    if (!sprint || run.sprint !== sprint.id) return;
    const { facts, byId } = this.#factsOf(sprint);
    const tasks: BoardTask[] = [];
    for (const id of ids) {
      const state = run.tasks.get(id);
      const task = byId.get(id);
      if (task) tasks.push(boardTask(task, state, facts, run, this.#worktreeExists));
      else if (state) tasks.push(orphanTask(state));
    }
    if (tasks.length) this.channel.sendIfReady({ type: 'tasksChanged', tasks, hostNow: new Date(this.#now()).toISOString() });
  }

  #scheduleMetrics(): void {
    if (this.#metricsTimer || this.#disposed) return;
    this.#metricsTimer = setTimeout(() => {
      this.#metricsTimer = undefined;
      const sprint = this.#sprint();
      if (sprint && this.channel.ready) this.channel.sendIfReady({ type: 'metricsChanged', metrics: this.#metrics(sprint) });
    }, this.#o.metricsMs ?? 1000);
  }

  #metrics(sprint: Sprint) {
    const run = this.#o.session.run;
    if (run.sprint !== sprint.id || this.#log.loading || this.#log.runId !== run.runId) return undefined;
    const capacities = new Map<string, number>();
    const workspace = this.#o.session.workspace?.workspace;
    if (workspace) for (const m of boardMembers(workspace, sprint)) capacities.set(m.agent, (capacities.get(m.agent) ?? 0) + m.capacity);
    return computeMetrics({
      events: this.#log.events, tasks: sprint.tasks, capacities, now: this.#now(), usage: usageOfRun(run),
      ...(sprint.durationDays !== undefined ? { durationDays: sprint.durationDays } : {}),
    });
  }

  async #handle(request: AnyRequest): Promise<unknown> {
    const sprint = this.#sprint();
    switch (request.method) {
      case 'moveTask':
        return this.#move(sprint, request.params.taskId, request.params.move);
      case 'openTask': {
        const task = sprint && this.#factsOf(sprint).byId.get(request.params.taskId);
        if (!task) throw new Error(`No task ${request.params.taskId} in this sprint.`);
        await this.#o.effects.openTask(task.location.file, task.location.range.line);
        return null;
      }
      case 'openReview': {
        if (!sprint || !this.#factsOf(sprint).byId.has(request.params.taskId)) throw new Error(`No task ${request.params.taskId} in this sprint.`);
        await this.#o.effects.openReview(request.params.taskId);
        return null;
      }
      case 'taskAction': {
        if (!sprint || !this.#factsOf(sprint).byId.has(request.params.taskId)) throw new Error(`No task ${request.params.taskId} in this sprint.`);
        await this.#o.effects.runTaskAction(request.params.action, request.params.taskId, sprint.id);
        return null;
      }
      case 'resultAction': {
        if (!sprint || this.#o.session.run.sprint !== sprint.id || this.#o.session.run.status !== 'completed') throw new Error('This sprint has no completed run: its result is not there yet.');
        await this.#o.effects.runResultAction(request.params.action, sprint.id);
        return null;
      }
      case 'selectSprint': {
        if (!this.#o.session.workspace?.workspace.sprints.has(request.params.sprintId)) throw new Error(`No sprint ${request.params.sprintId}.`);
        this.#wantedSprint = request.params.sprintId;
        // After the response, so the webview sees its request succeed before the new board.
        setTimeout(() => this.#sendSnapshot(), 0);
        return null;
      }
      default:
        throw new Error(`The board does not handle ${request.method}.`);
    }
  }

  async #move(sprint: Sprint | undefined, taskId: string, move: TaskMove): Promise<null> {
    const { session } = this.#o;
    const run = session.run;
    const task = sprint && this.#factsOf(sprint).byId.get(taskId);
    if (!sprint || !task) throw new Error(`No task ${taskId} in this sprint.`);
    const state = run.sprint === sprint.id ? run.tasks.get(taskId) : undefined;
    const workspace = session.workspace?.workspace;
    const verdict = validateMove(move, {
      taskId,
      status: boardStatusOf(state?.status ?? 'planning'),
      attempts: state?.attempts ?? 0,
      ...((state?.agent ?? task.assignee) !== undefined ? { agent: state?.agent ?? task.assignee } : {}),
      ...((state?.team ?? task.team) !== undefined ? { team: state?.team ?? task.team } : {}),
      sprintRunning: run.sprint === sprint.id && (run.status === 'active' || run.status === 'paused'),
      runningHere: session.runningHere,
      trusted: this.#o.isTrusted?.() ?? true,
      members: workspace ? boardMembers(workspace, sprint) : [],
      checkReassign: (agent) => session.checkDecision({ kind: 'reassign', task: taskId, agent }),
    });
    if (!verdict.ok) throw new Error(verdict.reason);
    switch (move.kind) {
      case 'cancel':
        await session.cancelTask(taskId);
        break;
      case 'approve':
        await session.approveTask(taskId, REVIEWER);
        break;
      case 'requestChanges':
        await session.requestChanges(taskId, move.comment.trim(), REVIEWER);
        break;
      case 'reassign':
        await this.#untilTaken(taskId, session.reassignTask(taskId, move.agent, REVIEWER));
        break;
      case 'retry':
        await this.#retry(taskId);
        break;
    }
    return null;
  }

  async #retry(taskId: string): Promise<void> {
    // Carrying a stopped run on may meet config files changed since it started: the person chooses.
    const choice = this.#o.session.runningHere ? {} : await (this.#o.effects.chooseRunRules?.() ?? Promise.resolve({}));
    if (!choice) return;
    await this.#untilTaken(taskId, this.#o.session.retryTask(taskId, choice));
  }

  // A retry or reassignment that reopens the run resolves only when that run ends; answer once
  // the engine has taken it (an event for the task) or refused it (a rejection), whichever first.
  async #untilTaken(taskId: string, started: Promise<unknown>): Promise<void> {
    const refused = await new Promise<Error | undefined>((resolve) => {
      const timer = setTimeout(() => done(undefined), RETRY_CONFIRM_MS);
      const sub = this.#o.session.onEvent((e) => {
        if ('task' in e && e.task === taskId) done(undefined);
      });
      function done(error: Error | undefined): void {
        clearTimeout(timer);
        sub.dispose();
        resolve(error);
      }
      started.then(() => done(undefined), (error: unknown) => done(error instanceof Error ? error : new Error(String(error))));
    });
    if (refused) throw refused;
    started.catch((error: Error) => this.#o.effects.log?.(`board: the retried run of ${taskId} ended with an error: ${error.message}`));
  }
}
