import type { Diagnostic } from '../model/diagnostic';

export type RunErrorCode = 'invalid-workspace' | 'not-a-git-repo' | 'no-commits' | 'unknown-sprint' | 'run-unfinished' | 'nothing-to-resume' | 'sprint-changed' | 'bad-option' | 'sandbox-unavailable';

/** Why a run could not start or resume; nothing was changed when this is thrown. */
export class RunError extends Error {
  override readonly name = 'RunError';
  constructor(readonly code: RunErrorCode, message: string, readonly diagnostics: readonly Diagnostic[] = []) {
    super(message);
  }

  static is(error: unknown): error is RunError {
    return error instanceof RunError;
  }
}
