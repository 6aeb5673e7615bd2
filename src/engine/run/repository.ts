import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { gitEnvironment } from '../worktrees/gitEnvironment';
import { GitRunner } from '../worktrees/gitRunner';
import { RunError } from './runError';

type HostEnv = Readonly<Record<string, string | undefined>>;

export interface RepositoryInfo {
  root: string;
  /** The checked-out branch, or undefined on a detached HEAD. */
  branch?: string;
  dirty: boolean;
}

/** The git repository holding `dir`; a run needs one because every task gets a worktree. */
export async function inspectRepository(dir: string, hostEnv: HostEnv = {}): Promise<RepositoryInfo> {
  const git = new GitRunner(dir, gitEnvironment(hostEnv));
  const top = await git.exec(dir, ['rev-parse', '--show-toplevel'], { allowExit: [128] }).catch(() => ({ stdout: '', exitCode: 128 }));
  if (top.exitCode !== 0) throw new RunError('not-a-git-repo', `${dir} is not in a git repository. Baton runs every task in its own git worktree: run \`git init\` and commit your files first.`);
  const root = top.stdout.trim();
  const head = await git.exec(root, ['rev-parse', '--verify', '-q', 'HEAD'], { allowExit: [1] });
  if (head.exitCode !== 0) throw new RunError('no-commits', `The repository at ${root} has no commits yet. Commit your files first: sprints start from a commit.`);
  const branch = (await git.exec(root, ['symbolic-ref', '--short', '-q', 'HEAD'], { allowExit: [1] })).stdout.trim();
  // --no-optional-locks: a status that refreshed the index would rewrite the user's index file.
  const status = await git.run(root, ['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no']);
  return { root, ...(branch ? { branch } : {}), dirty: status.trim().length > 0 };
}

/** The commit a ref names, or a RunError saying the ref does not exist. */
export async function resolveBase(root: string, ref: string, hostEnv: HostEnv = {}): Promise<string> {
  const result = await new GitRunner(root, gitEnvironment(hostEnv)).exec(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`], { allowExit: [1] });
  if (result.exitCode !== 0) throw new RunError('bad-option', `The sprint's base \`${ref}\` is not a branch or commit of ${root}.`);
  return result.stdout.trim();
}

/** The real path of the repository's common git directory (`.git`, shared by its worktrees). */
export async function commonDirOf(root: string, hostEnv: HostEnv = {}): Promise<string> {
  const common = (await new GitRunner(root, gitEnvironment(hostEnv)).run(root, ['rev-parse', '--git-common-dir'])).trim();
  return fs.realpath(path.resolve(root, common));
}

/**
 * Keeps Baton's state folder out of `git status` without touching the user's .gitignore:
 * one line in the repository's own `info/exclude`.
 */
export async function excludeFromGit(root: string, folder: string, hostEnv: HostEnv = {}): Promise<void> {
  const rel = path.relative(root, folder).split(path.sep).join('/');
  if (!rel || rel.startsWith('..')) return;
  const common = (await new GitRunner(root, gitEnvironment(hostEnv)).run(root, ['rev-parse', '--git-common-dir'])).trim();
  const exclude = path.join(path.resolve(root, common), 'info', 'exclude');
  const current = await fs.readFile(exclude, 'utf8').catch(() => '');
  const line = `/${rel}/`;
  if (current.split('\n').includes(line)) return;
  await fs.mkdir(path.dirname(exclude), { recursive: true });
  await fs.appendFile(exclude, `${current && !current.endsWith('\n') ? '\n' : ''}# Baton's run state\n${line}\n`);
}
