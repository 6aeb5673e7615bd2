import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { systemClock, type Clock } from './clock';
import { isEngineEventType, type EngineEvent, type NewEvent } from './events';
import { JournalCorruptError, JournalError, type JournalLineProblem } from './journalErrors';
import { parseEventLine, readLines } from './journalLines';
import { READ_LINE_CAP, INDEX_STRIDE, emptyScan, scanJournal, tailJournal, type JournalTail, type ScanResult } from './journalScan';
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
}

const DEFAULT_MAX_EVENT_BYTES = 1 << 20;

/**
 * An append-only JSON-lines file of {@link EngineEvent}s: the durable record of one run.
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
    this.#committer = fh && new GroupCommitter<Appended>(fh, (round) => this.#durable(round), (cause) => (
      new JournalError('failed', `Writing journal ${file} failed: ${(cause as Error).message}`, { cause })
    ));
  }

  /**
   * Opens (a writer creates) a journal. A writer truncates a torn last line — one without its
   * newline, or that does not parse — left by a crash mid-write, and reports it in `recovered`.
   * A bad line anywhere else throws {@link JournalCorruptError} unless `allowCorruptLines`.
   */
  static async open(file: string, options: JournalOptions): Promise<Journal> {
    const existed = await fs.stat(file).then(() => true, () => false);
    if (!existed && options.mode === 'reader') return new Journal(file, options, emptyScan(), undefined);
    const fh = options.mode === 'writer' ? await fs.open(file, 'a') : undefined;
    try {
      if (!existed) await fsyncDir(path.dirname(file)); // the new name must survive a crash too
      const scan = await scanJournal(file, options.signal);
      if (scan.problems.length > 0 && options.allowCorruptLines !== true) throw new JournalCorruptError(file, scan.problems);
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
    for (const e of events) {
      if (!isEngineEventType(e.type)) throw new JournalError('invalid-event', `Unknown event type ${JSON.stringify(e.type)}`);
      // The envelope goes first so a journal reads well by eye; the second assign wins over any
      // stray envelope fields the caller passed.
      const full = Object.assign({ seq, at, runId }, e, { seq, at, runId }) as EngineEvent;
      const line = serialise(full);
      const bytes = Buffer.byteLength(line);
      if (bytes > this.#maxEventBytes) {
        const task = 'task' in e ? ` for task ${e.task}` : '';
        throw new JournalError('event-too-large', `Event ${e.type}${task} is ${bytes} bytes; the journal accepts at most ${this.#maxEventBytes} bytes per event`);
      }
      stamped.push(full);
      lineBytes.push(bytes);
      text += line;
      seq++;
    }
    this.#nextSeq = seq;
    this.#appends++;
    this.#events += stamped.length;
    await committer.submit({ text, events: stamped, lineBytes });
    return stamped;
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

function serialise(event: EngineEvent): string {
  try {
    return `${JSON.stringify(event)}\n`;
  } catch (error) {
    throw new JournalError('invalid-event', `Event ${event.type} cannot be written as JSON: ${(error as Error).message}`);
  }
}
