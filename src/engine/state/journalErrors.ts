/** A line of a journal that could not be used, with enough context to find it by hand. */
export interface JournalLineProblem {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  reason: string;
  /** The start of the line, for the message. */
  snippet: string;
}

/**
 * A journal holds a bad line before its last one. The tail of a journal may be torn by a crash
 * and is repaired silently; a bad line in the middle means something other than a crash went
 * wrong (a disk error, a hand edit) and replaying past it could rebuild the wrong state, so
 * opening refuses unless the caller asked for `allowCorruptLines`.
 */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
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
  | 'run-mismatch';

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
