import * as path from 'node:path';
import type { WorkspaceSettings } from '../model/workspace';
import { asRecord, asStringList } from '../util/lenient';
import { type DiagnosticSink } from './diagnosticSink';
import { findRepository, realPathOf, within, type PathProbe, type RepositoryPaths } from './pathProbe';
import type { RangedSource } from './rangedSource';
import { worktreeLocationProblem } from './worktreeLocation';

/**
 * `settings.worktrees` paths that would let Baton touch what is not its own, caught while the
 * user types (and by `baton validate`) instead of failing mid-run:
 *  - `location` inside `.git`, the repository itself or a parent of it, or a folder of the
 *    user's own files (Baton excludes its worktree folder in `.git/info/exclude`: for `src`
 *    that hid the user's new files from `git status`);
 *  - `copy` / `symlink` entries that leave the repository — absolute, through `..`, into `.git`
 *    (also through a symlink) — so a worktree never gets a copy of, or a link to, anything outside;
 *    a `copy` entry that leads out through a symlink too: its contents would land in the
 *    worktree, where an agent may commit them. A `symlink` entry that is itself a link out (a
 *    `node_modules` pointing at a shared store) is fine: the worktree links to the repository's
 *    path, and git commits a link, never what it leads to.
 */
export function checkWorktreeSettings(source: RangedSource | undefined, rawSettings: unknown, settings: WorkspaceSettings, root: string, probe: PathProbe, sink: DiagnosticSink): void {
  const worktrees = asRecord(asRecord(rawSettings)?.worktrees);
  if (!source || !worktrees) return;
  const repo = findRepository(probe, root);
  const base: readonly (string | number)[] = ['settings', 'worktrees'];
  const location = settings.worktrees.location;
  if (location !== undefined && repo) {
    const problem = worktreeLocationProblem(probe, repo, realPathOf(probe, path.resolve(root, location)));
    if (problem) sink.add(source, [...base, 'location'], 'error', 'worktree-location-unsafe', `\`location\` \`${location}\` ${problem} Leave \`location\` out for \`../${path.basename(repo.root)}.baton-worktrees\` (outside the working tree), or name a folder of its own such as \`.baton-worktrees\`.`);
  }
  for (const key of ['copy', 'symlink'] as const) {
    asStringList(worktrees[key]).forEach((entry, i) => {
      const problem = setupPathProblem(probe, repo, root, entry, key);
      if (problem) sink.add(source, [...base, key, i], 'error', 'path-outside-workspace', `\`${key}\` entry \`${entry}\` ${problem}: a worktree may only get files from inside the repository. Use a path relative to the repository root that stays inside it${key === 'copy' ? ' (copy the real file, not a link to it)' : ''}.`);
    });
  }
}

/** Why a `copy`/`symlink` entry leaves the repository, or undefined when it stays inside. */
function setupPathProblem(probe: PathProbe, repo: RepositoryPaths | undefined, root: string, entry: string, key: 'copy' | 'symlink'): string | undefined {
  const normal = path.posix.normalize(entry.replaceAll('\\', '/')).replace(/\/+$/, '');
  if (path.posix.isAbsolute(normal) || /^[A-Za-z]:/.test(normal)) return 'is an absolute path';
  if (normal === '..' || normal.startsWith('../')) return 'climbs out of the repository with `..`';
  if (normal === '' || normal === '.') return 'names the whole repository';
  if (normal.split('/')[0] === '.git') return 'points into `.git`';
  if (!repo) return undefined;
  const real = realPathOf(probe, path.join(repo.root, ...normal.split('/')));
  if (repo.gitDirs.some((g) => within(g, real))) return 'leads through a symlink into `.git`';
  if (key === 'copy' && !within(repo.root, real)) return `leads through a symlink to ${real}`;
  return undefined;
}
