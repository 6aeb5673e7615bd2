import type { SprintResult } from '../../engine/result/sprintResult';
import type { BoardResult } from '../../shared/boardTypes';

/**
 * A finished sprint's integration branch as the Sprints tree and the board show it, from the
 * engine's reading of the repository. Pure, tested in plain Node.
 */
export function boardResult(r: SprintResult): BoardResult {
  const hosted = r.remotes.find((x) => x.host && x.name === 'origin') ?? r.remotes.find((x) => x.host);
  const mergeInto = mergeTarget(r);
  return {
    branch: r.branch, exists: r.exists, commits: r.commits, files: r.files, checkedOut: r.currentBranch === r.branch,
    ...(mergeInto ? { mergeInto } : {}),
    ...(hosted?.host ? { remote: { name: hosted.name, host: hosted.host } } : {}),
  };
}

/** Where "Merge into…" proposes first: the run's base branch, else the branch checked out here. */
export function mergeTarget(r: Pick<SprintResult, 'baseBranch' | 'currentBranch' | 'branches' | 'branch'>): string | undefined {
  const candidates = [r.baseBranch, r.currentBranch].filter((b): b is string => b !== undefined && b !== r.branch && r.branches.includes(b));
  return candidates[0];
}

/** `baton:result` plus `+exists`, `+checkout` (not checked out yet) and `+remote`, for the tree's menus. */
export function resultContextValue(r: BoardResult): string {
  return ['baton:result', ...(r.exists ? ['exists'] : []), ...(r.exists && !r.checkedOut ? ['checkout'] : []), ...(r.exists && r.remote ? ['remote'] : [])].join('+');
}

/** `12 commits · 9 files` — the tree row's description. */
export function resultDescription(r: BoardResult): string {
  if (!r.exists) return 'branch not found';
  return [`${r.commits} commit${r.commits === 1 ? '' : 's'}`, `${r.files} file${r.files === 1 ? '' : 's'}`, ...(r.checkedOut ? ['checked out'] : [])].join(' · ');
}
