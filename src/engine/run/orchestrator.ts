import { moveToAccepted } from '../coordination/acceptedWork';
import { pendingDecisions } from '../coordination/decisionRequests';
import { readJournalKeySync } from '../state/journalKey';
import { decide, type ReviewDecision } from '../coordination/reviewDecision';
import type { Task } from '../model/workspace';
import type { Actor } from '../state/events';
import type { Scheduler } from '../scheduler/schedulingPolicy';
import { transitiveDependants } from '../graph/unblocks';
import { TaskGraph } from '../graph/taskGraph';
import { recoverInterruptedAttempts } from './crashRecovery';
import { RunControl, type ControlRequest } from './runControl';
import { finishRun, pauseForReview, stopRun, TASK_CANCELLED_BY_PERSON, type RunOutcome } from './runCompletion';
import { personOf } from './engineHost';
import { log, type RunContext } from './runContext';
import { restoreScheduler } from './schedulerRestore';
import { runSyncBarrier } from './syncBarrier';
import { runTaskAttempt } from './taskAttempt';
import { settledEmergencies, waitingVerdicts } from '../team/parking';
import { rebuildScheduler } from './schedulerRestore';

/** How often a loop with tasks at the review gate looks for decisions other processes dropped. */
const DECISION_POLL_MS = 500;

/** Options of {@link Orchestrator}. */
export interface OrchestratorOptions {
  /**
   * When nothing can run but tasks wait for review: true keeps the loop waiting for a person's
   * decision (an editor session); false pauses the run, naming them (a terminal, CI).
   */
  waitForReview?: boolean;
}

/**
 * The dispatch loop: asks the scheduling policy what may start, starts it, and reacts to what
 * the journal says happened. Policy lives in the scheduler, process handling in the runners,
 * durability in the store, coordination (evidence, handoffs, review decisions) in
 * `coordination/`; this file only sequences them.
 *
 * Safety: every state change is journalled before it is acted on, and the scheduler is only
 * told about an outcome after the journal has it, so a crash at any instant replays to a state
 * the loop can continue from.
 */
export class Orchestrator {
  readonly #ctx: RunContext;
  #scheduler: Scheduler;
  /** Where each running task's slot is counted, so a rebuilt policy counts it the same. */
  readonly #slots = new Map<string, { agent: string; team?: string }>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #controllers = new Map<string, AbortController>();
  readonly #started = new Map<string, number>();
  readonly #control: RunControl;
  /** Tasks a person cancelled while their attempt ran: journalled once the attempt has stopped. */
  readonly #cancelling = new Map<string, Actor>();
  /** Tasks waiting at the review gate. */
  readonly #reviewing = new Set<string>();
  readonly #waitForReview: boolean;

  constructor(ctx: RunContext, scheduler: Scheduler, control = new RunControl(), options: OrchestratorOptions = {}) {
    this.#ctx = ctx;
    this.#scheduler = scheduler;
    this.#control = control;
    this.#waitForReview = options.waitForReview ?? false;
  }

  /** Runs until every task is settled, or `signal` asks to stop (`cancel()` true: cancel, else pause). */
  async run(signal: AbortSignal, cancelRequested: () => boolean = () => false): Promise<RunOutcome> {
    try {
      return await this.#loop(signal, cancelRequested);
    } finally {
      this.#control.close();
    }
  }

  async #loop(signal: AbortSignal, cancelRequested: () => boolean): Promise<RunOutcome> {
    const ctx = this.#ctx;
    // Safety: the key people's requests are checked with is read once, while this engine holds
    // the lease: an agent that deletes the key file later cannot make unsigned requests count.
    const requestKey = readJournalKeySync(ctx.stateDir);
    // 1. Finish attempts a previous engine left running, then rebuild the policy from the journal.
    if ((await recoverInterruptedAttempts(ctx)) > 0) log(ctx, 'recovered the attempts the previous engine left running');
    for (const id of restoreScheduler(this.#scheduler, ctx)) this.#reviewing.add(id);
    for (;;) {
      // 2. A stop request, or another process took the lease: stop agents, keep everything resumable.
      if (signal.aborted || ctx.store.leaseLost?.aborted) return stopRun(ctx, [...this.#controllers.values()], [...this.#running.values()], cancelRequested());
      // 3. Apply people's requests — from this process, and decisions other processes dropped
      //    (each file removed only once its decision is journalled) — then seal tasks whose fate
      //    is decided (upstream failed or blocked, every dependency skipped).
      for (const request of this.#control.take()) await this.#apply(request);
      for (const pending of pendingDecisions(ctx.stateDir, (file) => log(ctx, `dropped ${file}: a request without a valid signature is not a person's (an agent may have written it)`), requestKey)) {
        await this.#apply(pending.decision);
        pending.done();
      }
      await this.#applyTeamChanges();
      await this.#settle();
      // 4. Start everything the policy allows now.
      for (const assignment of this.#scheduler.next(ctx.now())) this.#start(assignment.taskId, assignment.agent, assignment.team);
      // 5. Nothing running and nothing due: the sprint is as finished as it can get — unless
      //    tasks wait for a person, who is waited for (editor) or named in a pause (terminal).
      //    Parked tasks wait for people's answers the same way; teammates' answers are awaited.
      let wakeAt = this.#scheduler.nextWakeAt();
      const answers = ctx.team?.openPersonQuestions() ?? [];
      if (this.#running.size === 0 && wakeAt === undefined && !ctx.team?.busy) {
        const waiting = [...ctx.store.state.tasks.values()].some((t) => t.status === 'waiting');
        if (this.#reviewing.size === 0 && !waiting) return finishRun(ctx, signal, cancelRequested);
        if (!this.#waitForReview) return pauseForReview(ctx, [...this.#reviewing], answers);
      }
      if (this.#reviewing.size || answers.length) wakeAt = Math.min(wakeAt ?? Infinity, ctx.now() + DECISION_POLL_MS);
      // 6. Wait for an attempt to settle, a retry to come due, a request, or a stop request.
      await this.#waitForChange(signal, wakeAt);
    }
  }

  #start(taskId: string, agent: string, team: string | undefined): void {
    const ctx = this.#ctx;
    const task = ctx.tasks.get(taskId)!;
    this.#scheduler.markRunning(taskId, agent, team);
    this.#slots.set(taskId, { agent, ...(team !== undefined ? { team } : {}) });
    // A redirect, failover or a person's reassignment overrides the policy's pick for the
    // attempt; the slot stays counted where the policy placed it.
    const runAs = ctx.store.state.tasks.get(taskId)?.reassignedTo ?? agent;
    const controller = new AbortController();
    this.#controllers.set(taskId, controller);
    this.#started.set(taskId, ctx.now());
    const work = task.kind === 'sync' ? runSyncBarrier(ctx, task) : runTaskAttempt(ctx, task, runAs, controller.signal);
    const settled = work
      .catch((error: unknown) => this.#internalError(task, error))
      .then(() => this.#afterAttempt(task, controller.signal));
    this.#running.set(taskId, settled);
  }

  /** An unexpected failure (git, disk) blocks this task only; everything independent carries on. */
  async #internalError(task: Task, error: unknown): Promise<void> {
    const reason = `internal error: ${(error as Error).message ?? String(error)}`;
    log(this.#ctx, `${task.id}: ${reason}`);
    await this.#ctx.store.commit([{ type: 'task:blocked', task: task.id, reason }]).catch(() => undefined);
  }

  /**
   * A person's request. Cancelling a running task stops its agent first (the attempt's work
   * is rolled back by the cancellation below); retrying reopens a failed or blocked task and
   * the dependants it had blocked.
   */
  async #apply(request: ControlRequest): Promise<void> {
    const ctx = this.#ctx;
    if (request.kind === 'answer') {
      const result = await ctx.team?.answerFromPerson(request.question, request.text, request.by, request.actor);
      if (result?.refused) log(ctx, `answer to ${request.question} refused: ${result.refused}`);
      return;
    }
    const t = ctx.store.state.tasks.get(request.task);
    if (!t || !ctx.tasks.has(request.task)) return log(ctx, `ignored ${request.kind} of unknown task ${request.task}`);
    if (t.resolution) return log(ctx, `ignored ${request.kind} of ${request.task}: the integration step runs it`);
    if (request.kind !== 'cancel-task' && request.kind !== 'retry-task') return this.#decide(request);
    if (request.kind === 'cancel-task') {
      if (t.status === 'running') {
        this.#cancelling.set(request.task, request.actor ?? personOf(ctx.host));
        this.#controllers.get(request.task)?.abort();
      } else if (t.status === 'ready' || t.status === 'planning' || t.status === 'review' || t.status === 'waiting') {
        await ctx.store.commit([{ type: 'task:cancelled', task: request.task, reason: TASK_CANCELLED_BY_PERSON, actor: request.actor ?? personOf(ctx.host) }]);
        this.#scheduler.markFinished(request.task, 'cancelled');
        this.#reviewing.delete(request.task);
      }
      return;
    }
    if (t.status !== 'failed' && t.status !== 'blocked' && t.status !== 'cancelled') return log(ctx, `${request.task} is ${t.status}; only failed, blocked or cancelled tasks can be retried`);
    const graph = TaskGraph.from([...ctx.tasks.values()]);
    const reopen = [request.task, ...transitiveDependants(graph, request.task).filter((id) => ctx.store.state.tasks.get(id)?.status === 'blocked')];
    const actor = request.actor ?? personOf(ctx.host);
    await ctx.store.commit(reopen.map((task) => ({ type: 'task:ready' as const, task, actor })));
    for (const id of reopen) this.#scheduler.markReady(id);
  }

  /**
   * A person's decision, checked, journalled, then applied to the policy: the review gate's
   * verdicts, and the ways out of a task gone wrong (another member, skip, accept as is), which
   * reopen the dependants it had blocked. Accepting first puts the task's branch on the
   * accepted commit, then journals it (coordination/acceptedWork.ts says why in that order).
   */
  async #decide(decision: ReviewDecision): Promise<void> {
    const ctx = this.#ctx;
    const task = ctx.tasks.get(decision.task);
    const dependants = transitiveDependants(TaskGraph.from([...ctx.tasks.values()]), decision.task);
    const result = decide(ctx.store.state, decision, { ...(task ? { task } : {}), workspace: ctx.workspace, subdir: ctx.subdir, dependants });
    if ('refused' in result) return log(ctx, `${decision.kind} of ${decision.task} refused: ${result.refused}`);
    if (result.accepted) {
      try {
        await moveToAccepted(ctx.worktrees, ctx.repoRoot, result.accepted);
      } catch (error) {
        return log(ctx, `accepting ${decision.task} failed: ${(error as Error).message}`);
      }
    }
    await ctx.store.commit(result.events);
    this.#reviewing.delete(decision.task);
    for (const e of result.events) if (e.type === 'task:ready') this.#scheduler.markReady(e.task);
    switch (decision.kind) {
      case 'reassign':
        return;
      case 'request-changes':
        return this.#scheduler.markReady(decision.task);
      case 'skip':
        return this.#scheduler.markFinished(decision.task, 'skipped');
      default:
        // Safety: branches not taken are journalled skipped before the policy hears the analyzer
        // is done, so no wake-up in between can start one.
        await this.#skipBranchesNotTaken(decision.task);
        this.#scheduler.markFinished(decision.task, 'done');
    }
  }

  /** Cleans up after an attempt, then tells the policy what the journal now says about the task. */
  async #afterAttempt(task: Task, signal: AbortSignal): Promise<void> {
    // Safety: the task counts as running until the policy has heard how it ended, so a wake-up
    // meanwhile (an answer, a team event) can neither finish the run early nor reuse its slot.
    try {
      this.#controllers.delete(task.id);
      const cancelledBy = this.#cancelling.get(task.id);
      if (cancelledBy) {
        this.#cancelling.delete(task.id);
        await this.#cancelInterrupted(task, cancelledBy);
        return;
      }
      if (signal.aborted) return; // stopping: the journal keeps the attempt as running, resume recovers it
      await this.#react(task);
    } finally {
      this.#running.delete(task.id);
      this.#slots.delete(task.id);
    }
  }

  async #react(task: Task): Promise<void> {
    const t = this.#ctx.store.state.tasks.get(task.id);
    const details = { durationMs: this.#ctx.now() - (this.#started.get(task.id) ?? this.#ctx.now()), ...(t?.agent ? { agent: t.agent } : {}) };
    switch (t?.status) {
      case 'done':
        await this.#skipBranchesNotTaken(task.id);
        this.#scheduler.markFinished(task.id, 'done', details);
        return;
      case 'ready':
        this.#scheduler.requeue(task.id, details);
        if (t.retryAt) this.#scheduler.hold(task.id, Date.parse(t.retryAt));
        return;
      case 'review':
        // The agent is done (its slot frees); dependants wait for a person's decision.
        this.#scheduler.markInReview(task.id);
        this.#reviewing.add(task.id);
        return;
      case 'waiting':
        // Parked (a question, a fix, an emergency): its slot frees, its dependants keep waiting.
        this.#scheduler.markInReview(task.id);
        return;
      case 'failed':
      case 'blocked':
      case 'cancelled':
        this.#scheduler.markFinished(task.id, t.status, details);
        return;
      default:
        return;
    }
  }

  /** A person cancelled the task while its agent ran: roll back the partial work, journal it. */
  async #cancelInterrupted(task: Task, actor: Actor): Promise<void> {
    const t = this.#ctx.store.state.tasks.get(task.id);
    if (t?.status !== 'running') return this.#react(task); // it settled before the cancel reached it
    if (t.currentAttempt) await this.#ctx.worktrees.rollback(t.currentAttempt.worktree, t.currentAttempt.checkpoint).catch(() => undefined);
    await this.#ctx.store.commit([{ type: 'task:cancelled', task: task.id, reason: TASK_CANCELLED_BY_PERSON, actor }]);
    this.#scheduler.markFinished(task.id, 'cancelled');
  }

  /** Seed 004 pattern 7: once an analyzer reports, the branches conditioned on another outcome are skipped. */
  async #skipBranchesNotTaken(analyzerId: string): Promise<void> {
    const outcome = this.#ctx.store.state.tasks.get(analyzerId)?.outcome;
    for (const task of this.#ctx.tasks.values()) {
      if (task.condition?.task !== analyzerId || task.condition.outcomes.includes(outcome ?? '')) continue;
      const reason = outcome === undefined
        ? `${analyzerId} reported no outcome; this branch runs on ${task.condition.outcomes.join(' or ')}`
        : `${analyzerId} reported \`${outcome}\`; this branch runs on ${task.condition.outcomes.join(' or ')}`;
      await this.#ctx.store.commit([{ type: 'task:skipped', task: task.id, reason }]);
      this.#scheduler.markFinished(task.id, 'skipped');
    }
  }

  /**
   * The communication layer's news, journalled and applied: tasks added or given dependencies
   * rebuild the policy (from the journal, as a resume would); emergencies whose response is
   * done end; parked tasks whose wait is over go back to the queue, and those waiting for a
   * task that failed are blocked.
   */
  async #applyTeamChanges(): Promise<void> {
    const ctx = this.#ctx;
    if (!ctx.team) return;
    if (ctx.team.takeGraphChange()) this.#scheduler = rebuildScheduler(ctx, this.#scheduler, this.#slots);
    for (const { emergency, outcome } of settledEmergencies(ctx.store.state)) {
      await ctx.team.commit([{ type: 'emergency:resolved', emergency, outcome }]);
    }
    for (const verdict of waitingVerdicts(ctx.store.state)) {
      if (verdict.action === 'resume') {
        await ctx.team.commit([{ type: 'task:ready', task: verdict.task }]);
        this.#scheduler.markReady(verdict.task);
      } else {
        await ctx.team.commit([{ type: 'task:blocked', task: verdict.task, reason: verdict.reason }]);
        this.#scheduler.markFinished(verdict.task, 'blocked');
      }
    }
  }

  async #settle(): Promise<void> {
    for (let sealed = this.#scheduler.settle(); sealed.length > 0; sealed = this.#scheduler.settle()) {
      await this.#ctx.store.commit(sealed.map((s) => ({ type: s.outcome === 'blocked' ? 'task:blocked' as const : 'task:skipped' as const, task: s.taskId, reason: s.reason })));
      for (const s of sealed) this.#scheduler.markFinished(s.taskId, s.outcome);
    }
  }

  async #waitForChange(signal: AbortSignal, wakeAt: number | undefined): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const waits: Promise<unknown>[] = [...this.#running.values()];
    if (wakeAt !== undefined) waits.push(new Promise((r) => (timer = setTimeout(r, Math.max(0, wakeAt - this.#ctx.now())))));
    waits.push(this.#control.next());
    if (this.#ctx.team) waits.push(this.#ctx.team.changed());
    waits.push(new Promise<void>((resolve) => {
      onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#ctx.store.leaseLost?.addEventListener('abort', onAbort, { once: true });
    }));
    try {
      await Promise.race(waits);
    } finally {
      clearTimeout(timer);
      if (onAbort) {
        signal.removeEventListener('abort', onAbort);
        this.#ctx.store.leaseLost?.removeEventListener('abort', onAbort);
      }
    }
  }
}
