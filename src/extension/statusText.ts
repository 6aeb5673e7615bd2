import type { ReadonlyRunState } from '../engine/state/runState';

/** What the status bar item shows, as plain data (tested without VS Code). */
export interface StatusView {
  text: string;
  tooltip: string;
}

const ICON = { active: '$(sync~spin)', paused: '$(debug-pause)', completed: '$(pass-filled)', stopped: '$(error)', cancelled: '$(circle-slash)' } as const;

/**
 * `$(sync~spin) auth-feature 3/10 · 2 running` — the active (or last) sprint with done / total
 * and the running count; undefined when nothing has run.
 */
export function statusView(run: ReadonlyRunState, observing: string | undefined): StatusView | undefined {
  if (!run.sprint || run.status === 'idle') return undefined;
  let done = 0;
  let running = 0;
  let failed = 0;
  let waiting = 0;
  for (const t of run.tasks.values()) {
    if (t.status === 'done') done++;
    else if (t.status === 'running') running++;
    else if (t.status === 'waiting') waiting++;
    else if (t.status === 'failed' || t.status === 'blocked') failed++;
  }
  // Seed 000's emergency pattern: shown until its response tasks are done.
  const emergencies = (run.team?.emergencies ?? []).filter((e) => e.status === 'active');
  const questions = (run.team?.questions ?? []).filter((q) => q.status === 'open' && q.to.kind === 'person').length;
  const total = run.tasks.size;
  const parts = [`${ICON[run.status]} ${run.sprint} ${done}/${total}`];
  if (emergencies.length) parts.unshift(`$(flame) emergency: ${emergencies.map((e) => e.name).join(', ')}`);
  if (running) parts.push(`${running} running`);
  if (waiting) parts.push(`${waiting} waiting`);
  if (questions) parts.push(`$(comment-discussion) ${questions}`);
  if (run.status !== 'active') parts.push(run.status);
  const text = parts.join(' · ');
  const tooltip = [
    `Sprint ${run.sprint}: ${run.status}`,
    ...emergencies.map((e) => `Emergency ${e.id} (${e.name}): ${e.tasks.join(', ')} go first`),
    `${done} of ${total} tasks done, ${running} running${waiting ? `, ${waiting} waiting` : ''}${failed ? `, ${failed} failed or blocked` : ''}`,
    ...(questions ? [`${questions} question${questions === 1 ? '' : 's'} for you in the Inbox`] : []),
    ...(observing ? [observing] : []),
    ...(run.reason ? [run.reason] : []),
    'Click to open the board',
  ].join('\n');
  return { text: observing ? `${text} $(eye)` : text, tooltip };
}
