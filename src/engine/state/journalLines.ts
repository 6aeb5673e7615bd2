import type { FileHandle } from 'node:fs/promises';
import type { EngineEvent } from './events';

/** One complete (newline-terminated) line of a journal file. */
export interface RawLine {
  /** The line without its newline; only a prefix when `overlong`. */
  text: string;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Bytes the line occupies, newline included. */
  bytes: number;
  /** The line was longer than the reader's cap; `text` holds only its start. */
  overlong: boolean;
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const SNIPPET_CHARS = 120;

/**
 * Reads the complete lines in `[start, end)` of a file, a chunk at a time, yielding each chunk's
 * lines together so a consumer pays the generator overhead per megabyte, not per line. Bytes
 * after the last newline (a line still being written, or torn by a crash) are not yielded; the
 * consumer learns where complete lines end from the last line it saw.
 *
 * Lines longer than `maxLineBytes` are yielded with only their start, flagged `overlong`, so a
 * file without newlines cannot make the reader buffer it whole.
 */
export async function* readLines(
  fh: FileHandle,
  start: number,
  end: number,
  maxLineBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<RawLine[]> {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let pos = start;
  let lineStart = start;
  // The part of the current line that came in earlier chunks.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let overlong = false;
  while (pos < end) {
    signal?.throwIfAborted();
    const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK_BYTES, end - pos), pos);
    if (bytesRead === 0) break; // the file shrank under us; what we have is all there is
    const view = buf.subarray(0, bytesRead);
    const lines: RawLine[] = [];
    let i = 0;
    for (;;) {
      const nl = view.indexOf(NEWLINE, i);
      if (nl === -1) {
        const rest = bytesRead - i;
        if (carryBytes + rest > maxLineBytes) overlong = true;
        // Past the cap only the start is kept (for the snippet); the rest is counted, not held.
        if (!overlong || carryBytes < SNIPPET_CHARS) carry.push(Buffer.from(view.subarray(i, bytesRead)));
        carryBytes += rest;
        break;
      }
      const tooLong = overlong || carryBytes + (nl - i) > maxLineBytes;
      let text: string;
      if (carry.length === 0) {
        text = view.toString('utf8', i, tooLong ? Math.min(nl, i + SNIPPET_CHARS) : nl);
      } else {
        carry.push(view.subarray(i, nl));
        const whole = Buffer.concat(carry);
        text = whole.toString('utf8', 0, tooLong ? Math.min(whole.length, SNIPPET_CHARS) : whole.length);
      }
      const lineEnd = pos + nl + 1;
      lines.push({ text, offset: lineStart, bytes: lineEnd - lineStart, overlong: tooLong });
      lineStart = lineEnd;
      carry = [];
      carryBytes = 0;
      overlong = false;
      i = nl + 1;
    }
    pos += bytesRead;
    if (lines.length > 0) yield lines;
  }
}

/** A line parsed as an event, or why it could not be. `sealed` holds the chain fields it carried. */
export type ParsedLine =
  | { event: EngineEvent; sealed: { prev?: unknown; mac?: unknown } | undefined; reason?: undefined }
  | { event?: undefined; sealed?: undefined; reason: string };

/**
 * Parses one journal line. Only the envelope is checked: an unknown `type` from a newer Baton
 * still parses, and the projection ignores it, so old readers survive new event kinds. The
 * chain fields (`prev`, `mac`, see journalChain.ts) are taken off the event and returned beside
 * it: they belong to the file, not to the event every view and snapshot sees.
 */
export function parseEventLine(line: RawLine): ParsedLine {
  if (line.overlong) return { reason: `line is ${line.bytes} bytes, longer than the reader accepts` };
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return { reason: `not JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  if (typeof v.seq !== 'number' || !Number.isSafeInteger(v.seq) || v.seq < 1) return { reason: 'no valid `seq`' };
  if (typeof v.type !== 'string') return { reason: 'no `type`' };
  if (typeof v.at !== 'string' || typeof v.runId !== 'string') return { reason: 'no `at` or `runId`' };
  if (!('prev' in v) && !('mac' in v)) return { event: value as EngineEvent, sealed: undefined };
  const { prev, mac, ...event } = v;
  return { event: event as unknown as EngineEvent, sealed: { prev, mac } };
}

/** The start of a line, for error messages. */
export function snippetOf(line: RawLine): string {
  return line.text.length > SNIPPET_CHARS ? `${line.text.slice(0, SNIPPET_CHARS)}…` : line.text;
}
