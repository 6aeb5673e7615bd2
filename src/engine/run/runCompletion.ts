import { integrateSprint } from '../coordination/mergeResolution';
import type { Actor } from '../state/events';
import { personOf } from './engineHost';
import { log, type RunContext } from './runContext';

/** How a run ended (or paused). */
export interface RunOutcome {
  status: 'completed' | 'stopped' | 'paused' | 'cancelled';
  reason?: string;
  failed: string[];
  blocked: string[];
  integrationBranch?: string;
  mergedTasks?: string[];
  /** Paused because nothing can run until a person reviews these tasks (`baton approve` / `baton reject`). */
  waitingForReview?: string[];
  /** Paused because parked tasks wait for a person's answers to these questions (`baton answer`). */
  waitingForAnswers?: string[];
}

/** The reason on a task a person cancelled alone, while its run goes on (see `RunControl`). */
export const TASK_CANCELLED_BY_PERSON = 'cancelled by a person';

const TERMINAL = new Set(['done', 'skipped', 'failed', 'blocked', 'cancelled']);
/** Tasks whose worktrees go when the run ends: nothing in them is left to inspect or merge. */
const FINISHED_CLEANLY = new Set(['done', 'skipped', 'cancelled']);

/**
 * The loop has nothing left to start. With every task done or skipped, the task branches are
 * merged in dependency order into the sprint's integration branch — a conflict there gets a
 * resolution task (coordination/mergeResolution.ts) — and the finished worktrees removed (their
 * branches stay); otherwise the run stops naming every failed and blocked task. Failed and
 * blocked tasks keep their worktrees for inspection; done ones lose theirs either way.
 */
export async function finishRun(ctx: RunContext, signal: AbortSignal = new AbortController().signal, cancelRequested: () => boolean = () => false): Promise<RunOutcome> {
  const tasks = [...ctx.store.state.tasks.values()];
  // A run cancel the previous engine journalled for the tasks but did not finish (it crashed
  // removing worktrees): finish it. Tasks a person cancelled one by one do not end the run.
  const cancelled = tasks.find((t) => t.status === 'cancelled' && t.reason !== TASK_CANCELLED_BY_PERSON);
  if (cancelled) return cancelRun(ctx, cancelled.reason ?? 'cancelled');
  // Resolution tasks are the integration's business, below: they are not the sprint's.
  const sprintTasks = tasks.filter((t) => !t.resolution);
  const failed = sprintTasks.filter((t) => t.status === 'failed').map((t) => t.id);
  const blocked = sprintTasks.filter((t) => t.status === 'blocked' || !TERMINAL.has(t.status)).map((t) => t.id);
  if (failed.length || blocked.length) {
    const reason = [failed.length ? `${failed.length} failed` : '', blocked.length ? `${blocked.length} blocked` : ''].filter(Boolean).join(', ');
    // Done tasks' branches stay (a new run can build on them); their folders would be orphans.
    await removeWorktrees(ctx, tasks.filter((t) => FINISHED_CLEANLY.has(t.status)).map((t) => t.id));
    await ctx.store.commit([{ type: 'run:stopped', reason, failed, blocked }]);
    return { status: 'stopped', reason, failed, blocked };
  }
  const result = await integrateSprint(ctx, signal);
  if (result.kind === 'interrupted') return stopRun(ctx, [], [], cancelRequested());
  if (result.kind === 'stopped') {
    await ctx.store.commit([{ type: 'run:stopped', reason: result.reason, failed: result.failed, blocked: [] }]);
    return { status: 'stopped', reason: result.reason, failed: result.failed, blocked: [], integrationBranch: result.branch };
  }
  const { mergedTasks } = result;
  // Safety: worktrees go before `run:completed`. A crash in between leaves the run unfinished,
  // so resume merges again (rebuilt from scratch) and removes the rest; the other way round a
  // crash left a completed run with orphaned worktrees that nothing would ever remove.
  await removeWorktrees(ctx, tasks.filter((t) => FINISHED_CLEANLY.has(t.status)).map((t) => t.id));
  await ctx.store.commit([{ type: 'run:completed', integrationBranch: result.branch, mergedTasks }]);
  return { status: 'completed', failed: [], blocked: [], integrationBranch: result.branch, mergedTasks };
}

/**
 * Nothing can run until a person decides on the tasks waiting at the review gate, and this run
 * does not wait for people (`baton run` in a terminal or CI): it pauses, naming them.
 * `baton approve` / `baton reject`, then `baton resume`, carry on.
 */
export async function pauseForReview(ctx: RunContext, waiting: string[], answers: string[] = []): Promise<RunOutcome> {
  const reason = [
    waiting.length ? `waiting for review: ${waiting.join(', ')}` : '',
    answers.length ? `waiting for answers: ${answers.join(', ')}` : '',
  ].filter(Boolean).join('; ');
  await ctx.store.commit([{ type: 'run:paused', reason, ...(waiting.length ? { waitingForReview: waiting } : {}), ...(answers.length ? { waitingForAnswers: answers } : {}) }]);
  return { status: 'paused', reason, failed: [], blocked: [], ...(waiting.length ? { waitingForReview: waiting } : {}), ...(answers.length ? { waitingForAnswers: answers } : {}) };
}

/**
 * A stop request: every agent is told to stop and awaited, then the run is journalled as
 * paused (resumable: the interrupted attempts are recovered on resume) or cancelled.
 */
export async function stopRun(ctx: RunContext, controllers: AbortController[], running: Promise<void>[], cancel: boolean): Promise<RunOutcome> {
  for (const c of controllers) c.abort();
  await Promise.allSettled(running);
  if (ctx.store.leaseLost?.aborted) return { status: 'paused', reason: 'another process took over this workspace', failed: [], blocked: [] };
  if (!cancel) {
    await ctx.store.commit([{ type: 'run:paused', actor: personOf(ctx.host) }]);
    return { status: 'paused', reason: 'stopped on request; `baton resume` carries on', failed: [], blocked: [] };
  }
  return cancelRun(ctx, 'cancelled on request', personOf(ctx.host));
}

/**
 * Cancels every unfinished task and the run. The worktrees of cancelled, done and skipped tasks
 * are removed (nothing will merge them now; their branches are kept); failed and blocked tasks
 * keep theirs for inspection, as in a stopped run.
 *
 * Safety: the tasks' cancellation is journalled first and `run:cancelled` last, with the
 * worktrees removed in between. A crash there leaves the run unfinished with its tasks
 * cancelled (with the run's reason, not {@link TASK_CANCELLED_BY_PERSON}), and resume ends here
 * again ({@link finishRun}) to remove what is left.
 */
export async function cancelRun(ctx: RunContext, reason: string, actor?: Actor): Promise<RunOutcome> {
  const by = actor ? { actor } : {};
  const open = [...ctx.store.state.tasks.values()].filter((t) => !TERMINAL.has(t.status)).map((t) => t.id);
  if (open.length) await ctx.store.commit(open.map((task) => ({ type: 'task:cancelled' as const, task, reason, ...by })));
  await removeWorktrees(ctx, [...ctx.store.state.tasks.values()].filter((t) => FINISHED_CLEANLY.has(t.status)).map((t) => t.id));
  await ctx.store.commit([{ type: 'run:cancelled', reason, ...by }]);
  return { status: 'cancelled', reason, failed: [], blocked: [] };
}

async function removeWorktrees(ctx: RunContext, taskIds: string[]): Promise<void> {
  // One batch: removing worktrees one by one re-scans every registered worktree each time.
  const byPath = new Map<string, string[]>();
  for (const id of taskIds) {
    const path = ctx.store.state.tasks.get(id)?.worktree;
    if (path) byPath.set(path, [...(byPath.get(path) ?? []), id]);
  }
  if (byPath.size === 0) return;
  try {
    const { removed, skipped } = await ctx.worktrees.removeMany([...byPath.keys()]);
    await ctx.store.commit(removed.flatMap((path) => (byPath.get(path) ?? []).map((task) => ({ type: 'worktree:removed' as const, task, path }))));
    for (const s of skipped) log(ctx, `could not remove the worktree ${s.path}: ${s.reason}`);
  } catch (error) {
    log(ctx, `could not remove ${byPath.size} worktrees: ${(error as Error).message}`);
  }
}
