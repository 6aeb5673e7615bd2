/** Why the state store refused an operation. */
export type StateStoreErrorCode =
  /** The store was closed. */
  | 'closed'
  /** A write on a store opened as an observer. */
  | 'read-only'
  /** `commit` before any run was opened or started. */
  | 'no-run'
  /** `startNewRun` with an id that already has a folder. */
  | 'run-exists'
  /** `open` with a `runId` that has no folder. */
  | 'run-not-found'
  /** A run id that cannot be a folder name. */
  | 'invalid-run-id'
  /** Another process took the write lease over; this store may no longer write. */
  | 'lease-lost';

/** A refused state store operation; `code` says why. */
export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';
  readonly code: StateStoreErrorCode;

  constructor(code: StateStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  static is(error: unknown, code?: StateStoreErrorCode): error is StateStoreError {
    return error instanceof StateStoreError && (code === undefined || error.code === code);
  }
}
