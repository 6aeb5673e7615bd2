import { WorktreeError } from './worktreeError';

/**
 * Merging `branch` conflicted. The merge has already been aborted, so the worktree is back at
 * its last good commit with a clean status; `files` (sorted, repository-relative) are the paths
 * git could not merge.
 */
export class MergeConflictError extends WorktreeError {
  override readonly name: string = 'MergeConflictError';
  readonly branch: string;
  readonly files: readonly string[];

  constructor(branch: string, files: readonly string[], where: string) {
    super(`Merging ${branch} into ${where} conflicts in ${files.length > 0 ? files.join(', ') : 'unknown files'}; the merge was aborted`);
    this.branch = branch;
    this.files = files;
  }

  static override is(error: unknown): error is MergeConflictError {
    return error instanceof MergeConflictError;
  }
}
