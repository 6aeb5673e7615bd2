import { isMerging } from './gitRefs';
import type { GitRunner } from './gitRunner';
import { MergeConflictError } from './mergeConflictError';

/**
 * Merges `branches` one by one into the branch checked out in `worktree`, always with a merge
 * commit (`--no-ff`) so each dependency's arrival is visible in the history, without an editor
 * and without the user's commit hooks (Baton validates work itself). A branch that is already
 * contained is a no-op.
 *
 * @returns the branches merged, in order.
 * @throws MergeConflictError on the first conflict, after `git merge --abort` has restored the
 *   worktree to its last good commit; earlier merges stay.
 */
export async function mergeBranches(git: GitRunner, worktree: string, branches: readonly string[], into: string, labels: Readonly<Record<string, string>> = {}): Promise<string[]> {
  const merged: string[] = [];
  for (const branch of branches) {
    await mergeOne(git, worktree, branch, into, labels[branch]);
    merged.push(branch);
  }
  return merged;
}

async function mergeOne(git: GitRunner, worktree: string, branch: string, into: string, label: string | undefined): Promise<void> {
  const message = label ? ['-m', `Merge ${label} (verified ${branch.slice(0, 12)}) into ${into}`] : [];
  try {
    await git.runCommitting(worktree, ['merge', '--no-ff', '--no-edit', '--no-verify', ...message, branch]);
    return;
  } catch (error) {
    // A merge that stopped half-way leaves MERGE_HEAD; any other failure (unknown branch,
    // untracked files in the way) left nothing to undo and is reported as git said it.
    if (!(await isMerging(git, worktree))) throw error;
    const unmerged = await git.run(worktree, ['diff', '--name-only', '--diff-filter=U', '-z']);
    await git.run(worktree, ['merge', '--abort']);
    const files = [...new Set(unmerged.split('\0').filter(Boolean))].sort();
    throw new MergeConflictError(branch, files, into);
  }
}
