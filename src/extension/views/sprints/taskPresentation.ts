import type { Task } from '../../../engine/model/workspace';
import type { DeepReadonly, TaskRunState, TaskRunStatus } from '../../../engine/state/runState';
import { clipText } from '../../../shared/clipText';
import { formatEstimate, type EstimateUnit } from '../../../shared/estimates';

/**
 * How a task looks in the trees and the status bar, as plain data (codicon and theme-colour
 * names), so it is tested in plain Node and the tree nodes only wrap it in VS Code types.
 */

/** Group order in a sprint: what needs attention first, finished work last. */
export const STATUS_ORDER: readonly TaskRunStatus[] = ['running', 'waiting', 'review', 'blocked', 'failed', 'ready', 'planning', 'done', 'cancelled', 'skipped'];

export const STATUS_LABEL: Readonly<Record<TaskRunStatus, string>> = {
  running: 'Running',
  waiting: 'Waiting (parked)',
  review: 'Waiting for review',
  blocked: 'Blocked',
  failed: 'Failed',
  ready: 'Ready',
  planning: 'Planned',
  done: 'Done',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

/** Codicon (with `~spin` where it moves) and theme colour per status. */
export const STATUS_ICON: Readonly<Record<TaskRunStatus, { icon: string; color?: string }>> = {
  running: { icon: 'sync~spin', color: 'charts.blue' },
  waiting: { icon: 'comment-discussion', color: 'charts.purple' },
  review: { icon: 'eye', color: 'charts.yellow' },
  blocked: { icon: 'warning', color: 'charts.orange' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  ready: { icon: 'circle-large-outline', color: 'charts.blue' },
  planning: { icon: 'circle-outline' },
  done: { icon: 'pass-filled', color: 'testing.iconPassed' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  skipped: { icon: 'debug-step-over', color: 'disabledForeground' },
};

/** `45s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** `est 45 min`: the estimate in the workspace's one unit (`settings.estimate_unit`). */
export function estimateText(estimate: number, unit: EstimateUnit): string {
  return `est ${formatEstimate(estimate, unit)}`;
}

/** The first clause of a reason, at most `max` characters, cut at a word with an ellipsis. */
export function shortReason(reason: string, max = 48): string {
  return clipText(reason.split(/[;:]\s/)[0]!, max);
}

type RunTask = DeepReadonly<TaskRunState>;

/**
 * Short enough for the default sidebar: the agent, then elapsed time while running, time
 * taken once done, the reason's first clause when stuck, or the estimate. The tooltip has
 * the rest.
 */
export function taskDescription(task: Pick<Task, 'assignee' | 'team' | 'estimate'>, run: RunTask | undefined, now: number, unit: EstimateUnit): string {
  const who = run?.agent ?? task.assignee ?? (task.team ? `team ${task.team}` : undefined);
  const started = run?.currentAttempt?.startedAt ?? run?.startedAt;
  if (run?.reason && (run.status === 'blocked' || run.status === 'failed' || run.status === 'skipped')) return shortReason(run.reason);
  const parts = who ? [who] : [];
  if (run?.status === 'running' && started) {
    parts.push(formatDuration(now - Date.parse(started)) + (run.attempts > 1 ? ` (attempt ${run.attempts})` : ''));
    // The agent's own word on how far it is (report_status).
    if (run.progress) parts.push(`${run.progress.progress !== undefined ? `${run.progress.progress}% ` : ''}${run.progress.status}`);
  } else if (run?.status === 'waiting' && run.reason) {
    parts.push(shortReason(run.reason));
  } else if (run && run.startedAt && run.finishedAt && (run.status === 'done' || run.status === 'failed')) {
    parts.push(`took ${formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt))}`);
  } else {
    parts.push(estimateText(task.estimate, unit));
  }
  return parts.join(' · ');
}

/** Markdown for a task's tooltip: title, state, why, and its acceptance criteria. */
export function taskTooltip(task: Pick<Task, 'id' | 'title' | 'description' | 'priority' | 'estimate' | 'dependencies' | 'acceptanceCriteria'>, run: RunTask | undefined, unit: EstimateUnit): string {
  const status = run?.status ?? 'planning';
  const lines = [`**${escapeMd(task.title)}** \`${task.id}\``, '', `${STATUS_LABEL[status]} · ${task.priority} priority · ${estimateText(task.estimate, unit)}`];
  if (run?.agent) lines.push('', `Agent: \`${run.agent}\`${run.attempts > 1 ? ` · attempt ${run.attempts}` : ''}`);
  if (run?.reason) lines.push('', `Reason: ${escapeMd(run.reason)}`);
  if (run?.progress && (run.status === 'running' || run.status === 'waiting')) {
    const p = run.progress;
    lines.push('', `Progress: ${p.progress !== undefined ? `${p.progress}% · ` : ''}${escapeMd(p.status)}`);
    if (p.remainingWork.length) lines.push(`Remaining: ${p.remainingWork.map(escapeMd).join(', ')}`);
    if (p.blockers.length) lines.push(`Blockers: ${p.blockers.map(escapeMd).join(', ')}`);
  }
  if (run?.summary) lines.push('', `Summary: ${escapeMd(run.summary)}`);
  if (task.description) lines.push('', escapeMd(task.description));
  if (task.dependencies.length) lines.push('', `After: ${task.dependencies.map((d) => `\`${d}\``).join(', ')}`);
  if (task.acceptanceCriteria.length) lines.push('', '**Acceptance criteria**', '', ...task.acceptanceCriteria.map((c) => `- ${escapeMd(c)}`));
  return lines.join('\n');
}

function escapeMd(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
