import * as fs from 'node:fs';
import { GitRunner } from '../worktrees/gitRunner';
import type { WorktreeManager } from '../worktrees/worktreeManager';

/** Where an accepted task's work goes: its worktree (if it still has one) or its branch. */
export interface AcceptedWork {
  commit: string;
  worktree?: string;
  branch?: string;
}

/**
 * Puts a task's branch on the commit a person accepted (the last failed attempt's work, which
 * the failure rolled back), so the integration merge takes exactly that work. Done before
 * `task:accepted` is journalled: a crash in between leaves a failed task whose branch points at
 * its own work, and the next attempt's first step returns it to the checkpoint it rolls back to.
 */
export async function moveToAccepted(worktrees: WorktreeManager, repoRoot: string, work: AcceptedWork): Promise<void> {
  if (work.worktree && fs.existsSync(work.worktree)) {
    await worktrees.rollback(work.worktree, work.commit);
    return;
  }
  if (!work.branch || !/^baton\/[^\s~^:?*[\\]+$/.test(work.branch)) throw new Error(`the task has neither a worktree nor a Baton branch to put ${work.commit.slice(0, 8)} on`);
  await new GitRunner(repoRoot).run(repoRoot, ['update-ref', `refs/heads/${work.branch}`, work.commit]);
}
