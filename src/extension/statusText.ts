import type { ReadonlyRunState } from '../engine/state/runState';

/** What the status bar item shows, as plain data (tested without VS Code). */
export interface StatusView {
  text: string;
  tooltip: string;
  /**
   * What a click does while the run waits for a person: review the next handoff, or answer an
   * agent's question; else (undefined) open the board.
   */
  waitsFor?: 'review' | 'answer';
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
  let review = 0;
  let parked = 0;
  for (const t of run.tasks.values()) {
    if (t.status === 'done') done++;
    else if (t.status === 'running') running++;
    else if (t.status === 'review') review++;
    else if (t.status === 'waiting') parked++;
    else if (t.status === 'failed' || t.status === 'blocked') failed++;
  }
  // Seed 000's emergency pattern: shown until its response tasks are done.
  const emergencies = (run.team?.emergencies ?? []).filter((e) => e.status === 'active');
  const questions = (run.team?.questions ?? []).filter((q) => q.status === 'open' && q.to.kind === 'person').length;
  const total = run.tasks.size;
  // Nothing runs and handoffs or questions wait: the run waits for a person, so no spinner.
  const forYou = run.status === 'active' && running === 0 && review + questions > 0;
  const parts = [`${forYou ? '$(bell-dot)' : ICON[run.status]} ${run.sprint} ${done}/${total}`];
  if (emergencies.length) parts.unshift(`$(flame) emergency: ${emergencies.map((e) => e.name).join(', ')}`);
  if (review) parts.push(`${review} to review`);
  if (running) parts.push(`${running} running`);
  if (parked) parts.push(`${parked} waiting`);
  if (questions) parts.push(`$(comment-discussion) ${questions}`);
  if (run.status !== 'active') parts.push(run.status);
  const text = parts.join(' · ');
  const tooltip = [
    forYou ? `Sprint ${run.sprint} waits for you: ${personWaits(review, questions)}` : `Sprint ${run.sprint}: ${run.status}`,
    ...emergencies.map((e) => `Emergency ${e.id} (${e.name}): ${e.tasks.join(', ')} go first`),
    `${done} of ${total} tasks done, ${running} running${review ? `, ${review} in review` : ''}${parked ? `, ${parked} waiting` : ''}${failed ? `, ${failed} failed or blocked` : ''}`,
    ...(questions ? [`${questions} question${questions === 1 ? '' : 's'} for you in the Inbox`] : []),
    ...(observing ? [observing] : []),
    ...(run.reason ? [run.reason] : []),
    !forYou ? 'Click to open the board' : review ? 'Click to review the next handoff' : 'Click to answer the question',
  ].join('\n');
  return { text: observing ? `${text} $(eye)` : text, tooltip, ...(forYou ? { waitsFor: review ? 'review' as const : 'answer' as const } : {}) };
}

/** `3 handoffs to review, 1 question to answer`. */
function personWaits(review: number, questions: number): string {
  const parts: string[] = [];
  if (review) parts.push(`${review} handoff${review === 1 ? '' : 's'} to review`);
  if (questions) parts.push(`${questions} question${questions === 1 ? '' : 's'} to answer`);
  return parts.join(', ');
}
