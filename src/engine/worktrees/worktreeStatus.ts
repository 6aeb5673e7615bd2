import type { GitRunner } from './gitRunner';

/** A worktree's HEAD and the paths `git status` reports (untracked ones file by file). */
export interface WorktreeStatus {
  head: string;
  paths: string[];
}

/**
 * `git status --porcelain=v2 --branch -z`: the `--branch` headers give HEAD in the same process,
 * so a checkpoint of a clean worktree costs one git process. `--no-optional-locks` keeps status
 * from taking index.lock, so a listing never makes an agent's commit fail.
 */
export async function readStatus(git: GitRunner, worktree: string, pathspecs: readonly string[] = [], env: Readonly<Record<string, string>> = {}): Promise<WorktreeStatus> {
  const out = await git.run(worktree, ['--no-optional-locks', 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--', '.', ...pathspecs], { env });
  const records = out.split('\0');
  let head = '';
  const paths: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? '';
    if (record.startsWith('# branch.oid ')) {
      head = record.slice('# branch.oid '.length);
    } else if (record.startsWith('? ') || record.startsWith('! ')) {
      paths.push(record.slice(2));
    } else if (/^[12u] /.test(record)) {
      // Ordinary (1) and unmerged (u) entries have 8 and 10 fields before the path; renames (2)
      // have 9, then the original path as the next NUL-separated record.
      const fields = record.startsWith('1') ? 8 : record.startsWith('2') ? 9 : 10;
      paths.push(record.split(' ').slice(fields).join(' '));
      if (record.startsWith('2')) i++;
    }
  }
  return { head, paths };
}
