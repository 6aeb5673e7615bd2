/**
 * Something the store recovered from or worked around, reported instead of thrown so a front
 * can show it ("recovered from a crash: dropped a torn write of 212 bytes") while the run goes on.
 */
export type StateProblem =
  /** A writer truncated a half-written last line left by a crash. */
  | { kind: 'torn-tail'; runId: string; tornBytes: number }
  /**
   * The journal starts with lines an older Baton wrote without a hash chain: they cannot be
   * checked line by line (the first chained line seals them as a whole from then on).
   */
  | { kind: 'legacy-journal'; runId: string; lines: number }
  /** A bad line in the middle of a journal, skipped because `allowCorruptLines` was set. */
  | { kind: 'corrupt-line'; runId: string; line: number; reason: string; snippet: string }
  /** A snapshot that could not be used; the state came from an older one or a full replay. */
  | { kind: 'snapshot-skipped'; runId: string; file: string; reason: string }
  /** Writing a snapshot failed; the journal still holds everything, replay just gets longer. */
  | { kind: 'snapshot-failed'; runId: string; reason: string }
  /** A bus listener threw. */
  | { kind: 'listener-error'; eventType: string; seq: number; error: unknown }
  /** The reducer threw on an event (a bug); the event is journalled and was emitted anyway. */
  | { kind: 'projection-error'; seq: number; error: unknown }
  /** Another process took the write lease over; commits are refused from now on. */
  | { kind: 'lease-lost'; reason: string }
  /** An observer could not read the journal it follows; it keeps trying. */
  | { kind: 'follow-error'; runId: string; reason: string };
