import * as path from 'node:path';
import type { Task } from '../model/workspace';
import { analyzerOutcomes } from '../prompt/analyzerOutcomes';
import type { AgentResult } from '../runners/agentResult';
import type { AttemptRef } from '../run/attemptSettlement';
import { log, type RunContext } from '../run/runContext';
import type { ChecklistResult, HandoffPackage } from '../state/events';
import { boundaryViolations, type BoundaryViolation } from './boundaries';
import { describeChecklistFailures, verifyChecklist } from './checklistVerification';
import { commandEnvironment } from './commandEnvironment';
import { filesWithConflictMarkers } from './conflictMarkers';
import { buildHandoff } from './handoffPackage';
import { confineArtifacts, missingHandoffArtifacts } from './handoffArtifacts';

/** Which evidence an agent's claim of success lacked. */
export type MissingEvidence = 'changes' | 'outcome' | 'artifacts' | 'conflict-markers' | 'checklist' | 'repository';

/** What the engine found behind an agent's claim of success. */
export type Evidence =
  | { kind: 'ok'; handoff: HandoffPackage; commit: string }
  /** `commit`: the attempt's own work, when it made any (kept for a person to accept as is). */
  | { kind: 'missing'; evidence: MissingEvidence; reason: string; commit?: string }
  | { kind: 'out-of-bounds'; files: string[]; violations: BoundaryViolation[] };

/**
 * "Done means done": checks the evidence behind an agent's `success`, cheapest first, and
 * builds the handoff package when it holds. In order: the work is committed; the diff is not
 * empty unless the task produces no changes; an analyzer reported one of the outcomes its
 * branches wait on; the diff stays inside the agent's role boundaries; the declared handoff
 * artifacts exist; a merge resolution left no conflict markers; every checklist command exits 0
 * in the worktree (journalled as `task:verified`, all items run). The first gap found is named.
 */
export async function gatherEvidence(ctx: RunContext, task: Task, ref: AttemptRef, result: AgentResult): Promise<Evidence> {
  const { head: commit } = await ctx.worktrees.commit(ref.worktree, `${task.id}: ${task.title} (${ref.agent}, attempt ${ref.attempt})`);
  // An unchanged HEAD means an unchanged worktree (everything was just committed): no git needed
  // to know the diff is empty — the common case of tasks that produce no changes (bench/dispatchBench.ts).
  const changed = commit === ref.checkpoint ? [] : await ctx.worktrees.changedFiles(ref.worktree, ref.checkpoint);
  const missing = (evidence: MissingEvidence, reason: string): Evidence => ({ kind: 'missing', evidence, reason, ...(changed.length ? { commit } : {}) });
  if (task.producesChanges && changed.length === 0 && !ref.keptWork) {
    return missing('changes', 'the agent reported success but changed no files (set `produces_changes: false` on tasks that legitimately change nothing)');
  }
  const outcomes = analyzerOutcomes(task, ctx.sprint);
  if (outcomes.length && !outcomes.includes(result.outcome ?? '')) {
    return missing('outcome', `the agent reported success but ${result.outcome === undefined ? 'no outcome' : `the outcome \`${result.outcome}\``}; the branches after it need one of ${outcomes.map((o) => `\`${o}\``).join(', ')}`);
  }
  const agent = ctx.workspace.agents.get(ref.agent);
  const violations = agent ? boundaryViolations(agent, changed, ctx.subdir) : [];
  if (violations.length) return { kind: 'out-of-bounds', files: changed, violations };
  const workspaceDir = path.join(ref.worktree, ctx.subdir);
  const notFound = await missingHandoffArtifacts(task.handoffArtifacts, workspaceDir, result.artifacts);
  if (notFound.length) return missing('artifacts', `the agent reported success but did not deliver the handoff artifact${notFound.length > 1 ? 's' : ''} ${notFound.map((a) => `\`${a}\``).join(', ')}`);
  const checklist = await resolutionChecks(ctx, task.id, ref.worktree);
  if (checklist.some((c) => c.passed === false)) {
    await journalVerification(ctx, task.id, ref.attempt, checklist, 0);
    return missing('conflict-markers', `conflict markers are still in ${checklist.filter((c) => c.passed === false).map((c) => c.item.replace(/^no conflict markers left in /, '')).join(', ')}`);
  }
  if (task.checklist.length) {
    const verification = await verifyChecklist(task.checklist, {
      cwd: workspaceDir, env: commandEnvironment(ctx.host.env, agent?.env ?? []),
      // Safety: verify commands run the agent's code (its tests): contained like the agent, they
      // may write only its worktree.
      contain: (argv, env, cwd) => ctx.sandbox.command(argv, env, { cwd, writable: [ref.worktree] }),
    });
    checklist.push(...verification.checklist);
    // Safety: uncontained, the checks ran the agent's code too; what it did to the user's
    // repository is undone and named (guard/repositoryGuard.ts).
    const touched = await ctx.guard.check(`${task.id}#${ref.attempt}`);
    if (touched) return missing('repository', touched);
    await journalVerification(ctx, task.id, ref.attempt, checklist, verification.durationMs);
    if (!verification.passed) return missing('checklist', `the agent reported success but ${describeChecklistFailures(verification.checklist)}`);
  } else if (checklist.length) {
    await journalVerification(ctx, task.id, ref.attempt, checklist, 0);
  }
  const { kept, dropped } = confineArtifacts(result.artifacts, ref.worktree);
  const notes = dropped.length ? [`artifacts outside the worktree were dropped: ${dropped.join(', ')}`] : [];
  if (dropped.length) log(ctx, `${task.id}: ${notes[0]}`);
  const base = ref.base ?? ref.checkpoint;
  const diffStat = commit === base ? { files: [], insertions: 0, deletions: 0 } : await ctx.worktrees.diffStat(ref.worktree, base);
  const handoff = buildHandoff({ task, agent: ref.agent, attempt: ref.attempt, result, artifacts: kept, checklist, diffStat, notes, commit, base });
  return { kind: 'ok', handoff, commit };
}

/** A merge-resolution task must leave no conflict markers in the files that conflicted. */
async function resolutionChecks(ctx: RunContext, taskId: string, worktree: string): Promise<ChecklistResult[]> {
  const resolution = ctx.store.state.tasks.get(taskId)?.resolution;
  if (!resolution) return [];
  const left = new Set(await filesWithConflictMarkers(worktree, resolution.files));
  return resolution.files.map((file) => ({ item: `no conflict markers left in ${file}`, passed: !left.has(file) }));
}

async function journalVerification(ctx: RunContext, task: string, attempt: number, checklist: ChecklistResult[], durationMs: number): Promise<void> {
  await ctx.store.commit([{ type: 'task:verified', task, attempt, passed: checklist.every((c) => c.passed !== false), checklist, durationMs }]);
}
