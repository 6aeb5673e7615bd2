import type { KeyObject } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Redactor } from '../secrets/redactor';
import type { ChainHead, ChainTip } from './chainHead';
import { systemClock, type Clock } from './clock';
import { ENGINE_ACTOR, isEngineEventType, type Actor, type EngineEvent, type NewEvent } from './events';
import { lineHash, sealLine } from './journalChain';
import { JournalCorruptError, JournalError, JournalTamperedError, type JournalLineProblem } from './journalErrors';
import { parseEventLine, readLines } from './journalLines';
import { READ_LINE_CAP, INDEX_STRIDE, emptyScan, scanJournal, tailJournal, type ChainState, type JournalTail, type ScanResult } from './journalScan';
import { fsyncDir } from './fsyncDir';
import { GroupCommitter } from './groupCommit';

/** Options of {@link Journal.open}. */
export interface JournalOptions {
  /** A writer repairs a torn tail and appends; a reader never changes the file. */
  mode: 'writer' | 'reader';
  /** Stamped on appended events. Defaults to the runId of the journal's first event. */
  runId?: string;
  clock?: Clock;
  /** Report bad lines before the last one in `problems` instead of throwing {@link JournalCorruptError}. */
  allowCorruptLines?: boolean;
  /** Largest accepted event, as a JSON line in bytes (default 1 MiB). */
  maxEventBytes?: number;
  /**
   * Called with each append's events once they are durable, in seq order, before the append
   * resolves. The state store applies and emits from here so that state and listeners see
   * events in journal order however the appenders' promises are scheduled. Must not throw.
   */
  onDurable?: (events: readonly EngineEvent[]) => void;
  /** Aborts the scan of a long journal on open. */
  signal?: AbortSignal;
  /**
   * The state folder's journal key (journalKey.ts): a writer MACs every line with it, and every
   * line is checked against it on open. Without it lines are hash-chained but not MAC'd, and
   * MACs already there are not checked.
   */
  key?: KeyObject;
  /** The head the last writer recorded (chainHead.ts): the journal must still reach it. */
  head?: ChainHead;
  /** Stamped on appended events that do not name their own `actor` (default: the engine). */
  actor?: Actor;
  /** Applied to every line before it is sealed and written: secrets never reach the file. */
  redactor?: Redactor;
}

/** What a writer repaired on open. */
export interface JournalRecovery {
  /** Bytes of a torn last line that were truncated away. */
  tornBytes: number;
}

/** Counters for tests and benchmarks. */
export interface JournalStats {
  appends: number;
  events: number;
  /** Write+fsync rounds; fewer than `appends` when group commit batched them. */
  fsyncs: number;
}

interface Appended {
  text: string;
  events: EngineEvent[];
  lineBytes: number[];
  /** Hash of the last line of this append: the chain's tip once it is durable. */
  lastHash: string;
}

const DEFAULT_MAX_EVENT_BYTES = 1 << 20;

/**
 * An append-only JSON-lines file of {@link EngineEvent}s: the durable record of one run, and
 * its audit log. Every line is hash-chained to the one before and MAC'd with the state folder's
 * key (journalChain.ts), so a changed, removed, added or moved line is found on the next open.
 *
 * Appends use group commit: every line of one round goes out in one `write` followed by one
 * `fdatasync`, and appends that arrive while a round is in flight form the next round. A caller
 * is resolved only after its events are on disk, yet the disk sees one flush per round, not per
 * event — which is what makes tens of thousands of durable updates a second possible.
 */
export class Journal {
  readonly file: string;
  readonly mode: 'writer' | 'reader';
  /** Set when a writer truncated a torn last line on open. */
  readonly recovered: JournalRecovery | undefined;
  /** Bad lines kept because of `allowCorruptLines`; replay skips them. */
  readonly problems: readonly JournalLineProblem[];
  /** Unchained lines at the start, written by a Baton that did not chain its journals. */
  readonly legacyLines: number;
  #fh: fs.FileHandle | undefined;
  readonly #committer: GroupCommitter<Appended> | undefined;
  #runId: string | undefined;
  #clock: Clock;
  #maxEventBytes: number;
  #onDurable: JournalOptions['onDurable'];
  #nextSeq: number;
  #size: number;
  #index: { seq: number; offset: number }[];
  #sinceIndexed: number;
  #closed = false;
  #appends = 0;
  #events = 0;
  readonly #key: KeyObject | undefined;
  readonly #actor: Actor;
  readonly #redactor: Redactor | undefined;
  /** What the next line's `prev` is: advanced at append time, in call order, like seq. */
  #prev: string;
  #chainedFrom: number | undefined;
  #tip: ChainTip | undefined;
  /** Byte offsets of lines that failed the checks (kept with `allowCorruptLines`): never replayed. */
  readonly #skip: ReadonlySet<number>;

  private constructor(file: string, options: JournalOptions, scan: ScanResult, fh: fs.FileHandle | undefined) {
    this.file = file;
    this.mode = options.mode;
    this.recovered = scan.tornBytes > 0 && options.mode === 'writer' ? { tornBytes: scan.tornBytes } : undefined;
    this.problems = scan.problems;
    this.#fh = fh;
    this.#runId = options.runId ?? scan.runId;
    this.#clock = options.clock ?? systemClock;
    this.#maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.#onDurable = options.onDurable;
    this.#nextSeq = scan.lastSeq + 1;
    this.#size = scan.end;
    this.#index = scan.index;
    this.#sinceIndexed = scan.sinceIndexed;
    this.legacyLines = scan.chain.legacyLines;
    this.#key = options.key;
    this.#actor = options.actor ?? ENGINE_ACTOR;
    this.#redactor = options.redactor?.active ? options.redactor : undefined;
    this.#prev = scan.chain.nextPrev;
    this.#chainedFrom = scan.chain.chainedFrom;
    this.#tip = tipOf(scan.chain, scan.lastSeq);
    this.#skip = new Set(scan.problems.map((p) => p.offset));
    this.#committer = fh && new GroupCommitter<Appended>(fh, (round) => this.#durable(round), (cause) => (
      new JournalError('failed', `Writing journal ${file} failed: ${(cause as Error).message}`, { cause })
    ));
  }

  /**
   * Opens (a writer creates) a journal. A writer truncates a torn last line — one without its
   * newline, or that does not parse — left by a crash mid-write, and reports it in `recovered`.
   * A bad line anywhere else throws {@link JournalCorruptError} unless `allowCorruptLines` — a
   * {@link JournalTamperedError} when the line breaks the hash chain: that is never a crash.
   */
  static async open(file: string, options: JournalOptions): Promise<Journal> {
    const existed = await fs.stat(file).then(() => true, () => false);
    if (!existed && options.mode === 'reader') return new Journal(file, options, emptyScan(), undefined);
    const fh = options.mode === 'writer' ? await fs.open(file, 'a') : undefined;
    try {
      if (!existed) await fsyncDir(path.dirname(file)); // the new name must survive a crash too
      const scan = await scanJournal(file, { ...(options.key ? { key: options.key } : {}), ...(options.head ? { head: options.head } : {}), ...(options.signal ? { signal: options.signal } : {}) });
      if (scan.problems.length > 0 && options.allowCorruptLines !== true) {
        const { macChecks, macFailures } = scan.chain;
        if (macFailures > 1 && macFailures === macChecks) {
          throw new JournalError('key-mismatch', `Every line of ${file} fails its MAC: the journal key in the state folder's keys/ is not the key this journal was written with (was keys/ deleted, replaced or copied from elsewhere?). Restore the key to carry this run on; \`baton audit verify\` still checks its hash chain.`);
        }
        // Safety: a journal that fails its chain is never replayed, so forged events never count.
        if (scan.problems.some((p) => p.fault !== undefined)) throw new JournalTamperedError(file, scan.problems);
        throw new JournalCorruptError(file, scan.problems);
      }
      if (options.runId !== undefined && scan.runId !== undefined && scan.runId !== options.runId) {
        throw new JournalError('run-mismatch', `Journal ${file} belongs to run ${scan.runId}, not ${options.runId}`);
      }
      if (fh && scan.tornBytes > 0) {
        await fh.truncate(scan.end);
        await fh.datasync();
      }
      return new Journal(file, options, scan, fh);
    } catch (error) {
      await fh?.close();
      // Reads through a handle name no file: say which one (EISDIR, EIO, …) for the person.
      const io = error as NodeJS.ErrnoException;
      if (typeof io.code === 'string' && io.path === undefined) io.path = file;
      throw error;
    }
  }

  /** Seq of the last event in the journal (0 when empty). */
  get lastSeq(): number {
    return this.#nextSeq - 1;
  }

  /** Bytes of complete, durable lines: where a follower starts tailing. */
  get size(): number {
    return this.#size;
  }

  get runId(): string | undefined {
    return this.#runId;
  }

  /** The newest durable chained line (the head a writer records), if any. */
  get tip(): ChainTip | undefined {
    return this.#tip;
  }

  get stats(): Readonly<JournalStats> {
    return { appends: this.#appends, events: this.#events, fsyncs: this.#committer?.rounds ?? 0 };
  }

  /**
   * Stamps `seq`, `at` and `runId` on the events and resolves once they are durably on disk.
   * Seqs follow call order. Rejects the whole call, before anything is written, if an event is
   * invalid or larger than `maxEventBytes`.
   */
  async append(events: readonly NewEvent[]): Promise<EngineEvent[]> {
    const committer = this.#committer;
    if (!committer) throw new JournalError('read-only', `Journal ${this.file} is open for reading only`);
    if (this.#closed) throw new JournalError('closed', `Journal ${this.file} is closed`);
    if (committer.failed) throw committer.failed;
    if (events.length === 0) return [];
    const runId = this.#runId;
    if (runId === undefined) throw new JournalError('no-run-id', `Journal ${this.file} is empty and was opened without a runId`);
    const at = new Date(this.#clock.now()).toISOString();
    const stamped: EngineEvent[] = [];
    const lineBytes: number[] = [];
    let text = '';
    let seq = this.#nextSeq;
    let prev = this.#prev;
    for (const e of events) {
      if (!isEngineEventType(e.type)) throw new JournalError('invalid-event', `Unknown event type ${JSON.stringify(e.type)}`);
      // The envelope goes first so a journal reads well by eye; the second assign wins over any
      // stray envelope fields the caller passed (and drops chain fields it has no business setting).
      let full = Object.assign({ seq, at, runId }, withoutChainFields(e), { seq, at, runId, actor: e.actor ?? this.#actor }) as EngineEvent;
      let json = serialise(full);
      if (this.#redactor) ({ full, json } = this.#redact(full, json));
      // Safety: sealed after redaction, so the chain covers exactly what is on disk.
      const line = sealLine(json, prev, this.#key);
      const bytes = Buffer.byteLength(line) + 1;
      if (bytes > this.#maxEventBytes) {
        const task = 'task' in e ? ` for task ${e.task}` : '';
        throw new JournalError('event-too-large', `Event ${e.type}${task} is ${bytes} bytes; the journal accepts at most ${this.#maxEventBytes} bytes per event`);
      }
      stamped.push(full);
      lineBytes.push(bytes);
      text += `${line}\n`;
      prev = lineHash(line);
      seq++;
    }
    this.#chainedFrom ??= this.#nextSeq;
    this.#nextSeq = seq;
    this.#prev = prev;
    this.#appends++;
    this.#events += stamped.length;
    await committer.submit({ text, events: stamped, lineBytes, lastHash: prev });
    return stamped;
  }

  // A secret in an event: the line written, and the event every listener and snapshot sees, are
  // both the redacted ones. Redacting the JSON text may (for a pathological value) break its
  // syntax; then the event is redacted field by field instead.
  #redact(full: EngineEvent, json: string): { full: EngineEvent; json: string } {
    const redacted = this.#redactor!.redact(json);
    if (redacted === json) return { full, json };
    try {
      return { full: JSON.parse(redacted) as EngineEvent, json: redacted };
    } catch {
      const value = this.#redactor!.redactValue(full);
      return { full: value, json: serialise(value) };
    }
  }

  // Called by the committer, in order, once a round is durable: advance the end and the index,
  // then hand each append's events to the hook.
  #durable(round: readonly Appended[]): void {
    let offset = this.#size;
    for (const p of round) {
      for (let i = 0; i < p.events.length; i++) {
        if (this.#sinceIndexed === 0) this.#index.push({ seq: p.events[i]!.seq, offset });
        this.#sinceIndexed = (this.#sinceIndexed + 1) % INDEX_STRIDE;
        offset += p.lineBytes[i]!;
      }
    }
    this.#size = offset;
    const last = round[round.length - 1];
    const lastEvent = last?.events[last.events.length - 1];
    if (lastEvent) this.#tip = { seq: lastEvent.seq, hash: last!.lastHash, chainedFrom: this.#chainedFrom ?? lastEvent.seq };
    for (const p of round) {
      try {
        this.#onDurable?.(p.events);
      } catch {
        // Contract: the hook does not throw. The events are durable regardless; the next
        // append's hook still runs.
      }
    }
  }

  /** Every durable event with `seq >= fromSeq`, in order, read from disk a chunk at a time. */
  async *events(fromSeq = 1): AsyncGenerator<EngineEvent> {
    const end = this.#size;
    let start = 0;
    for (const entry of this.#index) {
      if (entry.seq > fromSeq) break;
      start = entry.offset;
    }
    if (start >= end) return;
    const fh = await fs.open(this.file, 'r');
    try {
      for await (const lines of readLines(fh, start, end, READ_LINE_CAP)) {
        for (const line of lines) {
          if (this.#skip.has(line.offset)) continue;
          const { event } = parseEventLine(line);
          if (event && event.seq >= fromSeq) yield event;
        }
      }
    } finally {
      await fh.close();
    }
  }

  /** Every durable event, in order: `for await (const e of journal)`. */
  [Symbol.asyncIterator](): AsyncGenerator<EngineEvent> {
    return this.events(1);
  }

  /** Every durable event with `seq >= fromSeq`, in order. */
  async readFrom(fromSeq = 1): Promise<EngineEvent[]> {
    const out: EngineEvent[] = [];
    for await (const e of this.events(fromSeq)) out.push(e);
    return out;
  }

  /**
   * Reads the complete lines appended after `fromOffset` (0 or a previous `nextOffset`) without
   * opening the journal: how another process follows a run. A missing file reads as empty.
   */
  static tail(file: string, fromOffset: number): Promise<JournalTail> {
    return tailJournal(file, fromOffset);
  }

  /** Waits for in-flight appends, then closes. Appends after this call are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#committer?.drain();
    await this.#fh?.close();
    this.#fh = undefined;
  }
}

function tipOf(chain: ChainState, lastSeq: number): ChainTip | undefined {
  return chain.chainedFrom !== undefined && chain.tipHash !== undefined ? { seq: lastSeq, hash: chain.tipHash, chainedFrom: chain.chainedFrom } : undefined;
}

function withoutChainFields(e: NewEvent): NewEvent {
  if (!('prev' in e) && !('mac' in e)) return e;
  const { prev: _prev, mac: _mac, ...rest } = e as NewEvent & { prev?: unknown; mac?: unknown };
  return rest as NewEvent;
}

/** The event as one JSON object, without a newline. */
function serialise(event: EngineEvent): string {
  try {
    return JSON.stringify(event);
  } catch (error) {
    throw new JournalError('invalid-event', `Event ${event.type} cannot be written as JSON: ${(error as Error).message}`);
  }
}
