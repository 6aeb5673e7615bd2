/**
 * A worktree operation failed: invalid input (an id that cannot be a branch name, a `copy` path
 * outside the repository), a worktree that is not healthy enough to reuse, or a git command that
 * refused. The message says what and where; `cause` keeps git's own error when there is one.
 */
export class WorktreeError extends Error {
  override readonly name: string = 'WorktreeError';

  static is(error: unknown): error is WorktreeError {
    return error instanceof WorktreeError;
  }
}
