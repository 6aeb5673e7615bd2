import type { ChainHead } from '../state/chainHead';
import type { AuditLine, ReadJournal } from './journalLinesRead';
import { longestIncreasingRun } from './longestIncreasing';

/** The four ways a journal can have been changed after Baton wrote it. */
export type AuditFindingKind = 'edited' | 'deleted' | 'inserted' | 'reordered';

/** One change found in a journal, located for a person and typed for a script. */
export interface AuditFinding {
  kind: AuditFindingKind;
  /** 1-based line where it shows (for `deleted`: the line after the gap, or one past the end). */
  line: number;
  /** The seq the line claims (`edited`, `inserted`, `reordered`), or the first missing seq (`deleted`). */
  seq?: number;
  /** For `deleted`: the last missing seq. */
  toSeq?: number;
  message: string;
}

/** What the audit knew when it judged. */
export interface AuditContext {
  runId: string;
  /** True when MACs were checked (the key was there); without it edits of the last line go unseen. */
  keyed: boolean;
  head?: ChainHead;
}

/**
 * Classifies every change to a journal. Lines with a valid MAC are Baton's own (without the key:
 * every chained line is presumed so, and the hash links decide); their seqs say where each
 * belongs. So: authentic lines out of seq order were moved (the fewest that explain the order:
 * those outside the longest increasing run), seqs no authentic line holds were deleted — or,
 * where an unauthentic line stands in their place, edited — and every other unauthentic line
 * was inserted. Hash links between neighbours catch edits the MAC cannot be asked about.
 */
export function auditJournal(read: ReadJournal, ctx: AuditContext): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const { lines } = read;
  const last = lines[lines.length - 1];
  // A last line that is not an event is a write a crash cut short, not a change (reported as a note).
  const body = last?.unreadable !== undefined ? lines.slice(0, -1) : lines;
  const firstChained = body.findIndex((l) => l.chained);
  const chainedFrom = ctx.head?.chainedFrom;
  for (const l of firstChained < 0 ? body : body.slice(0, firstChained)) {
    if (l.unreadable !== undefined) findings.push(at(l, 'edited', `line ${l.line} is not a journal event (${l.unreadable})`));
    else if (chainedFrom !== undefined && l.seq !== undefined && l.seq >= chainedFrom) findings.push(at(l, 'edited', `line ${l.line} (seq ${l.seq}) lost its hash chain and MAC: Baton wrote it chained`));
  }
  if (firstChained < 0) return withTruncation(findings, body, ctx);
  const chained = body.slice(firstChained);
  const first = chained[0]!;
  // A journal chained from its first line starts at seq 1; one an older Baton started, wherever its chain begins.
  const start = ctx.head?.chainedFrom ?? (firstChained === 0 ? 1 : first.seq ?? 1);
  if (firstChained > 0 && authentic(first, ctx) && first.prev !== read.prefixHash) {
    findings.push(at(first, 'edited', `the unchained lines 1–${firstChained} were changed after line ${first.line} sealed them`));
  }
  classifyChained(chained, ctx, start, findings);
  return findings.sort((a, b) => a.line - b.line || a.kind.localeCompare(b.kind));
}

function classifyChained(chained: AuditLine[], ctx: AuditContext, start: number, findings: AuditFinding[]): void {
  const real: AuditLine[] = [];
  const fake: AuditLine[] = [];
  const byHash = new Map<string, AuditLine>();
  for (const l of chained) {
    if (!authentic(l, ctx)) fake.push(l);
    else if (byHash.has(l.hash)) findings.push(at(l, 'inserted', `line ${l.line} is a copy of line ${byHash.get(l.hash)!.line}`));
    else {
      byHash.set(l.hash, l);
      real.push(l);
    }
  }
  dropForgedTwins(real, fake);
  const kept = new Set(longestIncreasingRun(real.map((l) => l.seq!)).map((i) => real[i]!));
  const moved = real.filter((l) => !kept.has(l));
  const movedSeqs = new Set(moved.map((l) => l.seq!));
  for (const l of moved) findings.push(at(l, 'reordered', `line ${l.line} (seq ${l.seq}) was moved: Baton wrote it right after seq ${l.seq! - 1}`));
  const order = real.filter((l) => kept.has(l));
  // The gaps between kept lines (and before the first, after the last up to the recorded head).
  const end = Math.max(order[order.length - 1]?.seq ?? 0, ...moved.map((l) => l.seq!), ctx.head?.seq ?? 0);
  const gaps: Gap[] = [];
  for (let i = 0; i <= order.length; i++) {
    const before = order[i - 1];
    const next = order[i];
    const fromSeq = before ? before.seq! + 1 : start;
    const toSeq = next ? next.seq! - 1 : end;
    const missing: number[] = [];
    for (let seq = fromSeq; seq <= toSeq; seq++) if (!movedSeqs.has(seq)) missing.push(seq);
    gaps.push({ before, next, missing, fromLine: before?.line ?? 0, toLine: next?.line ?? Infinity });
  }
  const claimed = new Set<AuditLine>();
  const edited = (f: AuditLine, gap: Gap, seq: number): void => {
    gap.missing.splice(gap.missing.indexOf(seq), 1);
    claimed.add(f);
    const moved = f.line < gap.fromLine || f.line > gap.toLine ? `, and moved: Baton wrote it right after seq ${seq - 1}` : '';
    findings.push(at(f, 'edited', `line ${f.line} was changed after Baton wrote it (${whyUnauthentic(f, ctx)}${moved})`));
  };
  // An unauthentic line claiming a missing seq stands in for it: that line was edited. An
  // unreadable one inside a gap takes the gap's first missing seq.
  for (const f of fake) {
    const gap = f.seq === undefined ? undefined : gaps.find((g) => g.missing.includes(f.seq!));
    if (gap) edited(f, gap, f.seq!);
  }
  for (const gap of gaps) {
    for (const f of fake) {
      if (!claimed.has(f) && f.unreadable !== undefined && f.line > gap.fromLine && f.line < gap.toLine && gap.missing.length) edited(f, gap, gap.missing[0]!);
    }
    if (gap.missing.length) deletedRuns(gap.missing, gap.next?.line ?? (chained[chained.length - 1]!.line + 1), gap.before, gap.next === undefined, findings);
    const { before, next } = gap;
    const between = fake.some((f) => f.line > gap.fromLine && f.line < gap.toLine);
    if (before && next && next.seq === before.seq! + 1 && next.prev !== before.hash && !between) {
      findings.push(at(before, 'edited', `line ${before.line} was changed after Baton wrote it (line ${next.line}'s hash of it does not match)`));
    }
  }
  const headLine = ctx.head && !ctx.keyed ? order.find((l) => l.seq === ctx.head!.seq) : undefined;
  if (headLine && headLine.hash !== ctx.head!.hash && !findings.some((f) => f.line === headLine.line)) {
    findings.push(at(headLine, 'edited', `line ${headLine.line} was changed after Baton wrote it (its hash is not the one Baton recorded for seq ${headLine.seq})`));
  }
  for (const f of fake) {
    if (!claimed.has(f)) findings.push(at(f, 'inserted', `line ${f.line}${f.seq !== undefined ? ` (seq ${f.seq}, ${f.type})` : ''} was not written by Baton (${whyUnauthentic(f, ctx)})`));
  }
}

/** Seqs no kept line holds, between two kept lines. */
interface Gap {
  before: AuditLine | undefined;
  next: AuditLine | undefined;
  missing: number[];
  fromLine: number;
  toLine: number;
}

/**
 * Without the key, two chained lines may claim the same seq: the one a later line's `prev`
 * points at is the original, the other was inserted.
 */
function dropForgedTwins(real: AuditLine[], fake: AuditLine[]): void {
  const referenced = new Set(real.map((l) => l.prev));
  const bySeq = new Map<number, AuditLine[]>();
  for (const l of real) bySeq.set(l.seq!, [...(bySeq.get(l.seq!) ?? []), l]);
  for (const twins of bySeq.values()) {
    if (twins.length < 2) continue;
    const original = twins.find((l) => referenced.has(l.hash)) ?? twins[0]!;
    for (const l of twins) {
      if (l === original) continue;
      real.splice(real.indexOf(l), 1);
      fake.push(l);
    }
  }
  fake.sort((a, b) => a.line - b.line);
}

function deletedRuns(missing: number[], line: number, before: AuditLine | undefined, atEnd: boolean, findings: AuditFinding[]): void {
  let from = missing[0]!;
  for (let i = 1; i <= missing.length; i++) {
    if (i < missing.length && missing[i] === missing[i - 1]! + 1) continue;
    const to = missing[i - 1]!;
    const seqs = from === to ? `seq ${from}` : `seqs ${from}–${to}`;
    const where = atEnd ? 'from the end of the journal (Baton had written them)' : before ? `after line ${before.line}` : 'from the start';
    findings.push({ kind: 'deleted', line, seq: from, toSeq: to, message: `the line${from === to ? '' : 's'} with ${seqs} ${from === to ? 'was' : 'were'} deleted ${where}` });
    from = missing[i]!;
  }
}

/** A journal with no chained line: the recorded head (if any) still proves how far it went. */
function withTruncation(findings: AuditFinding[], body: AuditLine[], ctx: AuditContext): AuditFinding[] {
  const head = ctx.head;
  const maxSeq = Math.max(0, ...body.map((l) => l.seq ?? 0));
  if (head && maxSeq < head.seq) {
    findings.push({ kind: 'deleted', line: body.length + 1, seq: maxSeq + 1, toSeq: head.seq, message: `the journal ends at seq ${maxSeq}, but Baton had written up to seq ${head.seq}: lines were deleted from its end` });
  }
  return findings;
}

function authentic(l: AuditLine, ctx: AuditContext): boolean {
  if (l.unreadable !== undefined || !l.chained || l.seq === undefined || l.runId !== ctx.runId) return false;
  return ctx.keyed ? l.hasMac && l.macValid === true : true;
}

function whyUnauthentic(l: AuditLine, ctx: AuditContext): string {
  if (l.unreadable !== undefined) return `not a journal event: ${l.unreadable}`;
  if (!l.chained) return 'it carries no hash chain';
  if (l.runId !== ctx.runId) return `it belongs to run ${l.runId}`;
  if (ctx.keyed && !l.hasMac) return 'it carries no MAC';
  if (ctx.keyed) return 'its MAC does not match';
  return 'no later line chains to it';
}

function at(l: AuditLine, kind: AuditFindingKind, message: string): AuditFinding {
  return { kind, line: l.line, ...(l.seq !== undefined ? { seq: l.seq } : {}), message };
}
