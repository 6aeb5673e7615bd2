import * as path from 'node:path';
import { within, type PathProbe, type RepositoryPaths } from './pathProbe';

/** The folder Baton moves removed worktrees into before deleting them (worktrees/batchRemoval.ts). */
export const TRASH_FOLDER_NAME = '.baton-trash';

/**
 * Why a worktree location (real, absolute) is not safe for Baton to own, or undefined when it
 * is. Shared by the validator and the worktree layout, so the editor, `baton validate` and a
 * run refuse exactly the same folders.
 *
 * Safety: a location inside the working tree is added to `.git/info/exclude`; only a folder that
 * is new, empty or already Baton's may be, or the user's own files would vanish from `git status`.
 */
export function worktreeLocationProblem(probe: PathProbe, repo: RepositoryPaths, real: string): string | undefined {
  if (repo.gitDirs.some((g) => within(g, real))) return 'is inside the repository\'s `.git` folder, where git keeps its own files.';
  if (within(real, repo.root)) return real === repo.root ? 'is the repository itself.' : 'is a parent of the repository.';
  if (!within(repo.root, real)) return undefined;
  const foreign = foreignEntry(probe, real);
  if (foreign) return `already holds your files (${path.relative(repo.root, foreign).split(path.sep).join('/')}): Baton adds its worktree folder to \`.git/info/exclude\`, which would hide them from \`git status\`.`;
  return undefined;
}

/**
 * A file in `dir` that is not part of Baton's layout (`<sprint>/<worktree>/…`, the trash), or
 * undefined when the folder is missing, empty or Baton's own.
 */
function foreignEntry(probe: PathProbe, dir: string): string | undefined {
  for (const sprint of probe.readdir(dir) ?? []) {
    const sprintDir = path.join(dir, sprint.name);
    if (!sprint.directory) return sprintDir;
    if (sprint.name === TRASH_FOLDER_NAME) continue;
    for (const worktree of probe.readdir(sprintDir) ?? []) {
      const worktreeDir = path.join(sprintDir, worktree.name);
      if (!worktree.directory) return worktreeDir;
      const entries = probe.readdir(worktreeDir) ?? [];
      // A worktree has a `.git` file; an empty folder is one being created or removed.
      if (entries.length > 0 && !entries.some((e) => e.name === '.git' && !e.directory)) return worktreeDir;
    }
  }
  return undefined;
}
