import { WorktreeError } from './worktreeError';

/**
 * The branch Baton needs is checked out in another worktree — typically the user ran
 * `git checkout baton/<sprint>/<task>` in their own checkout. Git allows a branch in one worktree
 * only, and Baton never switches the user's branch for them, so it stops and says where.
 */
export class BranchCheckedOutError extends WorktreeError {
  override readonly name: string = 'BranchCheckedOutError';
  readonly branch: string;
  /** The worktree that has the branch checked out. */
  readonly checkedOutAt: string;

  constructor(branch: string, checkedOutAt: string) {
    super(`Branch ${branch} is checked out in ${checkedOutAt}; switch that worktree to another branch (or remove it) and try again`);
    this.branch = branch;
    this.checkedOutAt = checkedOutAt;
  }

  static override is(error: unknown): error is BranchCheckedOutError {
    return error instanceof BranchCheckedOutError;
  }
}
