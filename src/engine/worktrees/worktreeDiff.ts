import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { GitRunner } from './gitRunner';

/** Variables added to git's environment (see `agentObjectsView`: a worktree an agent holds). */
type GitEnv = Readonly<Record<string, string>>;

/** One changed file. `oldPath` is set for renames. */
export interface FileChange {
  path: string;
  oldPath?: string;
  insertions: number;
  deletions: number;
  status: 'A' | 'M' | 'D' | 'R';
}

/** Line counts of a worktree's changes since a base commit. */
export interface DiffStat {
  files: FileChange[];
  insertions: number;
  deletions: number;
}

/**
 * What changed in `worktree` since `base`: committed work plus whatever is still uncommitted,
 * staged or not, including untracked files that are not ignored (counted as added; binary files
 * count 0 lines, as in `git diff --numstat`). Renames among tracked files are detected.
 */
export async function diffStat(git: GitRunner, worktree: string, base: string, excludes: readonly string[], env: GitEnv = {}): Promise<DiffStat> {
  const scope = ['--', '.', ...excludes];
  const [numstat, nameStatus, untracked] = await Promise.all([
    git.run(worktree, ['diff', '--no-color', '--no-ext-diff', '-M', '--numstat', '-z', base, ...scope], { env }),
    git.run(worktree, ['diff', '--no-color', '--no-ext-diff', '-M', '--name-status', '-z', base, ...scope], { env }),
    listUntracked(git, worktree, excludes, env),
  ]);
  const counts = parseNumstat(numstat);
  const files = parseNameStatus(nameStatus).map((change) => ({ ...change, ...(counts.get(change.path) ?? { insertions: 0, deletions: 0 }) }));
  for (const file of untracked) {
    files.push({ path: file, status: 'A', insertions: await countLines(path.join(worktree, file)), deletions: 0 });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, insertions: sum(files, 'insertions'), deletions: sum(files, 'deletions') };
}

/**
 * Repository-relative paths touched since `base` (committed or not, untracked included), sorted.
 * Renames are listed as both their old and new path, so a boundary check sees a file leaving a
 * forbidden folder as well as one arriving.
 */
export async function changedFiles(git: GitRunner, worktree: string, base: string, excludes: readonly string[], env: GitEnv = {}): Promise<string[]> {
  const [tracked, untracked] = await Promise.all([
    git.run(worktree, ['diff', '--no-ext-diff', '--no-renames', '--name-only', '-z', base, '--', '.', ...excludes], { env }),
    listUntracked(git, worktree, excludes, env),
  ]);
  return [...new Set([...tracked.split('\0').filter(Boolean), ...untracked])].sort();
}

async function listUntracked(git: GitRunner, worktree: string, excludes: readonly string[], env: GitEnv): Promise<string[]> {
  const out = await git.run(worktree, ['ls-files', '--others', '--exclude-standard', '-z', '--', '.', ...excludes], { env });
  // A nested repository shows as `dir/`: it is not a file whose lines can be counted.
  return out.split('\0').filter((p) => p && !p.endsWith('/'));
}

/** `ins\tdel\tpath\0`, or for a rename `ins\tdel\t\0old\0new\0`; binary files give `-\t-`. */
function parseNumstat(text: string): Map<string, { insertions: number; deletions: number }> {
  const counts = new Map<string, { insertions: number; deletions: number }>();
  const parts = text.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(parts[i] ?? '');
    if (!match) continue;
    let file = match[3] ?? '';
    if (file === '') {
      i += 2;
      file = parts[i] ?? '';
    }
    counts.set(file, { insertions: Number(match[1]) || 0, deletions: Number(match[2]) || 0 });
  }
  return counts;
}

/** `X\0path\0`, or for renames and copies `R100\0old\0new\0`. Type changes count as modified. */
function parseNameStatus(text: string): Omit<FileChange, 'insertions' | 'deletions'>[] {
  const changes: Omit<FileChange, 'insertions' | 'deletions'>[] = [];
  const parts = text.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const code = parts[i]?.charAt(0) ?? '';
    if (code === 'R' || code === 'C') {
      const oldPath = parts[i + 1] ?? '';
      const newPath = parts[i + 2] ?? '';
      i++;
      changes.push(code === 'R' ? { path: newPath, oldPath, status: 'R' } : { path: newPath, status: 'A' });
    } else if (code) {
      changes.push({ path: parts[i + 1] ?? '', status: code === 'A' || code === 'D' ? code : 'M' });
    }
  }
  return changes;
}

/** Files beyond this are reported as 0 lines rather than read into memory. */
const MAX_COUNTED_BYTES = 8 * 1024 * 1024;

async function countLines(file: string): Promise<number> {
  const stat = await fs.lstat(file).catch(() => undefined);
  if (!stat) return 0;
  if (stat.isSymbolicLink()) return 1; // git diffs a link as one line: its target
  if (!stat.isFile() || stat.size === 0 || stat.size > MAX_COUNTED_BYTES) return 0;
  const data = await fs.readFile(file);
  if (data.subarray(0, 8000).includes(0)) return 0; // git's binary heuristic
  let lines = 0;
  for (const byte of data) if (byte === 10) lines++;
  return data[data.length - 1] === 10 ? lines : lines + 1;
}

function sum(files: readonly FileChange[], key: 'insertions' | 'deletions'): number {
  return files.reduce((total, file) => total + file[key], 0);
}
