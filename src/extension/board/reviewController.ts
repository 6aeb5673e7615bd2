/**
 * One handoff review's host side without vscode: builds the review after `ready` (package,
 * journal, diff against the task's base), refreshes it when the task's events arrive, and turns
 * Approve / Request changes / open-diff requests into engine calls and editor effects.
 */
import type { EngineEvent } from '../../engine/state/events';
import type { ReviewFile, ReviewSnapshot } from '../../shared/boardTypes';
import type { Disposable } from '../../shared/disposable';
import type { AnyRequest, HostMessage } from '../../shared/protocol';
import type { BoardSession } from './boardSession';
import { diffOf, readHandoff, reviewActions, reviewHistory, reviewSnapshot, type Handoff, type ReviewInput } from './reviewModel';
import { readRunEvents } from './runHistory';
import { WebviewChannel } from './webviewChannel';

export interface ReviewEffects {
  /** VS Code's diff editor: the file at `base` against the file in the worktree. */
  openDiff(file: ReviewFile, base: string, worktree: string): void | Promise<void>;
  /** Opens a file: absolute, or relative to the worktree (or the workspace when there is none). */
  openFile(path: string, worktree: string | undefined, line?: number): void | Promise<void>;
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
}

export class ReviewController implements Disposable {
  readonly channel: WebviewChannel;
  readonly #o: ReviewControllerOptions;
  readonly #subscription: Disposable;
  #last: { snapshot: ReviewSnapshot; worktree?: string } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: ReviewControllerOptions) {
    this.#o = options;
    this.channel = new WebviewChannel(options.post, {
      onReady: async () => this.channel.postNow({ type: 'review', review: (await this.build()).snapshot }),
      onRequest: (r) => this.#handle(r),
      log: (m) => options.effects.log?.(m),
    });
    this.#subscription = options.session.onEvent((e) => {
      if (!('task' in e) || e.task !== options.taskId) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#refresh(), 150);
    });
  }

  get taskId(): string {
    return this.#o.taskId;
  }

  receive(raw: unknown): Promise<void> {
    return this.channel.receive(raw);
  }

  webviewHidden(): void {
    this.channel.reset();
  }

  /** The review as it stands now. */
  async build(): Promise<{ snapshot: ReviewSnapshot; worktree?: string }> {
    const { session, taskId } = this.#o;
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
    const actions = reviewActions(state?.status, typeof session.approveTask === 'function', typeof session.requestChanges === 'function');
    const snapshot = reviewSnapshot({
      task, state, handoff, files, baseCommit, comments: history.comments, ...actions, ...(sprint ? { sprint: sprint.id } : {}),
    });
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

  async #handle(request: AnyRequest): Promise<unknown> {
    const { session, taskId } = this.#o;
    const asked = 'taskId' in request.params ? request.params.taskId : undefined;
    if (asked !== taskId) throw new Error(`This panel reviews ${taskId}, not ${asked ?? 'another task'}.`);
    const status = session.run.tasks.get(taskId)?.status;
    switch (request.method) {
      case 'approveTask':
      case 'requestChanges': {
        const actions = reviewActions(status, typeof session.approveTask === 'function', typeof session.requestChanges === 'function');
        const action = request.method === 'approveTask' ? actions.approve : actions.requestChanges;
        if (!action.enabled) throw new Error(action.reason);
        if (request.method === 'approveTask') await session.approveTask!(taskId, this.#o.reviewer);
        else await session.requestChanges!(taskId, request.params.comment.trim());
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
