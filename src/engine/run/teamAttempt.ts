import { boundaryViolations } from '../coordination/boundaries';
import type { Task } from '../model/workspace';
import type { RunnerKind } from '../model/agentSchema';
import type { AgentResult } from '../runners/agentResult';
import { speaksMcp } from '../runners/mcpAttachment';
import type { DeepReadonly, ReadonlyRunState } from '../state/runState';
import type { TaskWaiting } from '../state/teamState';
import type { ParkDecision } from '../team/parking';
import { questionsSection, teamToolsSection } from '../team/teamPrompt';
import type { AttemptRef } from './attemptSettlement';
import { log, type RunContext } from './runContext';

/** How an attempt continues a parked one. */
export interface Continuation {
  waiting: DeepReadonly<TaskWaiting>;
  /** `checkpoint`: the parked attempt's work is still uncommitted on top of its checkpoint; `fresh`: it was kept as a commit and dependencies were merged since. */
  from: 'checkpoint' | 'fresh';
  keptWork: boolean;
  /** The agent of the parked attempt (its session is only resumed by the same agent). */
  agent?: string;
}

/** The continuation of a parked attempt, when the task's next attempt is one. */
export function continuation(ctx: RunContext, taskId: string): Continuation | undefined {
  const t = ctx.store.state.tasks.get(taskId);
  if (!t?.waiting) return undefined;
  const fresh = (t.waiting.tasks?.length ?? 0) > 0;
  return { waiting: t.waiting, from: fresh ? 'fresh' : 'checkpoint', keptWork: fresh && t.waiting.keptWork === true, ...(t.agent ? { agent: t.agent } : {}) };
}

/**
 * What the agent claims, for `AgentRunner.interpret`: the handoff it submitted through MCP for
 * this attempt (which replaces the result file), else the result file's content.
 */
export function resultContent(state: ReadonlyRunState, taskId: string, attempt: number, fileContent: string | undefined): string | undefined {
  const submitted = state.tasks.get(taskId)?.submitted;
  if (!submitted || submitted.attempt !== attempt) return fileContent;
  const h = submitted.handoff;
  return JSON.stringify({ status: h.status, summary: h.summary, artifacts: h.artifacts, knownIssues: h.knownIssues, ...(h.outcome ? { outcome: h.outcome } : {}) });
}

/** The prompt sections of the communication layer: the team tools, the questions asked so far, the parked attempt continued. */
export function teamSections(ctx: RunContext, taskId: string, runner: RunnerKind, mcp: boolean, continued: Continuation | undefined): string[] {
  const sections: string[] = [];
  if (mcp) sections.push(teamToolsSection({ viaEnvironment: speaksMcp(runner) === 'environment' }));
  const questions = questionsSection(ctx.store.state, taskId);
  if (questions) sections.push(questions);
  if (continued) {
    sections.push([
      '## Continuing a parked attempt',
      '',
      `Attempt ${continued.waiting.attempt} was parked (${continued.waiting.reason}).`,
      continued.from === 'checkpoint' ? 'Its changes are still in your worktree: carry on from them.' : 'Its work is committed in your worktree, and the work it waited for is merged in: check it and finish.',
    ].join('\n'));
  }
  return sections;
}

/**
 * Parks an attempt that ended while it waits (a blocking question, a task it now depends on,
 * an emergency): its exit and the wait are journalled in one batch, so a crash cannot settle
 * it as a plain exit. Its work is kept — uncommitted for a continuation in the same session;
 * committed (after a boundary check) when the next attempt must first merge the tasks it waited for.
 */
export async function parkAttempt(ctx: RunContext, task: Task, ref: AttemptRef, result: AgentResult, park: ParkDecision): Promise<void> {
  let keptWork = false;
  if (park.tasks?.length) keptWork = await keepWork(ctx, task, ref);
  await ctx.store.commit([
    {
      type: 'task:agent-exited', task: task.id, attempt: ref.attempt, status: result.status, summary: result.summary,
      ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}),
      ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
      ...(result.sessionId !== undefined ? { sessionId: result.sessionId } : {}),
      artifacts: result.artifacts,
      ...(result.usage ? { usage: { ...result.usage } } : {}),
      ...(result.model ? { model: result.model } : {}),
      ...(result.costSource ? { costSource: result.costSource } : {}),
    },
    {
      type: 'task:waiting', task: task.id, attempt: ref.attempt, checkpoint: ref.checkpoint, reason: park.reason,
      ...(park.questions ? { questions: park.questions } : {}), ...(park.tasks ? { tasks: park.tasks } : {}),
      ...(park.emergency ? { emergency: park.emergency } : {}), ...(result.sessionId ? { sessionId: result.sessionId } : {}),
      ...(keptWork ? { keptWork: true } : {}),
    },
  ]);
}

/** Commits the parked attempt's work if it stays within the agent's boundaries; otherwise it is rolled back. */
async function keepWork(ctx: RunContext, task: Task, ref: AttemptRef): Promise<boolean> {
  const { head } = await ctx.worktrees.commit(ref.worktree, `${task.id}: work kept while it waits (${ref.agent}, attempt ${ref.attempt})`);
  if (head === ref.checkpoint) return false;
  const changed = await ctx.worktrees.changedFiles(ref.worktree, ref.checkpoint);
  const agent = ctx.workspace.agents.get(ref.agent);
  const violations = agent ? boundaryViolations(agent, changed, ctx.subdir) : [];
  if (!violations.length) return changed.length > 0;
  log(ctx, `${task.id}: the parked attempt changed ${violations.map((v) => v.path).join(', ')} outside ${ref.agent}'s boundaries; rolled back`);
  await ctx.worktrees.rollback(ref.worktree, ref.checkpoint);
  return false;
}
