/** Why an action on a sprint's result was refused or failed. */
export type ResultProblem =
  | 'no-result'
  | 'dirty'
  | 'checked-out-elsewhere'
  | 'not-fast-forward'
  | 'conflict'
  | 'no-remote'
  | 'push-failed'
  | 'pr-failed';

/**
 * An action on a sprint's integration branch was refused or failed; the message says what,
 * where, and what to do. Nothing was changed unless the message says otherwise.
 */
export class ResultError extends Error {
  override readonly name: string = 'ResultError';
  readonly code: ResultProblem;

  constructor(code: ResultProblem, message: string) {
    super(message);
    this.code = code;
  }

  static is(error: unknown): error is ResultError {
    return error instanceof ResultError;
  }
}
