import * as path from 'node:path';
import type { Task } from '../model/workspace';
import type { AgentResult } from '../runners/agentResult';
import { log, type RunContext } from './runContext';

/** The attempt an agent result belongs to. */
export interface AttemptRef {
  attempt: number;
  agent: string;
  worktree: string;
  /** The commit the attempt started from: a failure rolls back to it, evidence is measured from it. */
  checkpoint: string;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Turns an agent's result into the task's next state, journalled: success only with evidence
 * (the work committed, files changed unless the task says it produces none), otherwise a
 * rollback to the checkpoint and a retry with backoff, or a terminal failure. Used both for a
 * live attempt and for one adopted after a crash, so the two paths cannot disagree.
 */
export async function settleAttempt(ctx: RunContext, task: Task, ref: AttemptRef, result: AgentResult, alreadyJournalled = false): Promise<void> {
  if (!alreadyJournalled) {
    await ctx.store.commit([{
      type: 'task:agent-exited', task: task.id, attempt: ref.attempt, status: result.status, summary: result.summary,
      ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}),
      ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
      ...(result.sessionId !== undefined ? { sessionId: result.sessionId } : {}),
      ...(result.outcome !== undefined ? { outcome: result.outcome } : {}),
      artifacts: result.artifacts,
    }]);
  }
  if (result.status === 'success') {
    const commit = await ctx.worktrees.commitAll(ref.worktree, `${task.id}: ${task.title} (${ref.agent}, attempt ${ref.attempt})`);
    // The diff is only evidence for tasks that must change files: two git processes saved per
    // `produces_changes: false` task (see bench/dispatchBench.ts).
    if (task.producesChanges && (await ctx.worktrees.changedFiles(ref.worktree, ref.checkpoint)).length === 0) {
      return fail(ctx, task, ref, 'the agent reported success but changed no files (set `produces_changes: false` on tasks that legitimately change nothing)');
    }
    const head = commit ?? (await ctx.worktrees.checkpoint(ref.worktree));
    await ctx.store.commit([{ type: 'task:succeeded', task: task.id, attempt: ref.attempt, commit: head, summary: result.summary }]);
    return;
  }
  if (result.status === 'blocked') {
    await ctx.worktrees.rollback(ref.worktree, ref.checkpoint);
    await ctx.store.commit([{ type: 'task:blocked', task: task.id, reason: `the agent reported it is blocked: ${result.reason ?? result.summary}` }]);
    return;
  }
  return fail(ctx, task, ref, result.reason ?? (result.summary || 'the agent failed'));
}

/** Rolls the worktree back and journals a failure, with a retry while the budget lasts. */
export async function fail(ctx: RunContext, task: Task, ref: AttemptRef, reason: string, interrupted = false): Promise<void> {
  await ctx.worktrees.rollback(ref.worktree, ref.checkpoint).catch((error: unknown) => {
    log(ctx, `${task.id}: could not roll ${path.basename(ref.worktree)} back: ${(error as Error).message}`);
  });
  const failures = countedFailures(ctx, task.id) + (interrupted ? 0 : 1);
  const budget = task.maxRetries ?? ctx.workspace.settings.maxRetries;
  const willRetry = interrupted || failures <= budget;
  const delay = interrupted ? 0 : Math.min(MAX_BACKOFF_MS, ctx.retryBaseMs * 2 ** Math.max(0, failures - 1));
  const retryAt = willRetry ? new Date(ctx.now() + delay).toISOString() : undefined;
  await ctx.store.commit([{
    type: 'task:failed', task: task.id, attempt: ref.attempt,
    reason: interrupted ? `interrupted: ${reason}` : reason, willRetry, ...(retryAt ? { retryAt } : {}),
  }]);
  if (willRetry && !interrupted) log(ctx, `${task.id}: attempt ${ref.attempt} failed (${reason}); retry ${failures} of ${budget} in ${Math.round(delay / 1000)} s`);
}

/** Failures that count against the retry budget: interruptions by an engine stop do not. */
function countedFailures(ctx: RunContext, taskId: string): number {
  const history = ctx.store.state.tasks.get(taskId)?.history ?? [];
  return history.filter((h) => h.status === 'failed' && !h.reason?.startsWith('interrupted')).length;
}
