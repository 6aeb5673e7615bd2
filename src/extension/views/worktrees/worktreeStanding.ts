import type { ReadonlyRunState } from '../../../engine/state/runState';
import type { WorktreeInfo } from '../../../engine/worktrees/worktreeTypes';

const FINISHED = new Set(['done', 'skipped', 'cancelled']);

/** Owned by an unfinished task of the current run (the CLI's `baton worktrees` rule). */
export function isOwned(run: ReadonlyRunState, w: WorktreeInfo): boolean {
  const t = w.task && w.sprint === run.sprint ? run.tasks.get(w.task) : undefined;
  return t !== undefined && !FINISHED.has(t.status);
}

/**
 * Where a worktree stands against the current run: `owned` by an unfinished task; `finished`
 * when its task (or the run's integration merge) is done while the sprint still runs — the run
 * removes it at its end, so it is no orphan; else `orphan`, for Prune Orphaned Worktrees.
 */
export function worktreeStanding(run: ReadonlyRunState, w: WorktreeInfo): 'owned' | 'finished' | 'orphan' {
  if (isOwned(run, w)) return 'owned';
  const going = run.status === 'active' || run.status === 'paused';
  const ofThisRun = w.sprint === run.sprint && w.task !== undefined && (run.tasks.has(w.task) || w.task === '_integration');
  return going && ofThisRun ? 'finished' : 'orphan';
}
