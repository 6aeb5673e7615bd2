import * as fs from 'node:fs/promises';
import { BranchCheckedOutError } from './branchCheckedOutError';
import { branchTip, resolveCommit } from './gitRefs';
import { mergeBranches } from './mergeBranches';
import { MergeConflictError } from './mergeConflictError';
import { INTEGRATION_KEY } from './worktreeLayout';
import { readWorktreeList } from './worktreeList';
import { removeRegistered } from './ownedWorktree';
import { WorktreeError } from './worktreeError';
import type { MergeSprintRequest, MergeSprintResult, WorktreeContext } from './worktreeTypes';

/**
 * Builds a sprint's integration branch, `baton/<sprint>/_integration`, by merging the task
 * branches in order inside a temporary worktree — never in the user's checkout. Must run under
 * the manager's mutex (it moves a shared branch and adds/removes a worktree).
 *
 * An existing integration branch is continued, not rebuilt: merges already in it are no-ops, and
 * a conflict the user resolved on it by hand survives the next call. `fresh` rebuilds it from
 * `baseRef`. The first conflict stops the run: that merge is aborted, the branch stays at the
 * last good merge, and the conflict is reported rather than thrown.
 *
 * Branches the starting point already contains (tasks that committed nothing) are counted as
 * merged without running git for each; when that is all of them, no temporary worktree is made.
 */
export async function mergeSprint(ctx: WorktreeContext, request: MergeSprintRequest): Promise<MergeSprintResult> {
  const { git, layout } = ctx;
  const branch = layout.branchFor(request.sprint, INTEGRATION_KEY);
  const temp = layout.pathFor(request.sprint, INTEGRATION_KEY);
  await clearWay(ctx, branch, temp);
  const existing = await branchTip(ctx, branch);
  const continued = existing !== undefined && !request.fresh;
  const start = continued ? existing : await resolveCommit(ctx, request.baseRef);
  const contained = await containedBranches(ctx, start);
  if (request.taskBranches.every((b) => contained.has(b))) {
    // Safety: clearWay refused if any worktree has the branch checked out, so moving it is safe.
    if (!continued) await git.run(layout.repoRoot, ['branch', '--force', '--no-track', branch, start]);
    return { branch, merged: [...request.taskBranches] };
  }
  if (continued) await git.run(layout.repoRoot, ['worktree', 'add', temp, branch]);
  else await git.run(layout.repoRoot, ['worktree', 'add', '-B', branch, temp, start]);
  const merged: string[] = [];
  try {
    for (const taskBranch of request.taskBranches) {
      if (!contained.has(taskBranch)) await mergeBranches(git, temp, [taskBranch], branch, request.labels);
      merged.push(taskBranch);
    }
    return { branch, merged };
  } catch (error) {
    if (!MergeConflictError.is(error)) throw error;
    return { branch, merged, conflict: { branch: error.branch, files: [...error.files] } };
  } finally {
    await removeRegistered(ctx, temp);
  }
}

/**
 * Local branches whose tip `commit` already contains — by short name, and the commits they
 * point at — in one git process: merging one of them is a no-op. A branch merged later may
 * contain more, but never fewer.
 */
async function containedBranches(ctx: WorktreeContext, commit: string): Promise<Set<string>> {
  const out = await ctx.git.run(ctx.layout.repoRoot, ['for-each-ref', `--merged=${commit}`, '--format=%(refname) %(objectname)', 'refs/heads/']);
  const contained = new Set([commit]);
  for (const line of out.split('\n').filter(Boolean)) {
    const [ref = '', sha = ''] = line.split(' ');
    contained.add(ref.slice('refs/heads/'.length)).add(sha);
  }
  return contained;
}

/** Removes a temporary worktree a crash left behind, and refuses if the user has the branch out. */
async function clearWay(ctx: WorktreeContext, branch: string, temp: string): Promise<void> {
  const { git, layout } = ctx;
  for (const entry of await readWorktreeList(git, layout.repoRoot)) {
    if (entry.path === temp) await removeRegistered(ctx, temp);
    else if (entry.branch === branch && !entry.prunable) throw new BranchCheckedOutError(branch, entry.path);
    else if (entry.branch === branch) await removeRegistered(ctx, entry.path);
  }
  if ((await fs.readdir(temp).catch(() => [])).length > 0) {
    throw new WorktreeError(`${temp} exists and is not a worktree of ${layout.repoRoot}; move it away and try again`);
  }
}
