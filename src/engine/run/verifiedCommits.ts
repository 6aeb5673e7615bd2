import type { DeepReadonly, TaskRunState } from '../state/runState';

/** A done task's work as it passed its checks: the commit, and its branch's name for messages. */
export interface VerifiedWork {
  commit: string;
  /** `baton/<sprint>/<task>`: named in merge commits; never merged itself. */
  branch: string;
}

/**
 * The commit that passed `t`'s checks — journalled with `task:succeeded`, or in the handoff a
 * person approved — or undefined when none was recorded.
 *
 * Safety: dependency merges and the integration merge take this id, never the branch's tip.
 * A branch is a name anyone with write access to `.git` can move; the journal's commit is
 * what Baton verified. An agent pointing another task's branch at other work after that task
 * was verified changes nothing that is merged.
 */
export function verifiedWork(t: DeepReadonly<TaskRunState> | undefined): VerifiedWork | undefined {
  if (t?.status !== 'done' || !t.branch) return undefined;
  const commit = t.commit ?? t.handoff?.commit;
  return commit ? { commit, branch: t.branch } : undefined;
}

/** `{ <commit>: <branch> }` for merge messages. */
export function labelsOf(work: readonly VerifiedWork[]): Record<string, string> {
  return Object.fromEntries(work.map((w) => [w.commit, w.branch]));
}
