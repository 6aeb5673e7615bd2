import { topologicalOrder } from '../graph/topology';
import { TaskGraph } from '../graph/taskGraph';
import { log, type RunContext } from './runContext';

/** How a run ended (or paused). */
export interface RunOutcome {
  status: 'completed' | 'stopped' | 'paused' | 'cancelled';
  reason?: string;
  failed: string[];
  blocked: string[];
  integrationBranch?: string;
  mergedTasks?: string[];
}

const TERMINAL = new Set(['done', 'skipped', 'failed', 'blocked', 'cancelled']);

/**
 * The loop has nothing left to start. With every task done or skipped, the task branches are
 * merged in dependency order into the sprint's integration branch and the finished worktrees
 * removed (their branches stay); otherwise the run stops naming every failed and blocked task.
 * Failed tasks keep their worktrees for inspection.
 */
export async function finishRun(ctx: RunContext): Promise<RunOutcome> {
  const tasks = [...ctx.store.state.tasks.values()];
  const failed = tasks.filter((t) => t.status === 'failed').map((t) => t.id);
  const blocked = tasks.filter((t) => t.status === 'blocked' || !TERMINAL.has(t.status)).map((t) => t.id);
  if (failed.length || blocked.length) {
    const reason = [failed.length ? `${failed.length} failed` : '', blocked.length ? `${blocked.length} blocked` : ''].filter(Boolean).join(', ');
    await ctx.store.commit([{ type: 'run:stopped', reason, failed, blocked }]);
    return { status: 'stopped', reason, failed, blocked };
  }
  const merged = mergeOrder(ctx);
  const result = await ctx.worktrees.mergeSprint({ sprint: ctx.sprint.id, baseRef: ctx.store.state.baseCommit!, taskBranches: merged.map((m) => m.branch), fresh: true });
  if (result.conflict) {
    const reason = `merging ${result.conflict.branch} into ${result.branch} conflicts in ${result.conflict.files.join(', ')}`;
    await ctx.store.commit([{ type: 'run:stopped', reason, failed: [], blocked: [] }]);
    return { status: 'stopped', reason, failed: [], blocked: [], integrationBranch: result.branch };
  }
  const mergedTasks = merged.map((m) => m.id);
  await ctx.store.commit([{ type: 'run:completed', integrationBranch: result.branch, mergedTasks }]);
  await removeWorktrees(ctx, tasks.filter((t) => t.status === 'done' || t.status === 'skipped').map((t) => t.id));
  return { status: 'completed', failed: [], blocked: [], integrationBranch: result.branch, mergedTasks };
}

/** Done tasks with a branch, in dependency order (ties in sprint order). */
function mergeOrder(ctx: RunContext): { id: string; branch: string }[] {
  const graph = TaskGraph.from([...ctx.tasks.values()]);
  const order = topologicalOrder(graph) ?? [...ctx.tasks.keys()];
  return order.flatMap((id) => {
    const t = ctx.store.state.tasks.get(id);
    return t?.status === 'done' && t.branch && ctx.tasks.get(id)?.kind !== 'sync' ? [{ id, branch: t.branch }] : [];
  });
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
    await ctx.store.commit([{ type: 'run:paused' }]);
    return { status: 'paused', reason: 'stopped on request; `baton resume` carries on', failed: [], blocked: [] };
  }
  return cancelRun(ctx, 'cancelled on request');
}

/** Cancels every unfinished task and the run; their worktrees are removed, their branches kept. */
export async function cancelRun(ctx: RunContext, reason: string): Promise<RunOutcome> {
  const open = [...ctx.store.state.tasks.values()].filter((t) => !TERMINAL.has(t.status)).map((t) => t.id);
  await ctx.store.commit([...open.map((task) => ({ type: 'task:cancelled' as const, task, reason })), { type: 'run:cancelled', reason }]);
  await removeWorktrees(ctx, open);
  return { status: 'cancelled', reason, failed: [], blocked: [] };
}

async function removeWorktrees(ctx: RunContext, taskIds: string[]): Promise<void> {
  for (const id of taskIds) {
    const path = ctx.store.state.tasks.get(id)?.worktree;
    if (!path) continue;
    try {
      if (await ctx.worktrees.remove(path)) await ctx.store.commit([{ type: 'worktree:removed', task: id, path }]);
    } catch (error) {
      log(ctx, `${id}: could not remove its worktree ${path}: ${(error as Error).message}`);
    }
  }
}
