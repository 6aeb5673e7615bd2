/**
 * The review surface's host side without vscode: one panel reviews one handoff at a time and
 * moves along the queue of handoffs waiting (like the PR extension's one description panel).
 * It builds the review after `ready` (package, journal, diff against the task's base), refreshes
 * it when the run changes, and turns Approve, Request changes, Approve all, Next, hand-over and
 * the task actions into engine calls and editor effects.
 */
import type { EngineEvent } from '../../engine/state/events';
import type { ReviewFile, ReviewSnapshot } from '../../shared/boardTypes';
import type { Disposable } from '../../shared/disposable';
import type { AnyRequest, HostMessage } from '../../shared/protocol';
import type { BoardSession } from './boardSession';
import type { Task } from '../../engine/model/workspace';
import { taskActions, type TaskActionId } from '../../shared/taskActions';
import { actionFacts, boardMembers } from './boardModel';
import { diffOf, readHandoff, reviewActions, reviewHistory, reviewQueue, reviewSnapshot, type Handoff, type ReviewInput } from './reviewModel';
import { readRunEvents } from './runHistory';
import { WebviewChannel } from './webviewChannel';

export interface ReviewEffects {
  /** VS Code's diff editor: the file at `base` against the file in the worktree. */
  openDiff(file: ReviewFile, base: string, worktree: string): void | Promise<void>;
  /** Opens a file: absolute, or relative to the worktree (or the workspace when there is none). */
  openFile(path: string, worktree: string | undefined, line?: number): void | Promise<void>;
  /** Runs a task action's command (the same one the trees' menus run). */
  runTaskAction?(action: TaskActionId, taskId: string, sprintId: string | undefined): void | Promise<void>;
  /** Hands the task to `agent` the way the "Hand to Another Member…" command does. */
  reassign?(taskId: string, agent: string): void | Promise<void>;
  /** Asks the person to confirm (a modal); resolves true to go ahead. Default: yes. */
  confirm?(message: string, detail: string, button: string): Promise<boolean>;
  /** The panel now reviews another task (its title follows). */
  taskChanged?(taskId: string): void;
  /** Whether a worktree folder still exists (default: no). */
  worktreeExists?(path: string): boolean;
  log?(message: string): void;
}

export interface ReviewControllerOptions {
  session: BoardSession;
  taskId: string;
  post: (message: HostMessage) => unknown;
  effects: ReviewEffects;
  /** Line counts since `base` in a worktree (default: none, so the package's diff stat or nothing). */
  diffStat?: (worktree: string, base: string) => Promise<unknown>;
  readHistory?: (runId: string) => Promise<EngineEvent[]>;
  /** Who approves (the journal's `by`). */
  reviewer?: string;
  /** Workspace Trust, asked on every build. Default: trusted. */
  isTrusted?: () => boolean;
}

export class ReviewController implements Disposable {
  readonly channel: WebviewChannel;
  readonly #o: ReviewControllerOptions;
  readonly #subscription: Disposable;
  #taskId: string;
  #last: { snapshot: ReviewSnapshot; worktree?: string } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: ReviewControllerOptions) {
    this.#o = options;
    this.#taskId = options.taskId;
    this.channel = new WebviewChannel(options.post, {
      onReady: async () => this.channel.postNow({ type: 'review', review: (await this.build()).snapshot }),
      onRequest: (r) => this.#handle(r),
      log: (m) => options.effects.log?.(m),
    });
    // Any task's change may move the queue ("3 waiting"); bursts are gathered into one rebuild.
    this.#subscription = options.session.onEvent((e) => {
      if (!('task' in e) && !e.type.startsWith('run:')) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#refresh(), 150);
    });
  }

  get taskId(): string {
    return this.#taskId;
  }

  /** Reviews another task in this same panel. */
  setTask(taskId: string): void {
    if (taskId === this.#taskId) return;
    this.#taskId = taskId;
    this.#last = undefined;
    this.#o.effects.taskChanged?.(taskId);
    void this.#refresh();
  }

  /** The run's tasks waiting for review, in the order they started waiting. */
  queue(): string[] {
    return reviewQueue(this.#o.session.run);
  }

  receive(raw: unknown): Promise<void> {
    return this.channel.receive(raw);
  }

  webviewHidden(): void {
    this.channel.reset();
  }

  /** The review as it stands now. */
  async build(): Promise<{ snapshot: ReviewSnapshot; worktree?: string }> {
    const { session } = this.#o;
    const taskId = this.#taskId;
    const run = session.run;
    const workspace = session.workspace?.workspace;
    const sprint = workspace?.sprints.get(run.sprint ?? '') ?? [...(workspace?.sprints.values() ?? [])].find((s) => s.tasks.some((t) => t.id === taskId));
    const task = sprint?.tasks.find((t) => t.id === taskId);
    if (!task) throw new Error(`No task ${taskId} in this workspace.`);
    const state = run.sprint === sprint?.id ? run.tasks.get(taskId) : undefined;
    let events: EngineEvent[] = [];
    if (run.runId !== undefined) {
      const read = this.#o.readHistory ?? (workspace ? (id: string) => readRunEvents(workspace, id) : undefined);
      events = read ? await read(run.runId).catch((e: Error) => {
        this.#o.effects.log?.(`review: could not read the journal: ${e.message}`);
        return [];
      }) : [];
    }
    const history = reviewHistory(events, taskId);
    const handoff = readHandoff(history.reviewEvent, state);
    const baseCommit = history.baseCommit ?? run.baseCommit;
    const worktree = state?.worktree;
    const files = await this.#files(handoff, worktree, baseCommit);
    const decisions = reviewActions(state?.status, this.#o.isTrusted?.() ?? true);
    const actions = state ? taskActions({ status: state.status, attempts: state.attempts, ...actionFacts(state, (p) => this.#o.effects.worktreeExists?.(p) ?? false, run) }) : ['edit' as const];
    const snapshot = reviewSnapshot({
      task, state, handoff, files, baseCommit, comments: history.comments, ...decisions, ...(sprint ? { sprint: sprint.id } : {}),
      actions, members: actions.includes('reassign') ? this.#members(task, state?.agent) : [], queue: this.queue(),
    });
    if (taskId !== this.#taskId) return this.build(); // the panel moved on while this was read
    this.#last = { snapshot, ...(worktree !== undefined ? { worktree } : {}) };
    return this.#last;
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#subscription.dispose();
    this.channel.dispose();
  }

  async #files(handoff: Handoff, worktree: string | undefined, base: string | undefined): Promise<ReviewInput['files']> {
    if (handoff.diffStat) return handoff.diffStat;
    if (!worktree || !base) return { problem: 'The task has no worktree to compare (it has not run, or its worktree was removed).' };
    if (!this.#o.diffStat) return { problem: 'Changed files are not available here.' };
    try {
      return diffOf(await this.#o.diffStat(worktree, base)) ?? { problem: 'The diff could not be read.' };
    } catch (error) {
      return { problem: `The changed files could not be listed: ${(error as Error).message}` };
    }
  }

  async #refresh(): Promise<void> {
    if (this.#disposed || !this.channel.ready) return;
    try {
      this.channel.sendIfReady({ type: 'review', review: (await this.build()).snapshot });
    } catch (error) {
      this.#o.effects.log?.(`review: ${(error as Error).message}`);
    }
  }

  /** The members of the task's team (the sprint's teams when it has none) it could go to, each checked by the engine. */
  #members(task: Task, current: string | undefined): ReviewSnapshot['members'] {
    const { session } = this.#o;
    const workspace = session.workspace?.workspace;
    const sprint = workspace?.sprints.get(session.run.sprint ?? '');
    if (!workspace) return [];
    const seen = new Set<string>();
    const out: ReviewSnapshot['members'] = [];
    for (const m of boardMembers(workspace, sprint)) {
      if (seen.has(m.agent) || m.agent === current || (task.team !== undefined && m.team !== task.team)) continue;
      seen.add(m.agent);
      const reason = session.checkDecision({ kind: 'reassign', task: task.id, agent: m.agent });
      out.push({ agent: m.agent, team: m.team, allowed: reason === undefined, ...(reason ? { reason } : {}) });
    }
    return out.sort((a, b) => Number(b.allowed) - Number(a.allowed));
  }

  async #handle(request: AnyRequest): Promise<unknown> {
    const { session } = this.#o;
    const taskId = this.#taskId;
    const asked = 'taskId' in request.params ? request.params.taskId : undefined;
    if (asked !== taskId) throw new Error(`This panel reviews ${taskId}, not ${asked ?? 'another task'}.`);
    const status = session.run.tasks.get(taskId)?.status;
    switch (request.method) {
      case 'approveTask':
      case 'requestChanges': {
        const decisions = reviewActions(status, this.#o.isTrusted?.() ?? true);
        const action = request.method === 'approveTask' ? decisions.approve : decisions.requestChanges;
        if (!action.enabled) throw new Error(action.reason ?? `Task ${taskId} is ${status ?? 'not in this run'}, not waiting for review.`);
        if (request.method === 'approveTask') await session.approveTask(taskId, this.#o.reviewer);
        else await session.requestChanges(taskId, request.params.comment.trim(), this.#o.reviewer);
        return null;
      }
      case 'reviewNext': {
        const queue = this.queue().filter((id) => id !== taskId);
        if (queue.length === 0) throw new Error('No other handoff waits for review.');
        const after = this.queue().indexOf(taskId);
        this.setTask(after >= 0 && after < queue.length ? queue[after]! : queue[0]!);
        return null;
      }
      case 'approveAll': {
        const queue = this.queue();
        if (queue.length === 0) throw new Error('No handoff waits for review.');
        const sprint = session.run.sprint ?? 'the sprint';
        const ok = await (this.#o.effects.confirm?.(`Approve all ${queue.length} handoff${queue.length === 1 ? '' : 's'} waiting in ${sprint}?`, `${queue.join(', ')} become done and the tasks after them start. Each approval is journalled as yours.`, `Approve ${queue.length}`) ?? Promise.resolve(true));
        if (!ok) return null;
        for (const id of queue) await session.approveTask(id, this.#o.reviewer);
        return null;
      }
      case 'reassignTask': {
        const refused = session.checkDecision({ kind: 'reassign', task: taskId, agent: request.params.agent });
        if (refused) throw new Error(refused);
        if (this.#o.effects.reassign) await this.#o.effects.reassign(taskId, request.params.agent);
        else await session.reassignTask(taskId, request.params.agent, this.#o.reviewer);
        return null;
      }
      case 'taskAction': {
        if (!this.#o.effects.runTaskAction) throw new Error('Task actions are not available here.');
        await this.#o.effects.runTaskAction(request.params.action, taskId, session.run.sprint);
        return null;
      }
      case 'openDiff': {
        const last = this.#last ?? (await this.build());
        const file = last.snapshot.files.find((f) => f.path === request.params.path);
        if (!file) throw new Error(`${request.params.path} is not among the task's changed files.`);
        if (!last.worktree || !last.snapshot.baseCommit) throw new Error('The task has no worktree to compare.');
        await this.#o.effects.openDiff(file, last.snapshot.baseCommit, last.worktree);
        return null;
      }
      case 'openArtifact': {
        const last = this.#last ?? (await this.build());
        const isTaskFile = request.params.path === last.snapshot.task.file;
        const allowed = isTaskFile || last.snapshot.artifacts.includes(request.params.path);
        if (!allowed) throw new Error(`${request.params.path} is not an artifact of ${taskId}.`);
        await this.#o.effects.openFile(request.params.path, isTaskFile ? undefined : last.worktree, isTaskFile ? last.snapshot.task.line : undefined);
        return null;
      }
      default:
        throw new Error(`The review panel does not handle ${request.method}.`);
    }
  }
}
