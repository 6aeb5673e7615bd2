import * as fs from 'node:fs/promises';
import type { EngineEvent } from './events';
import type { JournalLineProblem } from './journalErrors';
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
}

/** The scan of an empty (or missing) journal. */
export function emptyScan(): ScanResult {
  return { lastSeq: 0, end: 0, tornBytes: 0, runId: undefined, problems: [], index: [], sinceIndexed: 0 };
}

/** One pass over a whole journal file: validates every line, finds the torn tail, builds the seq index. */
export async function scanJournal(file: string, signal?: AbortSignal): Promise<ScanResult> {
  const scan = emptyScan();
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    let lineNo = 0;
    let last: { line: RawLine; bad: boolean } | undefined;
    for await (const lines of readLines(fh, 0, size, READ_LINE_CAP, signal)) {
      for (const line of lines) {
        lineNo++;
        const parsed = parseEventLine(line);
        let reason = parsed.reason;
        if (parsed.event && parsed.event.seq <= scan.lastSeq) reason = `seq ${parsed.event.seq} does not follow ${scan.lastSeq}`;
        last = { line, bad: reason !== undefined };
        if (reason !== undefined) {
          scan.problems.push({ line: lineNo, offset: line.offset, reason, snippet: snippetOf(line) });
          continue;
        }
        const e = parsed.event!;
        if (scan.sinceIndexed === 0) scan.index.push({ seq: e.seq, offset: line.offset });
        scan.sinceIndexed = (scan.sinceIndexed + 1) % INDEX_STRIDE;
        scan.lastSeq = e.seq;
        scan.runId ??= e.runId;
      }
    }
    scan.end = last ? last.line.offset + last.line.bytes : 0;
    // A bad *last* line is a write the crash cut short, like a missing newline: torn, not corrupt.
    if (last?.bad) {
      scan.problems.pop();
      scan.end = last.line.offset;
    }
    scan.tornBytes = size - scan.end;
    return scan;
  } finally {
    await fh.close();
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
