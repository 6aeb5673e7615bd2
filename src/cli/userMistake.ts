import { WorkspaceNotFoundError } from '../engine/config/loadWorkspace';
import { RunError } from '../engine/run/runError';
import { JournalCorruptError, JournalError } from '../engine/state/journalErrors';
import { LeaseHeldError } from '../engine/state/lease';
import { StateStoreError } from '../engine/state/stateStoreError';
import { WorktreeError } from '../engine/worktrees/worktreeError';

/** File-system errors that mean the user's files or permissions, not a bug in Baton. */
const ENVIRONMENT_CODES = new Set(['EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EROFS', 'ENOSPC', 'EDQUOT', 'EMFILE', 'ENAMETOOLONG', 'ELOOP']);

/**
 * The message for an error the person can act on — a missing config folder, a run that cannot
 * resume, a journal that fails verification, a folder Baton may not write — or undefined for a
 * bug, which the CLI reports with its stack. No command prints a stack trace for a user mistake.
 */
export function userMistake(error: unknown): string | undefined {
  if (WorkspaceNotFoundError.is(error) || RunError.is(error) || StateStoreError.is(error) || WorktreeError.is(error)) return (error as Error).message;
  if (JournalCorruptError.is(error)) return `${error.message} \`baton cancel\` abandons the run.`;
  if (JournalError.is(error)) return error.message;
  if (LeaseHeldError.is(error)) return `another Baton process (pid ${error.pid}, ${error.owner}) is running this workspace since ${error.since}. Watch it with \`baton status\`; stop it with \`baton cancel\`.`;
  const fsError = error as NodeJS.ErrnoException;
  if (typeof fsError?.code === 'string' && ENVIRONMENT_CODES.has(fsError.code)) {
    const where = fsError.path ? ` ${fsError.path}` : '';
    return `cannot ${fsError.syscall ?? 'access'}${where} (${fsError.code}). Check that it exists and that you may read and write it.`;
  }
  return undefined;
}
