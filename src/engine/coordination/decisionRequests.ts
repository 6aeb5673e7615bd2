import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { AnswerRequest } from '../run/runControl';
import type { Actor } from '../state/events';
import { macOf } from '../state/journalChain';
import { readJournalKeySync } from '../state/journalKey';
import type { ReviewDecision } from './reviewDecision';

/** What a person hands a running engine from another process: a review decision, or an answer to an agent's question. */
export type PersonRequest = ReviewDecision | AnswerRequest;

/**
 * Decisions for a run that another process is running (`baton approve` while VS Code runs the
 * sprint): each is dropped as a small file in `<state>/requests/`, written to a temp name and
 * renamed so a reader never sees half of one. The engine holding the lease picks them up
 * between dispatch rounds (and polls while tasks wait in review), journals them like its own
 * decisions, and only then deletes the files. Nothing needs a signal, so a VS Code host is never
 * interrupted.
 */
const FOLDER = 'requests';

/** Orders two decisions submitted by one process within the same millisecond. */
let submitted = 0;

/**
 * Drops a person's request (a decision, an answer) for the engine holding the lease; returns its
 * file (gone once it is journalled). It is MAC'd with the state folder's journal key, which
 * people's fronts can read and agents cannot: an agent dropping `{"kind":"approve"}` for its own
 * task, or an answer to its own question, is not a person deciding.
 */
export function submitDecision(stateDir: string, decision: PersonRequest): string {
  const dir = path.join(stateDir, FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  const order = (submitted++ % 1_000_000).toString().padStart(6, '0');
  const name = `${Date.now().toString().padStart(15, '0')}-${order}-${randomBytes(4).toString('hex')}.json`;
  const tmp = path.join(dir, `.${name}.tmp`);
  const body = JSON.stringify(decision);
  const key = readJournalKeySync(stateDir);
  fs.writeFileSync(tmp, key ? `${body.slice(0, -1)},"mac":"${macOf(key, body)}"}` : body);
  fs.renameSync(tmp, path.join(dir, name));
  return path.join(dir, name);
}

/** A decision read from its file; `done()` removes the file once the decision is journalled. */
export interface PendingDecision {
  decision: PersonRequest;
  done(): void;
}

/**
 * Every decision waiting, oldest first. The caller journals each, then calls `done()`: a crash
 * in between leaves the file, and the decision is offered again on resume (where the check
 * refuses a duplicate, since the task is no longer in review). Malformed files are removed, and
 * so are unsigned ones when there is a key (`key`: the one the engine read when it took the
 * lease, so deleting the key file does not switch the check off; default: the file's).
 */
export function pendingDecisions(stateDir: string, onForged?: (file: string) => void, key: KeyObject | undefined = readJournalKeySync(stateDir)): PendingDecision[] {
  const dir = path.join(stateDir, FOLDER);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const out: PendingDecision[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const done = (): void => fs.rmSync(file, { force: true });
    let parsed: PersonRequest | undefined;
    let forged = false;
    try {
      const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      // Safety: with a key, only decisions signed with it count; the rest are dropped unread.
      forged = key !== undefined && !signedWith(key, value);
      parsed = forged ? undefined : parseDecision(value);
    } catch {
      parsed = undefined;
    }
    if (parsed) out.push({ decision: parsed, done });
    else {
      if (forged) onForged?.(file);
      done();
    }
  }
  return out;
}

/** Every decision waiting, oldest first, each file removed at once (for callers with nothing to journal). */
export function takeDecisions(stateDir: string): PersonRequest[] {
  return pendingDecisions(stateDir).map((p) => {
    p.done();
    return p.decision;
  });
}

/** True while a decision file is waiting (the submitter uses it to see the engine took it). */
export function decisionPending(file: string): boolean {
  return fs.existsSync(file);
}

/** A person actor as a decision file carries it; anything else is dropped (the decision then names `by`). */
function parseActor(v: unknown): Actor | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const a = v as Record<string, unknown>;
  return a.kind === 'person' && typeof a.name === 'string' && typeof a.via === 'string' ? { kind: 'person', name: a.name, via: a.via } : undefined;
}

function signedWith(key: KeyObject, value: Record<string, unknown>): boolean {
  const { mac, ...decision } = value;
  return typeof mac === 'string' && mac === macOf(key, JSON.stringify(decision));
}

function parseDecision(v: unknown): PersonRequest | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const by = typeof r.by === 'string' ? { by: r.by } : {};
  const actor = parseActor(r.actor);
  if (actor) Object.assign(by, { actor });
  if (r.kind === 'answer') {
    if (typeof r.question !== 'string' || typeof r.text !== 'string') return undefined;
    return { kind: 'answer', question: r.question, text: r.text, ...by };
  }
  const task = typeof r.task === 'string' ? r.task : undefined;
  if (!task) return undefined;
  if (r.kind === 'approve') return { kind: 'approve', task, ...by };
  if (r.kind === 'request-changes' && typeof r.comment === 'string') return { kind: 'request-changes', task, comment: r.comment, ...by };
  if (r.kind === 'reassign' && typeof r.agent === 'string') return { kind: 'reassign', task, agent: r.agent, ...by };
  if (r.kind === 'skip' || r.kind === 'accept') return { kind: r.kind, task, ...by };
  return undefined;
}
