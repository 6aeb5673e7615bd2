import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace, WorkspaceNotFoundError } from '../config/loadWorkspace';
import { submitDecision, type PersonRequest } from '../coordination/decisionRequests';
import { diagnoseAgents, type DoctorReport } from '../doctor/agentDoctor';
import { decide, type DecisionContext, type ReviewDecision } from '../coordination/reviewDecision';
import { TaskGraph } from '../graph/taskGraph';
import { transitiveDependants } from '../graph/unblocks';
import type { LoadResult } from '../model/workspace';
import { requestCancel } from '../run/cancelMarker';
import type { EngineHost } from '../run/engineHost';
import { decideOnIdleRun } from '../run/idleDecision';
import { answerOnIdleRun } from '../run/idleAnswer';
import { personAnswerRefusal } from '../team/teamHub';
import { cancelIdleRun } from '../run/idleRunCancellation';
import { RunControl } from '../run/runControl';
import { stateDirFor } from '../run/runInspection';
import { journalResultAction, type ResultEvent } from '../result/resultJournal';
import { resumeRun, startSprint, type RunOptions, type RunResult } from '../run/sprintRunner';
import { DEFAULT_CONFIG_ROOT } from '../config/loadWorkspace';
import type { ConfigDrift } from '../config/configRecord';
import { driftFromDisk } from '../run/frozenConfig';
import { ENGINE_ACTOR, type Actor, type EngineEvent } from '../state/events';
import { readLease, type LeaseStatus } from '../state/lease';
import { isUnfinished } from '../state/runCatalog';
import type { ReadonlyRunState } from '../state/runState';
import { StateStore } from '../state/stateStore';
import type { Redactor } from '../secrets/redactor';
import type { Disposable } from '../../shared/disposable';
import { UntrustedWorkspaceError } from './untrustedWorkspaceError';

export interface EngineSessionOptions {
  root: string;
  configRoot?: string;
  host: EngineHost;
  /** Workspace Trust: while false, nothing that starts a process is allowed. Asked on every call. */
  isTrusted: () => boolean;
  /** Lease owner shown to other processes (e.g. `VS Code`). */
  owner?: string;
  /**
   * The person using this front, for the audit trail (`personActor`). Asked only when they act
   * (so a restricted window runs no git to find a name), and remembered.
   */
  identity?: () => Promise<Actor>;
}

/** What to do with config files that changed since the current run started. */
export interface ResumeChoice {
  /** Adopt the files on disk (validated again) instead of the rules the run recorded. */
  reloadConfig?: boolean;
}

/**
 * One workspace as a front sees it: its validated files, and the current run — live, whether
 * this process runs it or another one does (a CLI run, a second window). Views subscribe to
 * `onEvent`, which always comes from the journal through an observer, so they behave the same
 * either way; commands start, resume, retry, pause or cancel. The extension and the board
 * build on this; they never touch the store or the runners directly.
 */
export class EngineSession {
  readonly #o: EngineSessionOptions;
  readonly #stateDir: string;
  #observer: StateStore;
  #load: LoadResult | undefined;
  #actor: Promise<Actor> | undefined;
  #own: { stop: AbortController; cancel: boolean; control: RunControl; done: Promise<RunResult> } | undefined;
  readonly #listeners = new Set<(e: EngineEvent) => void>();
  readonly #agentListeners = new Set<(report: DoctorReport) => void>();
  #agentReport: DoctorReport | undefined;
  readonly #runListeners = new Set<(run: Promise<RunResult>) => void>();

  private constructor(options: EngineSessionOptions, observer: StateStore, load: LoadResult | undefined) {
    this.#o = options;
    this.#stateDir = stateDirFor(options.root, options.configRoot);
    this.#observer = observer;
    this.#load = load;
    observer.bus.onAny((e) => this.#emit(e));
  }

  static async open(options: EngineSessionOptions): Promise<EngineSession> {
    const stateDir = stateDirFor(options.root, options.configRoot);
    // Only a Baton workspace gets a state folder: opening any folder must not make it one.
    if (fs.existsSync(path.dirname(stateDir))) fs.mkdirSync(stateDir, { recursive: true });
    // A journal that fails verification is still shown (without the lines that fail), and said to fail.
    const observer = await StateStore.open(stateDir, {
      mode: 'observer', pollMs: 200, allowCorruptLines: true,
      ...(options.host.redactor ? { redactor: options.host.redactor } : {}),
      onProblem: (p) => {
        if (p.kind === 'corrupt-line') options.host.log?.(`run ${p.runId}: journal line ${p.line} fails verification (${p.reason}); it is left out. \`baton audit verify\` lists every change.`);
      },
    });
    return new EngineSession(options, observer, await tryLoad(options));
  }

  /** The last load of the workspace's files; undefined when it has no config folder. */
  get workspace(): LoadResult | undefined {
    return this.#load;
  }

  async reload(): Promise<LoadResult | undefined> {
    this.#load = await tryLoad(this.#o);
    return this.#load;
  }

  /** The current run's live state (empty before anything ran). */
  get run(): ReadonlyRunState {
    return this.#observer.state;
  }

  get runId(): string | undefined {
    return this.#observer.runId;
  }

  /** True while this process runs a sprint. */
  get runningHere(): boolean {
    return this.#own !== undefined;
  }

  /** The process running the workspace right now, if another one is. */
  async runningElsewhere(): Promise<LeaseStatus | undefined> {
    if (this.#own) return undefined;
    const lease = await readLease(this.#stateDir).catch(() => undefined);
    return lease?.health === 'live' ? lease : undefined;
  }

  /** The last `checkAgents` answer: which agents can run here, and why not. */
  get agentReport(): DoctorReport | undefined {
    return this.#agentReport;
  }

  /**
   * `baton doctor` for this workspace: every runner's CLI found, version supported, credentials
   * set (names only). Runs each CLI's `--version`, so only in a trusted workspace.
   */
  async checkAgents(options: { online?: boolean } = {}): Promise<DoctorReport> {
    this.#assertTrusted('Checking agents');
    const workspace = this.#load?.workspace;
    const report = workspace ? await diagnoseAgents(workspace, { env: this.#o.host.env, ...options }) : { ok: true, runners: [], agents: [] };
    this.#agentReport = report;
    for (const listener of this.#agentListeners) {
      try {
        listener(report);
      } catch (error) {
        this.#o.host.log?.(`a view failed on the agent check: ${(error as Error).message}`);
      }
    }
    return report;
  }

  /** Called with every new `checkAgents` answer. */
  onAgentsChecked(listener: (report: DoctorReport) => void): Disposable {
    this.#agentListeners.add(listener);
    return { dispose: () => this.#agentListeners.delete(listener) };
  }

  /** Every event of the current run, in journal order, whoever runs it. */
  onEvent(listener: (e: EngineEvent) => void): Disposable {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  /** Every run this process starts (a sprint, a resume, a retry, a decision that reopened it), as it starts. */
  onDidStartRun(listener: (run: Promise<RunResult>) => void): Disposable {
    this.#runListeners.add(listener);
    return { dispose: () => this.#runListeners.delete(listener) };
  }

  /** Starts a sprint in this process; resolves when it completes, stops or pauses. */
  startSprint(sprintId: string, options: { maxParallel?: number } = {}): Promise<RunResult> {
    return this.#runHere('Starting a sprint', (o) => startSprint(sprintId, { ...o, ...options }));
  }

  /** Carries the current run on, with the rules it recorded unless `reloadConfig` (see {@link configDrift}). */
  resume(choice: ResumeChoice = {}): Promise<RunResult> {
    return this.#runHere('Resuming a run', (o) => resumeRun({ ...o, ...choice }));
  }

  /**
   * Which config files differ from the rules the current run recorded when it started, or
   * undefined (no difference, no unfinished run, or a run of an earlier Baton). A front asks
   * before resuming or retrying, and lets the person choose: keep the run's rules, or reload.
   */
  async configDrift(): Promise<ConfigDrift | undefined> {
    const config = this.run.config;
    if (!config) return undefined;
    return driftFromDisk({ root: path.resolve(this.#o.root), configRoot: path.resolve(this.#o.root, this.#o.configRoot ?? DEFAULT_CONFIG_ROOT) }, config).catch(() => undefined);
  }

  /** Retries a failed, blocked or cancelled task: through the live loop, or by reopening the run here. */
  async retryTask(taskId: string, choice: ResumeChoice = {}): Promise<RunResult | undefined> {
    this.#assertTrusted('Retrying a task');
    const own = this.#own;
    if (own) {
      if (own.control.push({ kind: 'retry-task', task: taskId, actor: await this.#person() })) return undefined;
      // The loop just ended: let the run close, then reopen it with this task.
      await own.done.catch(() => undefined);
    }
    return this.#runHere('Retrying a task', (o) => resumeRun({ ...o, ...choice, retry: [taskId] }));
  }

  /** Cancels one task of the run this process is running. */
  async cancelTask(taskId: string): Promise<void> {
    if (!this.#own?.control.push({ kind: 'cancel-task', task: taskId, actor: await this.#person() })) {
      throw new Error('Only a run going in this window can cancel single tasks; cancel the run instead.');
    }
  }

  /** Approves a task waiting at the review gate: it becomes done and the tasks after it may start. */
  approveTask(taskId: string, by?: string): Promise<void> {
    return this.#decide('Approving a task', { kind: 'approve', task: taskId, ...byOf(by) }).then(() => undefined);
  }

  /** Sends a task waiting at the review gate back with a comment, which goes into its next prompt. */
  requestChanges(taskId: string, comment: string, by?: string): Promise<void> {
    return this.#decide('Requesting changes', { kind: 'request-changes', task: taskId, comment, ...byOf(by) }).then(() => undefined);
  }

  /**
   * Answers an agent's question as a person (the Inbox, `baton answer`, a host tool): through
   * the loop this window runs, the engine of another process, or the journal of an idle run.
   * A refused answer (no such question, already answered, empty) throws with the reason.
   */
  async answerQuestion(questionId: string, text: string, by?: string): Promise<void> {
    this.#assertTrusted('Answering a question');
    const refused = personAnswerRefusal(this.run.team?.questions.find((q) => q.id === questionId), questionId, text);
    if (refused) throw new Error(refused);
    const actor = await this.#person();
    const request = { kind: 'answer' as const, question: questionId, text: text.trim(), ...(by?.trim() ? { by: by.trim() } : {}), actor };
    await this.#deliver(request, () => answerOnIdleRun({ ...this.#where(), question: questionId, text, ...(request.by ? { by: request.by } : {}), actor, owner: this.#o.owner ?? 'VS Code' }));
  }

  /**
   * Hands a task to a chosen member, whose boundaries are checked against the task's files
   * first. A failed, blocked, cancelled or in-review task reopens on that member. Resolves with
   * the run's result when it reopened a stopped run in this process (like {@link retryTask}),
   * else once the decision is on its way.
   */
  reassignTask(taskId: string, agent: string, by?: string): Promise<RunResult | undefined> {
    return this.#decide('Reassigning a task', { kind: 'reassign', task: taskId, agent, ...byOf(by) });
  }

  /** Skips a task that is not running or finished; the dependants it blocked run if another dependency of theirs is done. */
  skipTask(taskId: string, by?: string): Promise<RunResult | undefined> {
    return this.#decide('Skipping a task', { kind: 'skip', task: taskId, ...byOf(by) });
  }

  /** Accepts a failed, blocked or cancelled task's last work as it is (a person's decision, journalled): it becomes done. */
  acceptTask(taskId: string, by?: string): Promise<RunResult | undefined> {
    return this.#decide('Accepting a task', { kind: 'accept', task: taskId, ...byOf(by) });
  }

  /** True when making `decision` now reopens a finished run in this process, which then runs agents here. */
  async reopensHere(decision: ReviewDecision): Promise<boolean> {
    if (this.#own || !REOPENING.has(decision.kind) || isUnfinished(this.run.status)) return false;
    return (await this.runningElsewhere()) === undefined;
  }

  /** Checks a decision against the run now, as the engine will: the reason it would be refused, or undefined. */
  checkDecision(decision: ReviewDecision): string | undefined {
    const checked = decide(this.run, decision, this.#decisionContext(decision.task));
    return 'refused' in checked ? checked.refused : undefined;
  }

  /**
   * Journals what the person did with the completed run's result (checked out, merged,
   * pushed) on that run, as theirs. The git action is done already: an engine holding the state
   * folder meanwhile makes this throw, and the front says the action was not journalled.
   */
  async recordResultAction(event: ResultEvent): Promise<void> {
    this.#assertTrusted('Recording a result action');
    const runId = this.runId;
    if (!runId) throw new Error('There is no run to journal the action on.');
    await journalResultAction({ ...this.#where(), runId, event, actor: await this.#person(), owner: this.#o.owner ?? 'VS Code' });
  }

  /** Text with the secrets of this front's environment replaced, for what a front hands on (a host tool's result goes to a model). */
  redact(text: string): string {
    return this.#o.host.redactor?.redact(text) ?? text;
  }

  /** Pauses the run this process is running (resumable). */
  pause(): void {
    this.#own?.stop.abort();
  }

  /** Cancels the current run, wherever it runs. */
  async cancelRun(): Promise<void> {
    if (this.#own) {
      this.#own.cancel = true;
      this.#own.stop.abort();
      await this.#own.done.catch(() => undefined);
      return;
    }
    const elsewhere = await this.runningElsewhere();
    if (elsewhere) {
      requestCancel(this.#stateDir);
      process.kill(elsewhere.pid, 'SIGTERM');
      return;
    }
    this.#assertTrusted('Cancelling a run');
    await cancelIdleRun({ root: this.#o.root, ...(this.#o.configRoot !== undefined ? { configRoot: this.#o.configRoot } : {}), host: { ...this.#o.host, actor: await this.#person() } });
  }

  async dispose(): Promise<void> {
    if (this.#own) {
      this.#own.stop.abort();
      await this.#own.done.catch(() => undefined);
    }
    this.#listeners.clear();
    this.#agentListeners.clear();
    await this.#observer.close();
  }

  /**
   * A decision reaches the run wherever it is: the loop this window runs (through its control
   * channel), an engine in another process (a request file it polls while tasks wait for
   * review), or, with no engine running, the journal directly (`baton resume` carries on) —
   * except that a way out of a stopped run (reassign, skip, accept) reopens it here, as a retry
   * does. Refused decisions (wrong status, no comment, unknown agent, boundaries) throw with the
   * reason.
   */
  async #decide(action: string, decision: ReviewDecision): Promise<RunResult | undefined> {
    this.#assertTrusted(action);
    // The person deciding is the actor of every event the decision causes, wherever it is journalled.
    decision = { ...decision, actor: await this.#person() };
    const refused = this.checkDecision(decision);
    if (refused) throw new Error(refused);
    const decided = decision;
    return this.#deliver(decided, async () => {
      // A way out of a stopped run reopens it here, as a retry does.
      if (REOPENING.has(decided.kind) && !isUnfinished(this.run.status)) return this.#runHere(action, (o) => resumeRun({ ...o, decisions: [decided] }));
      await decideOnIdleRun({ ...this.#where(), decision: decided, owner: this.#o.owner ?? 'VS Code' });
      return undefined;
    });
  }

  /**
   * A person's request reaches the run wherever it is: this window's loop, another process's
   * engine, or (idle) `onIdleRun`, whose result it returns.
   */
  async #deliver<T>(request: PersonRequest, onIdleRun: () => Promise<T>): Promise<T | undefined> {
    const own = this.#own;
    if (own) {
      if (own.control.push(request)) return undefined;
      await own.done.catch(() => undefined);
    }
    if (await this.runningElsewhere()) {
      submitDecision(this.#stateDir, request);
      return undefined;
    }
    return onIdleRun();
  }

  /** Where the idle-run helpers find the run, and the redactor for what they journal. */
  #where(): { root: string; configRoot?: string; redactor?: Redactor } {
    return {
      root: this.#o.root, ...(this.#o.configRoot !== undefined ? { configRoot: this.#o.configRoot } : {}),
      ...(this.#o.host.redactor ? { redactor: this.#o.host.redactor } : {}),
    };
  }

  /** The person acting through this front, asked once. */
  #person(): Promise<Actor> {
    this.#actor ??= (this.#o.identity?.() ?? Promise.resolve(this.#o.host.actor ?? ENGINE_ACTOR)).catch(() => this.#o.host.actor ?? ENGINE_ACTOR);
    return this.#actor;
  }

  #decisionContext(taskId: string): DecisionContext {
    const workspace = this.#load?.workspace;
    const sprint = workspace?.sprints.get(this.run.sprint ?? '');
    const task = sprint?.tasks.find((t) => t.id === taskId);
    const dependants = sprint ? transitiveDependants(TaskGraph.from(sprint.tasks), taskId) : [];
    // The workspace's folder inside its repository: handoffs name files from the repository root.
    const subdir = workspace ? path.relative(findRepoRoot(workspace.root) ?? workspace.root, workspace.root) : '';
    return { ...(task ? { task } : {}), ...(workspace ? { workspace } : {}), dependants, subdir };
  }

  #runHere(action: string, run: (options: RunOptions) => Promise<RunResult>): Promise<RunResult> {
    if (!this.#o.isTrusted()) return Promise.reject(new UntrustedWorkspaceError(action));
    if (this.#own) return Promise.reject(new Error('A run is already going in this window.'));
    const own = { stop: new AbortController(), cancel: false, control: new RunControl(), done: undefined as unknown as Promise<RunResult> };
    const options = async (): Promise<RunOptions> => ({
      root: this.#o.root, ...(this.#o.configRoot !== undefined ? { configRoot: this.#o.configRoot } : {}),
      host: { ...this.#o.host, actor: await this.#person() }, signal: own.stop.signal, cancelRequested: () => own.cancel, control: own.control,
      owner: this.#o.owner ?? 'VS Code',
      // A person is at hand: tasks at the review gate are waited for, not a reason to pause.
      waitForReview: true,
    });
    own.done = options().then(run).finally(() => {
      if (this.#own === own) this.#own = undefined;
    });
    this.#own = own;
    for (const listener of this.#runListeners) listener(own.done);
    return own.done;
  }

  #assertTrusted(action: string): void {
    if (!this.#o.isTrusted()) throw new UntrustedWorkspaceError(action);
  }

  #emit(e: EngineEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(e);
      } catch (error) {
        this.#o.host.log?.(`a view failed on ${e.type}: ${(error as Error).message}`);
      }
    }
  }
}

/** Decisions that are a way out of a stopped run: made on one, they reopen it. */
const REOPENING = new Set<ReviewDecision['kind']>(['reassign', 'skip', 'accept']);

function byOf(by: string | undefined): { by?: string } {
  return by?.trim() ? { by: by.trim() } : {};
}

/** The nearest folder at or above `dir` holding `.git` (a directory, or a file in a worktree). */
function findRepoRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

async function tryLoad(options: EngineSessionOptions): Promise<LoadResult | undefined> {
  try {
    return await loadWorkspace(options.root, options.configRoot !== undefined ? { configRoot: options.configRoot } : {});
  } catch (error) {
    if (WorkspaceNotFoundError.is(error)) return undefined;
    throw error;
  }
}
