import type { ReadonlyRunState } from '../../../engine/state/runState';

/** Something in the current run that waits for a person. */
export interface InboxItem {
  kind: 'review' | 'blocked' | 'failed';
  sprint: string;
  task: string;
  agent?: string;
  reason?: string;
  /** When it started waiting. */
  at?: string;
  /** Identity for "is this new?": the same task failing again on a later attempt is new. */
  key: string;
}

const ORDER = { review: 0, blocked: 1, failed: 2 } as const;

/** Handoffs waiting for review, blocked tasks with their reason, failed tasks — in that order. */
export function inboxItems(run: ReadonlyRunState): InboxItem[] {
  if (!run.sprint) return [];
  const items: InboxItem[] = [];
  for (const [id, t] of run.tasks) {
    if (t.status !== 'review' && t.status !== 'blocked' && t.status !== 'failed') continue;
    const last = t.history[t.history.length - 1];
    items.push({
      kind: t.status,
      sprint: run.sprint,
      task: id,
      ...(t.agent ? { agent: t.agent } : {}),
      ...(t.reason ? { reason: t.reason } : {}),
      ...(last?.at ? { at: last.at } : {}),
      key: `${run.runId ?? ''}:${id}:${t.status}:${t.attempts}`,
    });
  }
  return items.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.at ?? '').localeCompare(b.at ?? ''));
}

/** The message for a new item's notification. */
export function inboxNotice(item: InboxItem): string {
  switch (item.kind) {
    case 'review':
      return `Baton: ${item.task} handed off and waits for your review.`;
    case 'blocked':
      return `Baton: ${item.task} is blocked${item.reason ? `: ${item.reason}` : ''}.`;
    case 'failed':
      return `Baton: ${item.task} failed${item.reason ? `: ${item.reason}` : ''}.`;
  }
}
