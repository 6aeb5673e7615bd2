import type { Task } from '../model/workspace';
import type { Scheduler } from '../scheduler/schedulingPolicy';
import { recoverInterruptedAttempts } from './crashRecovery';
import { finishRun, stopRun, type RunOutcome } from './runCompletion';
import { log, type RunContext } from './runContext';
import { restoreScheduler } from './schedulerRestore';
import { runSyncBarrier } from './syncBarrier';
import { runTaskAttempt } from './taskAttempt';

/**
 * The dispatch loop: asks the scheduling policy what may start, starts it, and reacts to what
 * the journal says happened. Policy lives in the scheduler, process handling in the runners,
 * durability in the store; this file only sequences them.
 *
 * Safety: every state change is journalled before it is acted on, and the scheduler is only
 * told about an outcome after the journal has it, so a crash at any instant replays to a state
 * the loop can continue from.
 */
export class Orchestrator {
  readonly #ctx: RunContext;
  readonly #scheduler: Scheduler;
  readonly #running = new Map<string, Promise<void>>();
  readonly #controllers = new Map<string, AbortController>();
  readonly #started = new Map<string, number>();

  constructor(ctx: RunContext, scheduler: Scheduler) {
    this.#ctx = ctx;
    this.#scheduler = scheduler;
  }

  /** Runs until every task is settled, or `signal` asks to stop (`cancel()` true: cancel, else pause). */
  async run(signal: AbortSignal, cancelRequested: () => boolean = () => false): Promise<RunOutcome> {
    const ctx = this.#ctx;
    // 1. Finish attempts a previous engine left running, then rebuild the policy from the journal.
    if ((await recoverInterruptedAttempts(ctx)) > 0) log(ctx, 'recovered the attempts the previous engine left running');
    restoreScheduler(this.#scheduler, ctx);
    for (;;) {
      // 2. A stop request, or another process took the lease: stop agents, keep everything resumable.
      if (signal.aborted || ctx.store.leaseLost?.aborted) return stopRun(ctx, [...this.#controllers.values()], [...this.#running.values()], cancelRequested());
      // 3. Seal tasks whose fate is decided: upstream failed or blocked, every dependency skipped.
      await this.#settle();
      // 4. Start everything the policy allows now.
      for (const assignment of this.#scheduler.next(ctx.now())) this.#start(assignment.taskId, assignment.agent, assignment.team);
      // 5. Nothing running and nothing due: the sprint is as finished as it can get.
      const wakeAt = this.#scheduler.nextWakeAt();
      if (this.#running.size === 0 && wakeAt === undefined) return finishRun(ctx);
      // 6. Wait for an attempt to settle, a retry to come due, or a stop request.
      await this.#waitForChange(signal, wakeAt);
    }
  }

  #start(taskId: string, agent: string, team: string | undefined): void {
    const ctx = this.#ctx;
    const task = ctx.tasks.get(taskId)!;
    this.#scheduler.markRunning(taskId, agent, team);
    const controller = new AbortController();
    this.#controllers.set(taskId, controller);
    this.#started.set(taskId, ctx.now());
    const work = task.kind === 'sync' ? runSyncBarrier(ctx, task) : runTaskAttempt(ctx, task, agent, controller.signal);
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

  /** Tells the policy what the journal now says about the task. */
  async #afterAttempt(task: Task, signal: AbortSignal): Promise<void> {
    this.#running.delete(task.id);
    this.#controllers.delete(task.id);
    if (signal.aborted) return; // stopping: the journal keeps the attempt as running, resume recovers it
    const t = this.#ctx.store.state.tasks.get(task.id);
    const details = { durationMs: this.#ctx.now() - (this.#started.get(task.id) ?? this.#ctx.now()), ...(t?.agent ? { agent: t.agent } : {}) };
    switch (t?.status) {
      case 'done':
        this.#scheduler.markFinished(task.id, 'done', details);
        await this.#skipBranchesNotTaken(task.id);
        return;
      case 'ready':
        this.#scheduler.requeue(task.id, details);
        if (t.retryAt) this.#scheduler.hold(task.id, Date.parse(t.retryAt));
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
