import * as path from 'node:path';
import { knownTaskFiles, redirectTarget, type BoundaryViolation } from '../coordination/boundaries';
import { gatherEvidence, type MissingEvidence } from '../coordination/evidence';
import { failoverTarget } from '../coordination/failover';
import { handoffMessages } from '../coordination/handoffPackage';
import { reviewerResultEvents } from '../coordination/reviewerResults';
import type { Task } from '../model/workspace';
import type { AgentResult } from '../runners/agentResult';
import type { NewEvent } from '../state/events';
import { log, type RunContext } from './runContext';

/** The attempt an agent result belongs to. */
export interface AttemptRef {
  attempt: number;
  agent: string;
  worktree: string;
  /** The commit the attempt started from: a failure rolls back to it, evidence is measured from it. */
  checkpoint: string;
  /** The worktree's base: the handoff's diff stat is measured from it (default: the checkpoint). */
  base?: string;
  /** The attempt continues a parked one whose committed work counts as the task's changes. */
  keptWork?: boolean;
}

const MAX_BACKOFF_MS = 5 * 60_000;
/** A rate-limited failure backs off this many times longer: the limit, not the work, failed. */
const RATE_LIMIT_FACTOR = 4;

/** How a failure came about. */
export interface FailOptions {
  /** The engine stopped, not the agent: retried at once, not charged to the budget. */
  interrupted?: boolean;
  rateLimited?: boolean;
  /** The wait the CLI asked for: a rate-limited retry waits at least this long. */
  retryAfterMs?: number;
  /** The evidence an agent's claim of success lacked. */
  evidence?: MissingEvidence;
  /** The attempt's own work, rolled back now, kept so a person can accept it as is. */
  commit?: string;
}

/**
 * Turns an agent's result into the task's next state, journalled: success only with evidence
 * (coordination/evidence.ts: changes, outcome, boundaries, artifacts, checklist), then the
 * handoff and either done or the review gate; a diff outside the agent's boundaries is rolled
 * back and redirected; anything else is a rollback to the checkpoint and a retry with backoff,
 * then failover to another member, or a terminal failure. Used both for a live attempt and for
 * one adopted after a crash, so the two paths cannot disagree.
 */
export async function settleAttempt(ctx: RunContext, task: Task, ref: AttemptRef, result: AgentResult, alreadyJournalled = false): Promise<void> {
  if (!alreadyJournalled) {
    await ctx.store.commit([{
      // Everything here is the agent's own claim, and journalled as such.
      type: 'task:agent-exited', task: task.id, attempt: ref.attempt, status: result.status, summary: result.summary, actor: { kind: 'agent', name: ref.agent },
      ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}),
      ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
      ...(result.sessionId !== undefined ? { sessionId: result.sessionId } : {}),
      ...(result.outcome !== undefined ? { outcome: result.outcome } : {}),
      artifacts: result.artifacts,
      ...(result.knownIssues?.length ? { knownIssues: result.knownIssues } : {}),
      ...(result.rateLimited ? { rateLimited: true } : {}),
      ...(result.usage ? { usage: { ...result.usage } } : {}),
      ...(result.model ? { model: result.model } : {}),
      ...(result.costSource ? { costSource: result.costSource } : {}),
    }]);
  }
  if (result.status === 'success') return settleSuccess(ctx, task, ref, result);
  if (result.status === 'blocked') {
    await ctx.worktrees.rollback(ref.worktree, ref.checkpoint);
    await ctx.store.commit([{ type: 'task:blocked', task: task.id, reason: `the agent reported it is blocked: ${result.reason ?? result.summary}` }]);
    return;
  }
  const reason = failureReason(result);
  return fail(ctx, task, ref, withDenials(result, reason), result.rateLimited ? { rateLimited: true, ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}) } : {});
}

/**
 * A reason with the tools the CLI refused put first: "Claude Code denied Write (a.ts): set
 * permissionMode or tools; the agent changed no files" says what to do, the evidence alone not.
 */
function withDenials(result: AgentResult, reason: string): string {
  return result.denied && !reason.includes(result.denied) ? `${result.denied}; ${reason}` : reason;
}

/**
 * Why an attempt failed, in words: the runner's reason with the agent's last line of output
 * when that says more ("the process exited with code 1 (last output: … Read-only file system)").
 */
function failureReason(result: AgentResult): string {
  if (!result.reason) return result.summary || 'the agent failed';
  const last = result.summary.trim().split('\n').pop()?.trim() ?? '';
  if (!last || result.reason.includes(last)) return result.reason;
  return `${result.reason} (last output: ${last.length > 200 ? `${last.slice(0, 200)}…` : last})`;
}

/** The agent claims success: check the evidence, then hand off — to the next tasks, or to a person. */
async function settleSuccess(ctx: RunContext, task: Task, ref: AttemptRef, result: AgentResult): Promise<void> {
  const evidence = await gatherEvidence(ctx, task, ref, result);
  if (evidence.kind === 'missing') return fail(ctx, task, ref, withDenials(result, evidence.reason), { evidence: evidence.evidence, ...(evidence.commit ? { commit: evidence.commit } : {}) });
  if (evidence.kind === 'out-of-bounds') return redirect(ctx, task, ref, evidence.files, evidence.violations);
  const { handoff, commit } = evidence;
  const at = new Date(ctx.now()).toISOString();
  const messages = handoffMessages(ctx.workspace, ctx.sprint.tasks, ctx.sprint.teams, handoff, task, task.review ? 'in_review' : 'completed', at);
  const events: NewEvent[] = [{ type: 'task:handoff', task: task.id, attempt: ref.attempt, handoff, messages }];
  if (task.review) events.push({ type: 'task:review-requested', task: task.id, attempt: ref.attempt, handoff });
  else events.push({ type: 'task:succeeded', task: task.id, attempt: ref.attempt, commit, summary: result.summary }, ...reviewerEvents(ctx, task, ref.agent, 'done', result));
  await ctx.store.commit(events);
}

/**
 * Seed 002 example 2: the agent changed paths outside its role. The decision is journalled
 * first, then the attempt rolled back (the next attempt also returns to the checkpoint, so a
 * crash in between changes nothing); the task goes to a member whose boundaries allow every
 * changed path, or is blocked naming the offending paths.
 */
async function redirect(ctx: RunContext, task: Task, ref: AttemptRef, files: string[], violations: BoundaryViolation[]): Promise<void> {
  const t = ctx.store.state.tasks.get(task.id);
  const tried = new Set([...(t?.triedAgents ?? []), ref.agent]);
  const paths = violations.map((v) => v.path);
  const to = redirectTarget(ctx.workspace, ctx.sprint.teams, task, ref.agent, files, ctx.subdir, tried);
  const broke = `${ref.agent} changed ${violations.map((v) => `${v.path} (${v.rule})`).join(', ')}`;
  if (to) {
    log(ctx, `${task.id}: ${broke}; redirected to ${to}`);
    await ctx.store.commit([{ type: 'task:redirected', task: task.id, attempt: ref.attempt, from: ref.agent, to, paths, reason: `role boundaries: ${broke}; rolled back and redirected to ${to}, whose boundaries allow it` }]);
  } else {
    await ctx.store.commit([{ type: 'task:blocked', task: task.id, reason: `role boundaries: ${broke}; rolled back, and no member's boundaries allow ${paths.join(', ')}`, paths }]);
  }
  await rollback(ctx, task, ref);
}

/**
 * Journals a failure, then rolls the worktree back: a retry while the budget lasts (longer
 * backoff when rate-limited), then failover to another capable member (seed 001), then the
 * task fails for good and the tasks after it are blocked.
 */
export async function fail(ctx: RunContext, task: Task, ref: AttemptRef, reason: string, options: FailOptions = {}): Promise<void> {
  const { interrupted = false, rateLimited = false } = options;
  const t = ctx.store.state.tasks.get(task.id);
  const failures = countedFailures(ctx, task.id) + (interrupted ? 0 : 1);
  const budget = task.maxRetries ?? ctx.workspace.settings.maxRetries;
  const retry = interrupted || failures <= budget;
  const failover = retry || !ref.agent ? undefined : failoverTarget(ctx.workspace, ctx.sprint.teams, task, ref.agent, t?.triedAgents ?? [], knownTaskFiles(task, t, ctx.subdir));
  const willRetry = retry || failover !== undefined;
  const exponential = Math.min(MAX_BACKOFF_MS, ctx.retryBaseMs * (rateLimited ? RATE_LIMIT_FACTOR : 1) * 2 ** Math.max(0, failures - 1));
  // The CLI's retry-after is the provider's own word on when the limit lifts: never retry sooner.
  const backoff = rateLimited && options.retryAfterMs !== undefined ? Math.max(exponential, Math.min(MAX_BACKOFF_MS, options.retryAfterMs)) : exponential;
  const delay = interrupted || failover ? 0 : backoff;
  const retryAt = willRetry ? new Date(ctx.now() + delay).toISOString() : undefined;
  const events: NewEvent[] = [{
    type: 'task:failed', task: task.id, attempt: ref.attempt,
    reason: interrupted ? `interrupted: ${reason}` : reason, willRetry, ...(retryAt ? { retryAt } : {}),
    ...(options.evidence ? { evidence: options.evidence } : {}), ...(rateLimited ? { rateLimited: true } : {}),
    ...(options.commit ? { commit: options.commit } : {}),
  }];
  if (failover) {
    events.push({ type: 'task:failover', task: task.id, attempt: ref.attempt, from: ref.agent, to: failover.agent, reason: `${ref.agent} failed ${failures} time${failures === 1 ? '' : 's'} (last: ${reason}); failing over to ${failover.agent}, ${failover.why}` });
  }
  if (!willRetry) events.push(...reviewerEvents(ctx, task, ref.agent, 'failed', { summary: reason }));
  await ctx.store.commit(events);
  await rollback(ctx, task, ref);
  if (failover) log(ctx, `${task.id}: ${ref.agent} used up its retries; failing over to ${failover.agent}`);
  else if (willRetry && !interrupted) log(ctx, `${task.id}: attempt ${ref.attempt} failed (${reason}); retry ${failures} of ${budget} in ${Math.round(delay / 1000)} s${rateLimited ? ' (rate-limited: longer backoff)' : ''}`);
}

async function rollback(ctx: RunContext, task: Task, ref: AttemptRef): Promise<void> {
  await ctx.worktrees.rollback(ref.worktree, ref.checkpoint).catch((error: unknown) => {
    log(ctx, `${task.id}: could not roll ${path.basename(ref.worktree)} back: ${(error as Error).message}`);
  });
}

function reviewerEvents(ctx: RunContext, task: Task, agent: string, status: 'done' | 'failed', result: { summary: string; outcome?: string }): NewEvent[] {
  return reviewerResultEvents(task, task.generatedFrom !== undefined && ctx.tasks.has(task.generatedFrom), agent, status, result);
}

/**
 * Failures that count against the retry budget: interruptions by an engine stop do not, nor
 * failures before the task moved to another agent (failover, redirect): each agent gets its own.
 */
function countedFailures(ctx: RunContext, taskId: string): number {
  const t = ctx.store.state.tasks.get(taskId);
  const from = t?.budgetFrom ?? 0;
  return (t?.history ?? []).filter((h) => h.status === 'failed' && !h.reason?.startsWith('interrupted') && h.attempt >= from).length;
}
