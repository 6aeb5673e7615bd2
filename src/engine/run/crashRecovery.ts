import * as fs from 'node:fs/promises';
import type { Task } from '../model/workspace';
import type { AgentResult } from '../runners/agentResult';
import { isProcessAlive, killProcessTree } from '../runners/processTree';
import { readResultFile } from '../runners/resultFile';
import { readRedactedResult } from '../secrets/redactedFile';
import type { DeepReadonly, TaskRunState } from '../state/runState';
import { attemptFilesOf } from './attemptFiles';
import { fail, settleAttempt, type AttemptRef } from './attemptSettlement';
import { log, runIdOf, type RunContext } from './runContext';
import { clearLocks } from './staleGitLocks';
import { parkAttempt, resultContent } from './teamAttempt';

/**
 * On resume, finishes every attempt the journal shows as running — the engine was killed or
 * stopped mid-attempt. Nothing is lost and nothing runs twice:
 *   1. an agent still alive from the old engine (an orphaned process group) is stopped first;
 *   2. if the agent's exit was journalled, its outcome is settled from the journal;
 *   3. else git locks the stopped agent left are removed, and if the agent wrote a success
 *      result before the engine died, that result is adopted (the agent is not run again);
 *   4. else, if it waited (a blocking question, a task it now depends on), it is parked again;
 *   5. else the worktree is rolled back to the attempt's checkpoint and the task retried,
 *      without charging the interruption to its retry budget.
 */
export async function recoverInterruptedAttempts(ctx: RunContext): Promise<number> {
  let recovered = 0;
  for (const t of [...ctx.store.state.tasks.values()]) {
    const task = ctx.tasks.get(t.id);
    if (t.status !== 'running' || !t.currentAttempt || !task) continue;
    await recoverOne(ctx, task, t);
    recovered++;
  }
  return recovered;
}

async function recoverOne(ctx: RunContext, task: Task, t: DeepReadonly<TaskRunState>): Promise<void> {
  const a = t.currentAttempt!;
  const files = attemptFilesOf(ctx.stateDir, runIdOf(ctx), t.id, a.attempt);
  await stopOrphan(ctx, t.id, files.pidFile);
  const ref: AttemptRef = { attempt: a.attempt, agent: t.agent ?? '', worktree: a.worktree, checkpoint: a.checkpoint, ...(a.base !== undefined ? { base: a.base } : {}) };
  if (!(await exists(a.worktree))) return fail(ctx, task, ref, 'its worktree disappeared while the engine was stopped', { interrupted: true });
  // Safety: the worktree may still be handed over (HEAD detached, the agent's objects private):
  // Baton takes it back before its own git touches it.
  await clearLocks(ctx, t.id, a.worktree, t.branch);
  const taken = await ctx.worktrees.takeBack(a.worktree);
  if (taken.problem) return fail(ctx, task, ref, taken.problem);
  if (t.lastExit?.attempt === a.attempt) {
    log(ctx, `${t.id}: settling attempt ${a.attempt}, whose agent finished before the engine stopped`);
    return settleAttempt(ctx, task, ref, { status: t.lastExit.status, summary: t.summary ?? '', artifacts: [...(t.artifacts ?? [])], exitCode: t.lastExit.exitCode ?? null, ...(t.outcome ? { outcome: t.outcome } : {}), ...(t.knownIssues ? { knownIssues: [...t.knownIssues] } : {}) }, true);
  }
  // It asked a blocking question, or now waits for a task: park it again, its work kept.
  const park = ctx.team?.parkDecision(t.id, a.attempt);
  if (park) {
    log(ctx, `${t.id}: attempt ${a.attempt} was waiting when the engine stopped; parked again (${park.reason})`);
    return parkAttempt(ctx, task, ref, { status: 'blocked', summary: t.summary ?? '', artifacts: [], exitCode: null }, park);
  }
  const reading = readResultFile(resultContent(ctx.store.state, t.id, a.attempt, await readRedactedResult(files.resultFile, ctx.host.redactor)));
  if (reading.kind === 'valid' && reading.result.status === 'success') {
    log(ctx, `${t.id}: adopting attempt ${a.attempt}: its agent reported success before the engine stopped`);
    const result: AgentResult = { status: 'success', summary: reading.result.summary, artifacts: reading.result.artifacts, exitCode: null, ...(reading.result.outcome ? { outcome: reading.result.outcome } : {}), ...(reading.result.knownIssues?.length ? { knownIssues: reading.result.knownIssues } : {}) };
    return settleAttempt(ctx, task, ref, result);
  }
  if (reading.kind === 'valid') {
    // The agent's own verdict, reported before the engine stopped: a failure counts like any
    // other (retrying it as an interruption would hide it from the retry budget).
    log(ctx, `${t.id}: settling attempt ${a.attempt}: its agent reported ${reading.result.status} before the engine stopped`);
    const reason = reading.result.summary || `the agent reported ${reading.result.status}`;
    return settleAttempt(ctx, task, ref, { status: reading.result.status, summary: reading.result.summary, artifacts: reading.result.artifacts, exitCode: null, reason });
  }
  log(ctx, `${t.id}: attempt ${a.attempt} was interrupted; rolling back and retrying`);
  return fail(ctx, task, ref, 'the engine stopped while the agent was running', { interrupted: true });
}

/** Kills an agent process group the previous engine left behind, and waits until it is gone. */
async function stopOrphan(ctx: RunContext, taskId: string, pidFile: string): Promise<void> {
  const pid = Number.parseInt(await fs.readFile(pidFile, 'utf8').catch(() => ''), 10);
  if (!(pid > 0) || !isProcessAlive(pid)) return;
  log(ctx, `${taskId}: stopping agent process ${pid} left running by the previous engine`);
  killProcessTree(pid, 'SIGKILL');
  for (let waited = 0; waited < 5000 && isProcessAlive(pid); waited += 25) await new Promise((r) => setTimeout(r, 25));
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}
