import type { KeyObject } from 'node:crypto';
import * as fs from 'node:fs/promises';
import type { ChainHead } from './chainHead';
import type { EngineEvent } from './events';
import { describeFault, EMPTY_CHAIN, lineHash, PrefixHash, readSeal, type ChainFault } from './journalChain';
import type { JournalLineFault, JournalLineProblem } from './journalErrors';
import { parseEventLine, readLines, snippetOf, type RawLine } from './journalLines';

/**
 * Longest line a reader accepts. Far above what writing produces, so lowering `maxEventBytes`
 * never strands an old journal.
 */
export const READ_LINE_CAP = 64 << 20;
/** One byte offset is remembered per this many events, so `readFrom` seeks instead of scanning. */
export const INDEX_STRIDE = 1024;

/** What one pass over a journal file found. */
export interface ScanResult {
  lastSeq: number;
  /** Offset just past the last good line: everything after it is torn. */
  end: number;
  tornBytes: number;
  runId: string | undefined;
  problems: JournalLineProblem[];
  index: { seq: number; offset: number }[];
  sinceIndexed: number;
  /** Where the hash chain stands after the last good line. */
  chain: ChainState;
}

/** The hash chain of a scanned journal (journalChain.ts). */
export interface ChainState {
  /** What the next appended line's `prev` must be: the last good line's hash, or the legacy prefix's. */
  nextPrev: string;
  /** Seq of the first chained line; undefined while no line is chained (empty or legacy). */
  chainedFrom: number | undefined;
  /** Hash of the last good line when it is chained (the head to record). */
  tipHash: string | undefined;
  /** Lines before the first chained line, written by a Baton that did not chain its journal. */
  legacyLines: number;
  /** MACs checked, and how many failed: all of them failing means another key, not forged lines. */
  macChecks: number;
  macFailures: number;
}

/** How to check the chain while scanning. */
export interface ScanOptions {
  /** Checks every MAC; without it only the hash links are checked. */
  key?: KeyObject;
  /** What the writer recorded last: the journal must still reach it, unchanged. */
  head?: ChainHead;
  signal?: AbortSignal;
}

/** The scan of an empty (or missing) journal. */
export function emptyScan(): ScanResult {
  return {
    lastSeq: 0, end: 0, tornBytes: 0, runId: undefined, problems: [], index: [], sinceIndexed: 0,
    chain: { nextPrev: EMPTY_CHAIN, chainedFrom: undefined, tipHash: undefined, legacyLines: 0, macChecks: 0, macFailures: 0 },
  };
}

/**
 * One pass over a whole journal file: validates every line and its place in the hash chain,
 * finds the torn tail, builds the seq index.
 *
 * Safety: only a line that does not parse (or has no newline) may be torn; a complete, parseable
 * last line that fails the chain is reported like any other — a crash cannot write one.
 */
export async function scanJournal(file: string, options: ScanOptions = {}): Promise<ScanResult> {
  const scan = emptyScan();
  const chain = new ChainCheck(options);
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    let lineNo = 0;
    let last: { line: RawLine; torn: boolean } | undefined;
    for await (const lines of readLines(fh, 0, size, READ_LINE_CAP, options.signal)) {
      for (const line of lines) {
        lineNo++;
        const parsed = parseEventLine(line);
        let reason = parsed.reason;
        if (parsed.event && parsed.event.seq <= scan.lastSeq) reason = `seq ${parsed.event.seq} does not follow ${scan.lastSeq}`;
        const fault = reason === undefined ? chain.check(line, parsed.event!, parsed.sealed) : chain.reject(line, parsed.reason ? 'unreadable' : 'broken-link');
        last = { line, torn: parsed.reason !== undefined };
        if (reason !== undefined || fault !== undefined) {
          scan.problems.push({ line: lineNo, offset: line.offset, snippet: snippetOf(line), reason: fault ? chain.describe(fault, lineNo, reason) : reason!, ...(fault ? { fault } : {}) });
          continue;
        }
        const e = parsed.event!;
        chain.accept(line, e.seq);
        if (scan.sinceIndexed === 0) scan.index.push({ seq: e.seq, offset: line.offset });
        scan.sinceIndexed = (scan.sinceIndexed + 1) % INDEX_STRIDE;
        scan.lastSeq = e.seq;
        scan.runId ??= e.runId;
      }
    }
    scan.end = last ? last.line.offset + last.line.bytes : 0;
    // A last line that does not parse is a write the crash cut short, like a missing newline: torn, not corrupt.
    if (last?.torn) {
      scan.problems.pop();
      scan.end = last.line.offset;
    }
    scan.tornBytes = size - scan.end;
    const headProblem = chain.checkHead(scan.lastSeq, lineNo - (last?.torn ? 1 : 0));
    if (headProblem) scan.problems.push(headProblem);
    scan.chain = chain.state();
    return scan;
  } finally {
    await fh.close();
  }
}

/** The chain rules, line by line, for {@link scanJournal}. */
class ChainCheck {
  readonly #key: KeyObject | undefined;
  readonly #head: ChainHead | undefined;
  readonly #prefix = new PrefixHash();
  #chainedFrom: number | undefined;
  #tip: string | undefined;
  #legacy = 0;
  #headHash: string | undefined;
  /** Whether the line just checked carries the chain fields. */
  #sealed = false;
  #macChecks = 0;
  #macFailures = 0;
  /** After a fault, the next line's link is not checked: one change is one problem, not a cascade. */
  #resync = false;

  constructor(options: ScanOptions) {
    this.#key = options.key;
    this.#head = options.head;
  }

  get chained(): boolean {
    return this.#chainedFrom !== undefined;
  }

  check(line: RawLine, e: EngineEvent, sealed: { prev?: unknown; mac?: unknown } | undefined): ChainFault | undefined {
    const seal = sealed ? readSeal(line.text, sealed, this.#key) : undefined;
    this.#sealed = seal?.chained === true;
    if (!seal?.chained) {
      if (this.#chainedFrom !== undefined || (this.#head && e.seq >= this.#head.chainedFrom)) return this.#fault('unchained', line);
      return undefined;
    }
    if (this.#key && !seal.hasMac) return this.#fault('no-mac', line);
    if (seal.macValid !== undefined) this.#macChecks++;
    if (seal.macValid === false) {
      this.#macFailures++;
      return this.#fault('bad-mac', line);
    }
    const expected = this.#chainedFrom === undefined ? this.#prefix.digest() : this.#tip;
    if (seal.prev !== expected && !this.#resync) return this.#fault('broken-link', line);
    return undefined;
  }

  /** A line that does not parse or breaks the seq order: tampering in a chained journal, legacy damage otherwise. */
  reject(line: RawLine, fault: 'unreadable' | 'broken-link'): JournalLineFault | undefined {
    return this.#chainedFrom === undefined ? undefined : this.#fault(fault, line);
  }

  #fault<F extends JournalLineFault>(fault: F, line: RawLine): F {
    // Later lines link to the line as it was written; carry on from the line as it is now.
    if (this.#chainedFrom !== undefined) this.#tip = lineHash(line.text);
    this.#resync = true;
    return fault;
  }

  accept(line: RawLine, seq: number): void {
    this.#resync = false;
    if (!this.#sealed) {
      this.#prefix.add(line.text);
      this.#legacy++;
      return;
    }
    this.#chainedFrom ??= seq;
    this.#tip = lineHash(line.text);
    if (seq === this.#head?.seq) this.#headHash = this.#tip;
  }

  describe(fault: JournalLineFault, lineNo: number, detail?: string): string {
    if (fault === 'unreadable' || fault === 'truncated') return `line ${lineNo} is not a journal event (${detail ?? 'unreadable'}): it was changed after Baton wrote it`;
    if (detail !== undefined) return `line ${lineNo} is out of order (${detail}): a line was moved, inserted or deleted here`;
    if (fault === 'broken-link' && this.#chainedFrom === undefined && this.#legacy > 0) {
      return `line ${lineNo} does not seal the ${this.#legacy} unchained line(s) before it: one of them was changed, deleted or inserted`;
    }
    return describeFault(fault, lineNo);
  }

  /** The journal must still reach the recorded head, and hold it unchanged. */
  checkHead(lastSeq: number, lines: number): JournalLineProblem | undefined {
    const head = this.#head;
    if (!head) return undefined;
    if (lastSeq < head.seq) {
      return { line: lines + 1, offset: -1, fault: 'truncated', snippet: '', reason: `the journal ends at seq ${lastSeq}, but Baton had written up to seq ${head.seq}: lines were deleted from its end` };
    }
    if (this.#headHash !== undefined && this.#headHash !== head.hash) {
      return { line: lines, offset: -1, fault: 'bad-mac', snippet: '', reason: `the line with seq ${head.seq} is not the one Baton wrote` };
    }
    return undefined;
  }

  state(): ChainState {
    return {
      nextPrev: this.#chainedFrom === undefined ? this.#prefix.digest() : this.#tip!,
      chainedFrom: this.#chainedFrom,
      tipHash: this.#chainedFrom === undefined ? undefined : this.#tip,
      legacyLines: this.#legacy,
      macChecks: this.#macChecks,
      macFailures: this.#macFailures,
    };
  }
}

/** Complete lines a follower read with {@link Journal.tail}. */
export interface JournalTail {
  events: EngineEvent[];
  /** Where the next `tail` should start: just past the last complete, valid line read. */
  nextOffset: number;
  /** The file is shorter than `fromOffset`: it was replaced; the follower must reload. */
  reset: boolean;
  /** A complete line that does not parse; reading stopped before it (a writer may still repair it). */
  problem?: Omit<JournalLineProblem, 'line'>;
}

/** The work of {@link Journal.tail}: complete, valid lines after `fromOffset`. */
export async function tailJournal(file: string, fromOffset: number): Promise<JournalTail> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], nextOffset: 0, reset: fromOffset > 0 };
    throw error;
  }
  try {
    const { size } = await fh.stat();
    if (size < fromOffset) return { events: [], nextOffset: 0, reset: true };
    const events: EngineEvent[] = [];
    let nextOffset = fromOffset;
    for await (const lines of readLines(fh, fromOffset, size, READ_LINE_CAP)) {
      for (const line of lines) {
        const parsed = parseEventLine(line);
        if (!parsed.event) return { events, nextOffset, reset: false, problem: { offset: line.offset, reason: parsed.reason, snippet: snippetOf(line) } };
        events.push(parsed.event);
        nextOffset = line.offset + line.bytes;
      }
    }
    return { events, nextOffset, reset: false };
  } finally {
    await fh.close();
  }
}
