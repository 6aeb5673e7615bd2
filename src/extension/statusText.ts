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
  for (const t of run.tasks.values()) {
    if (t.status === 'done') done++;
    else if (t.status === 'running') running++;
    else if (t.status === 'failed' || t.status === 'blocked') failed++;
  }
  const total = run.tasks.size;
  const parts = [`${ICON[run.status]} ${run.sprint} ${done}/${total}`];
  if (running) parts.push(`${running} running`);
  if (run.status !== 'active') parts.push(run.status);
  const text = parts.join(' · ');
  const tooltip = [
    `Sprint ${run.sprint}: ${run.status}`,
    `${done} of ${total} tasks done, ${running} running${failed ? `, ${failed} failed or blocked` : ''}`,
    ...(observing ? [observing] : []),
    ...(run.reason ? [run.reason] : []),
    'Click to open the board',
  ].join('\n');
  return { text: observing ? `${text} $(eye)` : text, tooltip };
}
