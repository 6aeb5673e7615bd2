import { execFile, type ExecFileException } from 'node:child_process';
import type { GitEnvironment } from './gitEnvironment';
import { WorktreeError } from './worktreeError';

/** Options for one git invocation. */
export interface GitRunOptions {
  /** `-c key=value` settings for this invocation only. */
  config?: readonly string[];
  /** Exit codes that mean "answered no" rather than failure (e.g. 1 for `rev-parse --verify -q`). */
  allowExit?: readonly number[];
  /** Written to git's stdin (e.g. `cat-file --batch-check`); stdin is closed either way. */
  input?: string;
  /** Variables added to the runner's environment for this call (an object directory, an index file). */
  env?: Readonly<Record<string, string>>;
}

/** What a git invocation printed and how it exited (only ever a code in `allowExit`, or 0). */
export interface GitResult {
  stdout: string;
  exitCode: number;
}

/** Diffs and status listings of big changes can be long; beyond this git's output is an error. */
const MAX_OUTPUT = 256 * 1024 * 1024;
/** Keep error messages readable when git prints a lot before failing. */
const MAX_DETAIL = 4000;
/**
 * Every Baton git command runs with the repository's hooks switched off. An agent that drops a
 * `post-merge` hook into `.git/hooks` (or points `core.hooksPath` elsewhere) must not get Baton
 * to run it — outside any sandbox — during the integration merge.
 */
export const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'] as const;

/**
 * Runs git as a child process (`execFile`, never a shell), one process per call so each call
 * can carry its own `-c` settings and working directory. Any non-zero exit is a
 * {@link WorktreeError} unless the caller allowed it.
 *
 * Not simple-git: its completion plugin waits a fixed 50 ms after any git process that printed
 * nothing (`worktree remove`, `worktree prune`, `add`, `clean`, `rev-parse -q` …), which on the
 * engine's hot path cost more than the git processes themselves. Its queue, plugins and argument
 * checks bought nothing here: arguments are built by Baton, and refs are checked by `assertRef`.
 */
export class GitRunner {
  readonly #identityFrom: string;
  readonly #env: GitEnvironment;
  #commitConfig: Promise<readonly string[]> | undefined;

  /**
   * @param identityFrom a directory of the repository whose `user.*` settings are consulted.
   * @param env git's whole environment (`gitEnvironment(host.env)`); default none at all, so git
   *   finds itself on the system's default path and reads no global config.
   */
  constructor(identityFrom: string, env: GitEnvironment = {}) {
    this.#identityFrom = identityFrom;
    this.#env = env;
  }

  /** The environment every call of this runner gets. */
  get env(): GitEnvironment {
    return this.#env;
  }

  /** Runs `git <args>` in `cwd` and returns its stdout. */
  async run(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.exec(cwd, args, options)).stdout;
  }

  /** Runs `git <args>` in `cwd`, returning stdout and the (allowed) exit code. */
  exec(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    // Safety: hooks off and an allow-listed environment on every call, whoever the caller is.
    const argv = [...NO_HOOKS, ...(options.config ?? []).flatMap((c) => ['-c', c]), ...args];
    const env = options.env ? { ...this.#env, ...options.env } : this.#env;
    return new Promise((resolve, reject) => {
      const child = execFile('git', argv, { cwd, env, encoding: 'utf8', maxBuffer: MAX_OUTPUT, windowsHide: true }, (error, stdout, stderr) => {
        const exitCode = exitCodeOf(error);
        if (exitCode === 0 || (exitCode !== undefined && options.allowExit?.includes(exitCode))) {
          resolve({ stdout, exitCode });
          return;
        }
        const detail = (stderr.trim() || stdout.trim() || error?.message || 'unknown failure').slice(-MAX_DETAIL);
        reject(new WorktreeError(`git ${args.join(' ')} failed in ${cwd}${exitCode ? ` (exit ${exitCode})` : ''}: ${detail}`, { cause: error }));
      });
      // A closed stdin means no git command can ever sit waiting for input.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    });
  }

  /**
   * Runs a git command that creates commits (commit, merge). Adds `user.name=Baton` /
   * `user.email=baton@localhost` when the repository has no identity configured — CI machines
   * often have none, and a checkpoint must never fail for that — and turns off auto-gc, which
   * would otherwise race with the worktree operations running beside it.
   */
  async runCommitting(cwd: string, args: readonly string[]): Promise<string> {
    this.#commitConfig ??= this.#resolveCommitConfig();
    return this.run(cwd, args, { config: await this.#commitConfig });
  }

  async #resolveCommitConfig(): Promise<readonly string[]> {
    const read = async (key: string): Promise<string> =>
      (await this.run(this.#identityFrom, ['config', '--get', key], { allowExit: [1] })).trim();
    const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
    const config = ['gc.auto=0', 'maintenance.auto=false'];
    // Only a fallback: GIT_AUTHOR_* / GIT_COMMITTER_* in the environment still win over -c.
    if (!name) config.push('user.name=Baton');
    if (!email) config.push('user.email=baton@localhost');
    return config;
  }
}

/** 0 on success, git's exit code, or undefined when git did not run or was killed. */
function exitCodeOf(error: ExecFileException | null): number | undefined {
  if (!error) return 0;
  return typeof error.code === 'number' ? error.code : undefined;
}
