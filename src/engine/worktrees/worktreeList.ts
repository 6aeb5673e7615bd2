import * as path from 'node:path';
import type { GitRunner } from './gitRunner';

/** One entry of `git worktree list --porcelain`. */
export interface RegisteredWorktree {
  path: string;
  /** Undefined for a bare entry. */
  head: string | undefined;
  /** Short branch name (`baton/s/t`); undefined when detached or bare. */
  branch: string | undefined;
  bare: boolean;
  locked: boolean;
  /** Git says its folder is gone. */
  prunable: boolean;
}

/**
 * Parses `git worktree list --porcelain`: blank-line separated blocks of `worktree <path>`,
 * `HEAD <sha>`, `branch refs/heads/<name>` | `detached` | `bare`, `locked [reason]`,
 * `prunable [reason]`. The first entry is always the main worktree.
 */
export function parseWorktreeList(text: string): RegisteredWorktree[] {
  const entries: RegisteredWorktree[] = [];
  let current: RegisteredWorktree | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('worktree ')) {
      current = { path: path.resolve(line.slice('worktree '.length)), head: undefined, branch: undefined, bare: false, locked: false, prunable: false };
      entries.push(current);
      continue;
    }
    if (!current) continue;
    const space = line.indexOf(' ');
    const word = space < 0 ? line : line.slice(0, space);
    const rest = space < 0 ? '' : line.slice(space + 1);
    if (word === 'HEAD') current.head = rest;
    else if (word === 'branch') current.branch = rest.replace(/^refs\/heads\//, '');
    else if (word === 'bare') current.bare = true;
    else if (word === 'locked') current.locked = true;
    else if (word === 'prunable') current.prunable = true;
  }
  return entries;
}

/** Reads the repository's registered worktrees (run from any worktree of it). */
export async function readWorktreeList(git: GitRunner, cwd: string): Promise<RegisteredWorktree[]> {
  return parseWorktreeList(await git.run(cwd, ['worktree', 'list', '--porcelain']));
}
