import type { Diagnostic } from '../model/diagnostic';

export type RunErrorCode =
  | 'invalid-workspace' | 'not-a-git-repo' | 'no-commits' | 'unknown-sprint' | 'run-unfinished' | 'nothing-to-resume' | 'sprint-changed' | 'bad-option'
  /** `settings.sandbox: required` where no sandbox can be made. */
  | 'sandbox-unavailable'
  /** The config a run recorded at its start no longer matches the hash its journal holds. */
  | 'config-tampered'
  /** The workspace has no config folder, or Baton cannot read its state folder. */
  | 'no-workspace'
  /** A run's journal fails verification (changed after Baton wrote it): it is not replayed. */
  | 'journal-tampered';

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
