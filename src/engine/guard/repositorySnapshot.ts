import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { GitRunner } from '../worktrees/gitRunner';

/** The user's repository as Baton must leave it: what {@link takeSnapshot} reads. */
export interface RepositorySnapshot {
  /** The user's branches and tags (`refs/heads/*` but Baton's, `refs/tags/*`) → commit. */
  refs: Record<string, string>;
  /** The main worktree's HEAD file, as written (`ref: refs/heads/main` or a commit id). */
  head: string;
  /** What the index holds (`git ls-files --stage`, hashed): stat data git refreshes does not count. */
  index: string;
  /** A tree of the working tree — tracked and untracked files, git-ignored ones aside. */
  tree: string;
}

/** The repository's paths the guard reads and restores. */
export interface RepositoryPaths {
  repoRoot: string;
  /** The main worktree's git directory (HEAD, index). */
  gitDir: string;
  /** A scratch folder of Baton's (temporary index files). */
  scratch: string;
  /** Baton's own folders inside the working tree (its state, worktrees), repository-relative: never compared. */
  excludes: readonly string[];
}

const BATON_REFS = /^refs\/heads\/baton(-archive)?\//;

/**
 * Reads the user's repository without changing it: refs (one `for-each-ref`), HEAD and the index
 * (files), and the working tree as a tree object written from a temporary copy of the index
 * (`add -A` + `write-tree`, so unchanged files cost a stat, not a read). Writing that tree also
 * stores every uncommitted file in the object database: the snapshot is the backup.
 */
export async function takeSnapshot(git: GitRunner, paths: RepositoryPaths): Promise<RepositorySnapshot> {
  const [refsOut, head, index, tree] = await Promise.all([
    git.run(paths.repoRoot, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags']),
    fs.readFile(path.join(paths.gitDir, 'HEAD'), 'utf8').catch(() => ''),
    git.run(paths.repoRoot, ['ls-files', '--stage', '-z']).then((out) => createHash('sha256').update(out).digest('hex')),
    worktreeTree(git, paths),
  ]);
  const refs: Record<string, string> = {};
  for (const line of refsOut.split('\n')) {
    const [ref, sha] = line.split(' ');
    if (ref && sha && !BATON_REFS.test(ref)) refs[ref] = sha;
  }
  return { refs, head, index, tree };
}

/** What differs between two snapshots, for people: "moved main (abc12345 → def67890), changed the working tree". */
export function describeChanges(before: RepositorySnapshot, after: RepositorySnapshot, changedFiles: readonly string[]): string[] {
  const changes: string[] = [];
  for (const ref of new Set([...Object.keys(before.refs), ...Object.keys(after.refs)])) {
    const name = ref.replace(/^refs\/(heads|tags)\//, '');
    const [was, now] = [before.refs[ref], after.refs[ref]];
    if (was === now) continue;
    changes.push(!was ? `created ${name}` : !now ? `deleted ${name}` : `moved ${name} (${was.slice(0, 8)} → ${now.slice(0, 8)})`);
  }
  if (before.head !== after.head) changes.push(`changed HEAD (${before.head.trim()} → ${after.head.trim()})`);
  if (before.index !== after.index) changes.push('changed the index');
  if (before.tree !== after.tree) {
    const shown = changedFiles.slice(0, 5).join(', ');
    changes.push(`changed ${changedFiles.length} file${changedFiles.length === 1 ? '' : 's'} in the working tree${shown ? ` (${shown}${changedFiles.length > 5 ? ', …' : ''})` : ''}`);
  }
  return changes;
}

/** True when nothing the guard watches differs. */
export function sameSnapshot(a: RepositorySnapshot, b: RepositorySnapshot): boolean {
  return a.head === b.head && a.index === b.index && a.tree === b.tree && JSON.stringify(sortedRefs(a)) === JSON.stringify(sortedRefs(b));
}

function sortedRefs(s: RepositorySnapshot): [string, string][] {
  return Object.entries(s.refs).sort(([x], [y]) => x.localeCompare(y));
}

let scratchSeq = 0;

async function worktreeTree(git: GitRunner, paths: RepositoryPaths): Promise<string> {
  await fs.mkdir(paths.scratch, { recursive: true });
  const index = path.join(paths.scratch, `index-${process.pid}-${++scratchSeq}`);
  try {
    await fs.copyFile(path.join(paths.gitDir, 'index'), index).catch(() => undefined);
    const env = { GIT_INDEX_FILE: index };
    await git.run(paths.repoRoot, ['add', '-A', '--', '.', ...paths.excludes.map((e) => `:(top,literal,exclude)${e}`)], { env });
    return (await git.run(paths.repoRoot, ['write-tree'], { env })).trim();
  } finally {
    await fs.rm(index, { force: true });
  }
}
