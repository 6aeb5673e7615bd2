import { writeFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promptContext } from '../coordination/promptContext';
import type { Agent, Task } from '../model/workspace';
import { composePrompt } from '../prompt/composePrompt';
import { buildAgentEnv } from '../runners/agentEnvironment';
import { startAgentProcess, type ProcessExit } from '../runners/agentProcess';
import { RunnerConfigError, type AgentRunner, type ProcessPlan } from '../runners/agentRunner';
import { runnerFor } from '../runners/runnerRegistry';
import { executableFor, priceAttempt, verifiedCli } from './agentCli';
import { SHARED_OBJECTS_INSIDE } from '../sandbox/runSandbox';
import { MergeConflictError } from '../worktrees/mergeConflictError';
import type { PreparedWorktree } from '../worktrees/worktreeTypes';
import { DEFAULT_AGENT_LOG_BYTES } from '../config/resolveTeams';
import { readRedactedResult } from '../secrets/redactedFile';
import { attemptFilesOf, type AttemptFiles } from './attemptFiles';
import { fail, settleAttempt, type AttemptRef } from './attemptSettlement';
import { clearLocks } from './staleGitLocks';
import { mcpEnvironment, speaksMcp } from '../runners/mcpAttachment';
import { continuation, parkAttempt, resultContent, teamSections } from './teamAttempt';
import { continuationPrompt } from '../team/teamPrompt';
import { labelsOf, verifiedWork } from './verifiedCommits';
import { log, runIdOf, type RunContext } from './runContext';

/**
 * One attempt at a task by an agent, from worktree to journalled outcome:
 *   1. prepare the worktree (dependency branches merged in) and checkpoint it;
 *   2. journal `task:started` — before the process exists, so a crash leaves a trace;
 *   3. write the prompt, hand the worktree over (HEAD detached, a private object folder), spawn
 *      the agent (no shell, contained), record its pid for crash recovery;
 *   4. wait, take the worktree back (Baton moves the task's branch), read its claim, and settle:
 *      success only with evidence, else roll back.
 * Resolves once the outcome is in the journal. Never throws for agent or git problems.
 */
export async function runTaskAttempt(ctx: RunContext, task: Task, agentName: string, signal: AbortSignal, options: AttemptOptions = {}): Promise<void> {
  const agent = ctx.workspace.agents.get(agentName);
  const attempt = (ctx.store.state.tasks.get(task.id)?.attempts ?? 0) + 1;
  // A parked attempt (`waiting`) is continued: its work stays, its session resumes where it can.
  const continued = continuation(ctx, task.id);
  const prepared = await (options.prepare ? options.prepare() : prepareWorktree(ctx, task));
  if (!prepared) return;
  if (!continued) await returnToRollbackPoint(ctx, task.id, prepared.path);
  const checkpoint = continued?.from === 'checkpoint' ? continued.waiting.checkpoint : await ctx.worktrees.checkpoint(prepared.path);
  const files = attemptFilesOf(ctx.stateDir, runIdOf(ctx), task.id, attempt);
  await fs.mkdir(files.dir, { recursive: true });
  await fs.rm(files.resultFile, { force: true });
  await ctx.store.commit([
    { type: 'task:assigned', task: task.id, agent: agentName },
    { type: 'task:started', task: task.id, agent: agentName, attempt, worktree: prepared.path, branch: prepared.branch, checkpoint, resultFile: files.resultFile, logFile: files.logFile, base: prepared.baseCommit },
  ]);
  const ref: AttemptRef = { attempt, agent: agentName, worktree: prepared.path, checkpoint, base: prepared.baseCommit, ...(continued?.keptWork ? { keptWork: true } : {}) };
  if (!agent) return fail(ctx, task, ref, `agent \`${agentName}\` is not defined`);
  if (signal.aborted) return; // stopping: the interrupted attempt is recovered on resume

  let plan: ProcessPlan | undefined;
  const runner = runnerFor(agent.runner);
  const link = ctx.team?.openAttempt(task, attempt, agentName);
  const key = `${task.id}#${attempt}`;
  try {
    const mcp = link?.url && speaksMcp(agent.runner) !== 'no' ? { url: link.url, token: link.token, configDir: files.dir } : undefined;
    const resumeSession = continued && runner.resumesSessions && continued.waiting.sessionId && continued.agent === agentName ? continued.waiting.sessionId : undefined;
    const prompt = resumeSession ? continuationPrompt(ctx.store.state, task, continued!.waiting) : composePrompt({
      agent, task, sprint: ctx.sprint, resultFile: files.resultFile,
      includeInstructions: !runner.deliversInstructions, ...promptContext(ctx.store.state, task),
      teamSections: teamSections(ctx, task.id, agent.runner, mcp !== undefined, continued),
    });
    // The prompt carries handoffs, answers and review comments; it lives under .claude/state, so it is redacted too.
    await fs.writeFile(files.promptFile, ctx.host.redactor?.redact(prompt) ?? prompt);
    const cwd = path.join(prepared.path, ctx.subdir);
    const executable = executableFor(ctx.workspace, agent.runner);
    try {
      plan = runner.prepare({
        agent, task, promptFile: files.promptFile, prompt, worktree: cwd, workspaceRoot: path.join(prepared.path, ctx.subdir),
        env: ctx.host.env, ...(executable ? { executable } : {}), ...(mcp ? { mcp } : {}), ...(resumeSession ? { resumeSession } : {}),
      });
    } catch (error) {
      if (!RunnerConfigError.is(error)) throw error;
      return fail(ctx, task, ref, error.message);
    }
    for (const f of plan.files ?? []) await fs.writeFile(f.path, f.content, { mode: 0o600 });
    const env = { ...agentEnv(ctx, agent, task, cwd, files, prepared.port), ...mcpEnvironment(mcp), ...plan.env };
    const home = await ctx.sandbox.agentHome(agent.name, agent.runner);
    // Safety: an agent CLI too old for the flags Baton passes would misread them; say so instead.
    // Asked in the sandbox, with the agent's private home: even `--version` writes under HOME.
    const cliProblem = await verifiedCli(ctx, agent.runner, plan.command, env, cwd,
      (command, args, e) => ctx.sandbox.probe({ command, args, env: e }, { cwd, worktree: prepared.path }, home));
    if (cliProblem) return fail(ctx, task, ref, cliProblem);
    // A continued attempt's work may be committed past its checkpoint: the agent starts at its branch's tip.
    const git = await ctx.worktrees.handOver(prepared.path, continued?.from === 'checkpoint' ? undefined : checkpoint, SHARED_OBJECTS_INSIDE);
    // Present before the sandbox is built, so it can pin them: the agent may read, never rewrite them.
    await Promise.all([files.logFile, files.pidFile].map((f) => fs.writeFile(f, '', { flag: 'a' })));
    const contained = ctx.sandbox.agent({ command: plan.command, args: plan.args, env }, {
      cwd, worktree: prepared.path, adminDir: git.adminDir, objectsDir: git.objectsDir, attemptDir: files.dir, agent: agent.name, runner: agent.runner,
      pinned: [...git.pinned, path.join(prepared.path, '.git'), files.promptFile, files.logFile, files.pidFile, ...(plan.files ?? []).map((f) => f.path)],
    }, home);
    await ctx.guard.started(key);
    const running = startAgentProcess({
      command: contained.command, args: contained.args, env: contained.env, cwd,
      ...(ctx.sandbox.active ? { contained: { command: plan.command, args: plan.args } } : {}),
      ...(plan.stdin !== undefined ? { stdin: plan.stdin } : {}),
      timeoutMs: 1000 * (task.timeoutSeconds ?? agent.timeoutSeconds ?? ctx.workspace.settings.taskTimeoutSeconds),
      stallTimeoutMs: 1000 * ctx.workspace.settings.stallTimeoutSeconds,
      logFile: files.logFile, signal: link ? AbortSignal.any([signal, link.park]) : signal,
      onOutput: (chunk) => ctx.host.onAgentOutput?.(task.id, chunk),
      ...(ctx.host.redactor ? { redactor: ctx.host.redactor } : {}),
      maxLogBytes: ctx.workspace.settings.maxAgentLogBytes ?? DEFAULT_AGENT_LOG_BYTES,
    });
    // Safety: written synchronously, in the same tick as the spawn. An await here let a crash
    // leave the agent running with no pid file; resume then retried the task beside the orphan,
    // and both did the work.
    if (running.pid !== undefined) writeFileSync(files.pidFile, String(running.pid));
    const exit = await running.done;
    await settleAgentExit(ctx, { task, ref, prepared, exit, key, runner, plan, files, stopping: signal });
  } finally {
    ctx.guard.finished(key);
    link?.close();
    for (const f of plan?.files ?? []) await fs.rm(f.path, { force: true });
  }
}

/** An attempt whose agent's process has ended. */
interface ExitedAttempt {
  task: Task;
  ref: AttemptRef;
  prepared: PreparedWorktree;
  exit: ProcessExit;
  /** The attempt's key in the repository guard. */
  key: string;
  runner: AgentRunner;
  plan: ProcessPlan;
  files: AttemptFiles;
  /** Aborted when the engine stops. */
  stopping: AbortSignal;
}

/** Steps after the agent's process has ended: take the worktree back, check, then park or settle. */
async function settleAgentExit(ctx: RunContext, a: ExitedAttempt): Promise<void> {
  const { task, ref, prepared, exit } = a;
  if (exit.reason === 'cancelled' && a.stopping.aborted) {
    // The engine is stopping (resume recovers this attempt): the branch and HEAD are Baton's
    // again before anything else runs there.
    await ctx.worktrees.takeBack(prepared.path).catch((error: unknown) => log(ctx, `${task.id}: could not take the worktree back: ${(error as Error).message}`));
    return;
  }
  // Someone deleted the folder under the agent: say that, rather than blaming the agent's exit
  // code or failing on the first git command run in a folder that is gone. A retry recreates it.
  if (!(await fs.access(prepared.path).then(() => true, () => false))) {
    return fail(ctx, task, ref, `its worktree ${prepared.path} was deleted while the agent ran`);
  }
  // Stopped for a timeout or a stall, the agent may have been inside `git commit`.
  if (exit.reason === 'timeout' || exit.reason === 'stalled') await clearLocks(ctx, task.id, prepared.path, prepared.branch);
  // Safety: before any git of Baton's runs in the worktree (outside the sandbox), HEAD is
  // attached to the task's branch again — whatever the agent wrote there.
  const taken = await ctx.worktrees.takeBack(prepared.path);
  // Safety: without a sandbox the agent could reach the user's repository; what it changed
  // there is restored and the attempt fails, naming it (guard/repositoryGuard.ts).
  const touched = await ctx.guard.check(a.key);
  if (touched) return fail(ctx, task, ref, touched);
  if (taken.problem) return fail(ctx, task, ref, taken.problem);
  const content = resultContent(ctx.store.state, task.id, ref.attempt, await readRedactedResult(a.files.resultFile, ctx.host.redactor));
  const result = priceAttempt(ctx, a.runner.interpret(exit, exit.stdout, content, a.plan), a.plan);
  const park = ctx.team?.parkDecision(task.id, ref.attempt);
  if (park) return parkAttempt(ctx, task, ref, result, park);
  await settleAttempt(ctx, task, ref, result);
}

/** How an attempt differs from the usual one. */
export interface AttemptOptions {
  /** Makes the worktree instead of the usual one with its dependencies merged (merge resolution tasks). */
  prepare?: () => Promise<PreparedWorktree | undefined>;
}

/**
 * After a failed, redirected or blocked attempt the worktree goes back to that attempt's
 * checkpoint before the next one checkpoints again — normally a no-op (the failure already
 * rolled back), but it keeps a crash between journalling the failure and rolling back from
 * leaking the failed work into the next attempt.
 */
async function returnToRollbackPoint(ctx: RunContext, taskId: string, worktree: string): Promise<void> {
  const sha = ctx.store.state.tasks.get(taskId)?.rollbackTo;
  if (!sha) return;
  await ctx.worktrees.rollback(worktree, sha).catch((error: unknown) => log(ctx, `${taskId}: could not return to ${sha.slice(0, 8)}: ${(error as Error).message}`));
}

/** The task's worktree, or undefined after journalling why it could not be made. */
async function prepareWorktree(ctx: RunContext, task: Task): Promise<PreparedWorktree | undefined> {
  const state = ctx.store.state;
  const dependencies = task.dependencies.map((d) => verifiedWork(state.tasks.get(d))).filter((w) => w !== undefined);
  try {
    // Safety: the dependencies' verified commits, never their branches' tips (see verifiedWork).
    const prepared = await ctx.worktrees.prepare({ sprint: ctx.sprint.id, task: task.id, baseRef: state.baseCommit!, dependencyBranches: dependencies.map((w) => w.commit), labels: labelsOf(dependencies) });
    if (!prepared.reused) await ctx.store.commit([{ type: 'worktree:created', task: task.id, path: prepared.path, branch: prepared.branch }]);
    return prepared;
  } catch (error) {
    const reason = MergeConflictError.is(error)
      ? `merging ${dependencies.find((w) => w.commit === error.branch)?.branch ?? error.branch} into its worktree conflicts in ${error.files.join(', ')}`
      : `could not prepare its worktree: ${(error as Error).message}`;
    log(ctx, `${task.id}: ${reason}`);
    await ctx.store.commit([{ type: 'task:blocked', task: task.id, reason }]);
    return undefined;
  }
}

function agentEnv(ctx: RunContext, agent: Agent, task: Task, cwd: string, files: AttemptFiles, port: number): Record<string, string> {
  const runner = runnerFor(agent.runner);
  return buildAgentEnv(ctx.host.env, {
    runner: agent.runner,
    agentEnv: agent.env,
    configuredNames: runner.configuredEnvNames?.(ctx.host.env) ?? [],
    baton: {
      BATON_TASK_ID: task.id, BATON_SPRINT_ID: ctx.sprint.id, BATON_AGENT: agent.name, BATON_WORKTREE: cwd,
      BATON_PROMPT_FILE: files.promptFile, BATON_RESULT_FILE: files.resultFile, BATON_PORT: port,
    },
  });
}
