/** What went wrong: an id the scheduler does not know, a state change that makes no sense, or a cyclic graph. */
export type SchedulerErrorCode = 'unknown-task' | 'invalid-transition' | 'cycle';

/**
 * Thrown by the scheduling policy for programming errors in the dispatch loop (it asked about
 * a task that is not in the sprint, or replayed an impossible state change) and for a cyclic
 * graph, which the loader reports long before anything runs.
 */
export class SchedulerError extends Error {
  override readonly name = 'SchedulerError';
  readonly code: SchedulerErrorCode;

  constructor(code: SchedulerErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  static is(error: unknown): error is SchedulerError {
    return error instanceof SchedulerError;
  }
}
