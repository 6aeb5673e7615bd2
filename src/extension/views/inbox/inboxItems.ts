import type { ReadonlyRunState } from '../../../engine/state/runState';
import { inboxOf } from '../../../engine/team/inbox';

/** Something in the current run that waits for a person, or that a person should see. */
export interface InboxItem {
  kind: 'question' | 'emergency' | 'review' | 'blocked' | 'failed' | 'denied';
  sprint: string;
  task: string;
  agent?: string;
  reason?: string;
  /** When it started waiting. */
  at?: string;
  /** Identity for "is this new?": the same task failing again on a later attempt is new. */
  key: string;
  /** For questions: the id to answer, and the text. */
  question?: { id: string; text: string; asker: string };
}

const ORDER = { emergency: 0, question: 1, review: 2, blocked: 3, failed: 4, denied: 5 } as const;
/** Denied calls shown, newest first: they are the audit trail's headlines, not a log. */
const DENIALS_SHOWN = 10;

/**
 * Active emergencies, agents' questions for a person, handoffs waiting for review, blocked and
 * failed tasks, then the latest denied calls — in that order. Questions and the rest come from
 * the engine's inbox query (`team/inbox.ts`), which the CLI's `baton inbox` prints too.
 */
export function inboxItems(run: ReadonlyRunState): InboxItem[] {
  if (!run.sprint) return [];
  const items: InboxItem[] = teamItems(run, run.sprint);
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

/** Items that announce something done (a denied call), not a wait: a notification of their own, never stale. */
export function isAnnouncement(item: InboxItem): boolean {
  return item.kind === 'denied';
}

/** The warning shown once for a new denied call. */
export function deniedNotice(item: InboxItem): string {
  return `Baton: ${item.agent ?? 'an agent'} was denied: ${item.reason ?? ''}`;
}

/**
 * `fe (ui) asks you: Dark mode by default? · 3 handoffs wait for your review · 1 task failed` —
 * what the one attention notification says about everything that waits for a person.
 */
export function attentionText(items: readonly InboxItem[]): string {
  const of = (kind: InboxItem['kind']) => items.filter((i) => i.kind === kind);
  const parts: string[] = [];
  const emergencies = of('emergency');
  if (emergencies.length === 1) parts.push(`emergency — ${emergencies[0]!.reason ?? ''}`);
  else if (emergencies.length) parts.push(`${emergencies.length} emergencies`);
  const questions = of('question');
  if (questions.length === 1) parts.push(`${questions[0]!.agent ?? 'an agent'} (${questions[0]!.task}) asks you: ${questions[0]!.question?.text ?? questions[0]!.reason ?? ''}`);
  else if (questions.length) parts.push(`${questions.length} questions wait for your answer`);
  const review = of('review');
  if (review.length === 1) parts.push(`${review[0]!.task} waits for your review`);
  else if (review.length) parts.push(`${review.length} handoffs wait for your review`);
  const blocked = of('blocked');
  if (blocked.length) parts.push(blocked.length === 1 ? `${blocked[0]!.task} is blocked` : `${blocked.length} tasks are blocked`);
  const failed = of('failed');
  if (failed.length) parts.push(failed.length === 1 ? `${failed[0]!.task} failed` : `${failed.length} tasks failed`);
  return parts.join(' · ');
}

function teamItems(run: ReadonlyRunState, sprint: string): InboxItem[] {
  const inbox = inboxOf(run);
  const items: InboxItem[] = [];
  for (const e of inbox.emergencies.filter((x) => x.status === 'active')) {
    items.push({ kind: 'emergency', sprint, task: e.tasks[0] ?? '', reason: `${e.event}: ${e.tasks.join(', ')} go first`, at: e.startedAt, key: `${run.runId ?? ''}:emergency:${e.id}` });
  }
  for (const q of inbox.questions.filter((x) => x.status === 'open' && x.addressee === 'person')) {
    items.push({
      kind: 'question', sprint, task: q.task, agent: q.asker, reason: q.text, at: q.askedAt, key: `${run.runId ?? ''}:question:${q.id}`,
      question: { id: q.id, text: q.text, asker: q.asker },
    });
  }
  inbox.denials.slice(-DENIALS_SHOWN).forEach((d, i) => {
    items.push({ kind: 'denied', sprint, task: d.task ?? '', agent: d.agent, reason: `${d.tool} denied: ${d.reason}`, at: d.at, key: `${run.runId ?? ''}:denied:${inbox.denials.length - DENIALS_SHOWN + i}:${d.at}` });
  });
  return items;
}
