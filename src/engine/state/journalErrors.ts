import type { ChainFault } from './journalChain';

/**
 * How a line breaks the journal's hash chain (journalChain.ts): set on problems of a chained
 * journal, where no crash explains a bad line — only a change after Baton wrote it.
 * `truncated`: lines Baton had written are gone from the end; `unreadable`: a line in the
 * middle is not an event at all.
 */
export type JournalLineFault = ChainFault | 'truncated' | 'unreadable';

/** A line of a journal that could not be used, with enough context to find it by hand. */
export interface JournalLineProblem {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  reason: string;
  /** The start of the line, for the message. */
  snippet: string;
  /** Set when the line breaks the hash chain: tampering, not a crash. */
  fault?: JournalLineFault;
}

/**
 * A journal holds a bad line before its last one. The tail of a journal may be torn by a crash
 * and is repaired silently; a bad line in the middle means something other than a crash went
 * wrong (a disk error, a hand edit) and replaying past it could rebuild the wrong state, so
 * opening refuses unless the caller asked for `allowCorruptLines`.
 */
export class JournalCorruptError extends Error {
  override readonly name: string = 'JournalCorruptError';
  readonly file: string;
  /** 1-based number of the first bad line. */
  readonly line: number;
  readonly snippet: string;
  /** Every bad line found. */
  readonly problems: readonly JournalLineProblem[];

  constructor(file: string, problems: readonly JournalLineProblem[]) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more bad line${problems.length > 2 ? 's' : ''})` : '';
    super(`Journal ${file} is corrupt at line ${first.line}: ${first.reason}: ${JSON.stringify(first.snippet)}${more}`);
    this.file = file;
    this.line = first.line;
    this.snippet = first.snippet;
    this.problems = problems;
  }

  static is(error: unknown): error is JournalCorruptError {
    return error instanceof JournalCorruptError;
  }
}

/**
 * A journal whose hash chain breaks: a line was edited, deleted, inserted or moved after Baton
 * wrote it, or written by something else. Replaying it could make forged work count as done
 * (an agent appending `task:succeeded` for itself), so every writer and `resume` refuse it,
 * naming the first bad line; `baton audit verify` reports every change.
 */
export class JournalTamperedError extends JournalCorruptError {
  override readonly name = 'JournalTamperedError';

  constructor(file: string, problems: readonly JournalLineProblem[]) {
    super(file, problems);
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (${problems.length - 1} more problem${problems.length > 2 ? 's' : ''} after it)` : '';
    this.message = `${file}:${first.line}: ${first.reason}${more}. Baton does not replay a journal that was changed after it was written; \`baton audit verify\` reports every change.`;
  }

  static override is(error: unknown): error is JournalTamperedError {
    return error instanceof JournalTamperedError;
  }
}

/** Why a journal refused an operation. */
export type JournalErrorCode =
  /** The journal was closed (or is closing). */
  | 'closed'
  /** A write or fsync failed earlier; nothing more is accepted until the journal is reopened. */
  | 'failed'
  /** `append` on a journal opened as a reader. */
  | 'read-only'
  /** One event serialises to more than `maxEventBytes`. */
  | 'event-too-large'
  /** An event without a known `type`. */
  | 'invalid-event'
  /** No `runId` was given and the journal has no events to take it from. */
  | 'no-run-id'
  /** The given `runId` differs from the one in the journal. */
  | 'run-mismatch'
  /** The state folder's journal key exists but cannot be read or is damaged. */
  | 'key-unreadable'
  /** Every MAC of the journal fails: it was written with another key than the folder's. */
  | 'key-mismatch';

/** A journal operation that was refused; `code` says why. */
export class JournalError extends Error {
  override readonly name = 'JournalError';
  readonly code: JournalErrorCode;

  constructor(code: JournalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  static is(error: unknown, code?: JournalErrorCode): error is JournalError {
    return error instanceof JournalError && (code === undefined || error.code === code);
  }
}
