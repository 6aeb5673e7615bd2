import type { Task } from '../model/workspace';
import type { UpstreamHandoff } from '../prompt/composePrompt';
import type { HandoffPackage } from '../state/events';
import type { DeepReadonly, ReadonlyRunState } from '../state/runState';

/** What an attempt's prompt says about upstream work, a failed previous attempt and a review. */
export interface PromptContext {
  handoffs: UpstreamHandoff[];
  previousAttempt?: { attempt: number; summary: string; reason: string };
  reviewComment?: string;
}

/**
 * Reads the prompt's context from the run state: the handoff package of every finished
 * dependency (seed 000 §3: the next agent starts from it), the last failure since the last
 * review, and a reviewer's request for changes together with the summary of the attempt it was
 * about — whose work is still in the worktree, so the next attempt builds on it.
 */
export function promptContext(state: ReadonlyRunState, task: Task): PromptContext {
  const out: PromptContext = { handoffs: upstreamHandoffs(state, task) };
  const t = state.tasks.get(task.id);
  if (!t) return out;
  const history = t.history;
  const lastReview = history.map((h) => h.status).lastIndexOf('review');
  const failureAt = history.findLastIndex((h, i) => i > lastReview && h.status === 'failed' && h.reason !== undefined && !h.reason.startsWith('interrupted'));
  const failure = failureAt >= 0 ? history[failureAt] : undefined;
  if (failure) out.previousAttempt = { attempt: failure.attempt, summary: t.summary ?? '', reason: failure.reason! };
  if (t.reviewComment) {
    const reviewed = history[lastReview]?.attempt ?? t.attempts;
    const summary = t.handoff?.summary ?? t.summary ?? '';
    out.reviewComment = `${t.reviewComment}\n\nThe attempt reviewed (attempt ${reviewed}) reported:\n\n${summary || '(no summary)'}\n\nIts work is still in your worktree: change it as asked rather than starting over.`;
  }
  return out;
}

function upstreamHandoffs(state: ReadonlyRunState, task: Task): UpstreamHandoff[] {
  return task.dependencies.flatMap((id) => {
    const t = state.tasks.get(id);
    if (t?.status !== 'done') return [];
    const pkg = t.handoff;
    if (!pkg) return [{ task: id, ...(t.agent ? { agent: t.agent } : {}), summary: t.summary ?? '', artifacts: [...(t.artifacts ?? [])] }];
    return [{
      task: id,
      ...(pkg.agent ? { agent: pkg.agent } : {}),
      summary: handoffSummary(pkg),
      artifacts: [...pkg.artifacts],
      changedFiles: pkg.diffStat.files.map((f) => `${f.path} (${f.status}, +${f.insertions} −${f.deletions})`),
      knownIssues: [...pkg.knownIssues],
    }];
  });
}

/** The agent's summary, then what the engine verified and what reviewers said. */
function handoffSummary(pkg: DeepReadonly<HandoffPackage>): string {
  const parts = [pkg.summary.trim() || '(no summary)'];
  if (pkg.checklist.length) {
    parts.push('', 'Handoff checklist:');
    for (const c of pkg.checklist) {
      const mark = c.passed === true ? '✔' : c.passed === false ? '✖' : '•';
      parts.push(`${mark} ${c.item}${c.verify ? ` (verified by \`${c.verify.join(' ')}\`)` : ' (stated by the agent, not verified)'}`);
    }
  }
  for (const r of pkg.reviews ?? []) parts.push('', `Review by ${r.reviewer} (${r.status}${r.outcome ? `, ${r.outcome}` : ''}): ${r.summary}`);
  return parts.join('\n');
}
