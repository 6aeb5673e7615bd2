import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { GitRunner } from '../worktrees/gitRunner';
import { WorktreeError } from '../worktrees/worktreeError';
import { compareUrl, type RemoteInfo } from './remotes';
import { ResultError } from './resultError';
import { describeSprintResult, type ResultRun, type SprintResult } from './sprintResult';

/** How a merge of the integration branch went in. */
export type MergeMode = 'fast-forward' | 'merge-commit';

/**
 * Actions on a finished sprint's result (`baton/<sprint>/_integration`), for the editor and the
 * CLI. Each checks first and changes nothing when it refuses: the user's uncommitted work is
 * never touched (a dirty working tree refuses checkout and a merge into the checked-out
 * branch), a branch checked out in another worktree is never moved, and a conflicting merge
 * is aborted, leaving every branch where it was.
 */
async function resultOf(repoRoot: string, run: ResultRun): Promise<SprintResult & { tip: string }> {
  const result = await describeSprintResult(repoRoot, run);
  if (!result?.exists || !result.tip) throw new ResultError('no-result', `The sprint${run.sprint ? ` ${run.sprint}` : ''} has no integration branch${result ? ` (${result.branch})` : ''}: it did not complete.`);
  return result as SprintResult & { tip: string };
}

/** Checks the integration branch out in the repository's working tree. */
export async function checkOutResult(repoRoot: string, run: ResultRun): Promise<SprintResult> {
  const result = await resultOf(repoRoot, run);
  if (result.currentBranch === result.branch) return result;
  if (result.dirty) throw new ResultError('dirty', `${repoRoot} has uncommitted changes; commit or stash them before checking out ${result.branch}. Nothing was changed.`);
  const git = new GitRunner(repoRoot);
  const elsewhere = await checkedOutIn(git, repoRoot, result.branch);
  if (elsewhere && path.resolve(elsewhere) !== path.resolve(repoRoot)) throw new ResultError('checked-out-elsewhere', `${result.branch} is checked out in ${elsewhere}; it cannot be checked out twice.`);
  await git.run(repoRoot, ['checkout', '--quiet', result.branch]).catch((error: Error) => {
    throw new ResultError('dirty', `git would not check out ${result.branch}: ${error.message}`);
  });
  return { ...result, currentBranch: result.branch };
}

/**
 * Merges the integration branch into `into`: `fast-forward` only moves `into` to the sprint's
 * tip (refused when `into` has moved on since the run's base), `merge-commit` records a merge
 * commit with `message`. When `into` is the branch checked out here, the merge happens in the
 * working tree (refused while it has uncommitted changes); otherwise in a temporary worktree
 * that is removed afterwards, so the user's checkout never changes.
 *
 * @returns the new tip of `into`.
 */
export async function mergeResult(repoRoot: string, run: ResultRun, options: { into: string; mode: MergeMode; message?: string }): Promise<{ into: string; tip: string; mode: MergeMode }> {
  const result = await resultOf(repoRoot, run);
  const git = new GitRunner(repoRoot);
  const into = options.into;
  const target = (await git.exec(repoRoot, ['rev-parse', '--verify', '-q', `refs/heads/${into}^{commit}`], { allowExit: [1] })).stdout.trim();
  if (!target) throw new ResultError('no-result', `There is no local branch ${into} to merge into.`);
  const ff = (await git.exec(repoRoot, ['merge-base', '--is-ancestor', target, result.tip], { allowExit: [1] })).exitCode === 0;
  if (options.mode === 'fast-forward' && !ff) throw new ResultError('not-fast-forward', `${into} has commits the sprint's branch does not have; a fast-forward is not possible. Merge with a merge commit instead. Nothing was changed.`);
  const message = options.message ?? `Merge ${result.branch} (Baton sprint ${result.sprint})`;
  const here = path.resolve(repoRoot);
  const where = await checkedOutIn(git, repoRoot, into);
  if (where && path.resolve(where) !== here) throw new ResultError('checked-out-elsewhere', `${into} is checked out in ${where}; merge there, or check another branch out in it first. Nothing was changed.`);
  if (where) {
    if (result.dirty) throw new ResultError('dirty', `${repoRoot} has uncommitted changes on ${into}; commit or stash them before merging. Nothing was changed.`);
    const args = options.mode === 'fast-forward' ? ['merge', '--ff-only', '--quiet', result.tip] : ['merge', '--no-ff', '--quiet', '-m', message, result.tip];
    await mergeOrAbort(git, repoRoot, args, into);
  } else if (options.mode === 'fast-forward') {
    await git.run(repoRoot, ['update-ref', '-m', `baton: fast-forward to ${result.branch}`, `refs/heads/${into}`, result.tip, target]);
  } else {
    await mergeInTemporaryWorktree(git, repoRoot, { into, target, tip: result.tip, message });
  }
  const tip = (await git.run(repoRoot, ['rev-parse', `refs/heads/${into}`])).trim();
  return { into, tip, mode: options.mode };
}

/** What pushing the result did, and where its pull (merge) request is. */
export interface PushOutcome {
  remote: string;
  branch: string;
  /** The request's page: from `gh` / `glab`, else the page that opens one. */
  url?: string;
  /** `gh` or `glab` when one created the request. */
  createdWith?: 'gh' | 'glab';
  /** Said when no request was created (no CLI, or it failed), with why. */
  note?: string;
}

export interface PushOptions {
  remote?: string;
  /** The branch the request asks to merge into (default: the run's base branch, else `main`). */
  base?: string;
  title?: string;
  body?: string;
  /** The environment `git push`, `gh` and `glab` run with (credentials, PATH): the front's. */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Pushes the integration branch to a GitHub or GitLab remote (`git push -u`) and opens a pull
 * (merge) request with `gh pr create` / `glab mr create` when that CLI is on the PATH; without
 * it, the outcome carries the page that opens one.
 */
export async function pushResult(repoRoot: string, run: ResultRun, options: PushOptions): Promise<PushOutcome> {
  const result = await resultOf(repoRoot, run);
  const remote = pickRemote(result.remotes, options.remote);
  const base = options.base ?? result.baseBranch ?? 'main';
  await execTool('git', ['push', '--quiet', '-u', remote.name, `${result.tip}:refs/heads/${result.branch}`], repoRoot, options.env).catch((error: Error) => {
    throw new ResultError('push-failed', `git push to ${remote.name} (${remote.url}) failed: ${error.message}`);
  });
  await new GitRunner(repoRoot).run(repoRoot, ['branch', '--quiet', `--set-upstream-to=${remote.name}/${result.branch}`, result.branch]).catch(() => undefined);
  const out: PushOutcome = { remote: remote.name, branch: result.branch };
  const fallback = compareUrl(remote, result.branch, base);
  const cli = remote.host === 'github' ? 'gh' : 'glab';
  const tool = findOnPath(cli, options.env);
  const title = options.title ?? `Baton sprint ${result.sprint}`;
  const body = options.body ?? `The merged work of Baton sprint \`${result.sprint}\` (${result.commits} commits, ${result.files} files).`;
  if (!tool) {
    if (fallback) out.url = fallback;
    out.note = `${cli} is not on the PATH, so no ${remote.host === 'github' ? 'pull' : 'merge'} request was created${fallback ? '; the link opens one' : ''}.`;
    return out;
  }
  const args = cli === 'gh'
    ? ['pr', 'create', '--head', result.branch, '--base', base, '--title', title, '--body', body]
    : ['mr', 'create', '--source-branch', result.branch, '--target-branch', base, '--title', title, '--description', body, '--yes'];
  try {
    const printed = await execTool(tool, args, repoRoot, options.env);
    const url = /https?:\/\/\S+/.exec(printed)?.[0];
    if (url) out.url = url;
    else if (fallback) out.url = fallback;
    out.createdWith = cli;
  } catch (error) {
    if (fallback) out.url = fallback;
    out.note = `${cli} could not create the request: ${(error as Error).message}`;
  }
  return out;
}

function pickRemote(remotes: readonly RemoteInfo[], wanted: string | undefined): RemoteInfo {
  const hosted = remotes.filter((r) => r.host);
  const remote = wanted ? remotes.find((r) => r.name === wanted) : hosted.find((r) => r.name === 'origin') ?? hosted[0];
  if (!remote) throw new ResultError('no-remote', wanted ? `There is no remote ${wanted}.` : 'No remote points at GitHub or GitLab; add one (`git remote add origin …`) to push and open a request.');
  return remote;
}

/** Where `branch` is checked out (a worktree path), if anywhere. */
async function checkedOutIn(git: GitRunner, repoRoot: string, branch: string): Promise<string | undefined> {
  const list = await git.run(repoRoot, ['worktree', 'list', '--porcelain']);
  let current: string | undefined;
  for (const line of list.split('\n')) {
    if (line.startsWith('worktree ')) current = line.slice('worktree '.length);
    else if (line === `branch refs/heads/${branch}`) return current;
  }
  return undefined;
}

async function mergeOrAbort(git: GitRunner, dir: string, args: string[], into: string): Promise<void> {
  try {
    await git.runCommitting(dir, args);
  } catch (error) {
    const conflicted = (await git.run(dir, ['diff', '--name-only', '--diff-filter=U']).catch(() => '')).split('\n').filter(Boolean);
    await git.run(dir, ['merge', '--abort']).catch(() => undefined);
    if (conflicted.length) throw new ResultError('conflict', `Merging into ${into} conflicts in ${conflicted.join(', ')}; the merge was aborted and nothing changed. Merge by hand to resolve it.`);
    throw WorktreeError.is(error) ? new ResultError('conflict', `The merge into ${into} failed and was aborted: ${error.message}`) : error;
  }
}

/** A merge commit on a branch nobody has checked out, made in a throw-away worktree. */
async function mergeInTemporaryWorktree(git: GitRunner, repoRoot: string, o: { into: string; target: string; tip: string; message: string }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-merge-'));
  fs.rmSync(dir, { recursive: true, force: true });
  await git.run(repoRoot, ['worktree', 'add', '--quiet', '--detach', dir, o.target]);
  try {
    await mergeOrAbort(git, dir, ['merge', '--no-ff', '--quiet', '-m', o.message, o.tip], o.into);
    const merged = (await git.run(dir, ['rev-parse', 'HEAD'])).trim();
    await git.run(repoRoot, ['update-ref', '-m', `baton: merge ${o.tip.slice(0, 8)}`, `refs/heads/${o.into}`, merged, o.target]);
  } finally {
    await git.run(repoRoot, ['worktree', 'remove', '--force', dir]).catch(() => fs.rmSync(dir, { recursive: true, force: true }));
  }
}

/** The executable `name` on `env.PATH`, or undefined. */
export function findOnPath(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function execTool(file: string, args: string[], cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env: env as NodeJS.ProcessEnv, timeout: 120_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error((stderr.trim() || stdout.trim() || error.message).slice(-2000)));
      else resolve(`${stdout}\n${stderr}`);
    });
  });
}
