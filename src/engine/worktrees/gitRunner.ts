import { simpleGit } from 'simple-git';
import { WorktreeError } from './worktreeError';

/** Options for one git invocation. */
export interface GitRunOptions {
  /** `-c key=value` settings for this invocation only. */
  config?: readonly string[];
  /** Exit codes that mean "answered no" rather than failure (e.g. 1 for `rev-parse --verify -q`). */
  allowExit?: readonly number[];
}

/** What a git invocation printed and how it exited (only ever a code in `allowExit`, or 0). */
export interface GitResult {
  stdout: string;
  exitCode: number;
}

/**
 * Runs git through simple-git, one short-lived instance per call so each call can carry its own
 * `-c` settings and working directory. Any non-zero exit is a {@link WorktreeError} unless the
 * caller allowed it: simple-git on its own treats "exit 1 with nothing on stderr" (a conflicted
 * merge, `commit` with nothing to commit) as success, which would hide real failures.
 */
export class GitRunner {
  readonly #identityFrom: string;
  #commitConfig: Promise<readonly string[]> | undefined;

  /** @param identityFrom a directory of the repository whose `user.*` settings are consulted. */
  constructor(identityFrom: string) {
    this.#identityFrom = identityFrom;
  }

  /** Runs `git <args>` in `cwd` and returns its stdout. */
  async run(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.exec(cwd, args, options)).stdout;
  }

  /** Runs `git <args>` in `cwd`, returning stdout and the (allowed) exit code. */
  async exec(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    const allowed = options.allowExit ?? [];
    let exitCode = 0;
    try {
      const git = simpleGit({
        baseDir: cwd,
        config: [...(options.config ?? [])],
        trimmed: false,
        errors: (error, result) => {
          exitCode = result.exitCode;
          if (result.exitCode === 0 || allowed.includes(result.exitCode)) return undefined;
          return error ?? Buffer.concat([...result.stdOut, ...result.stdErr]);
        },
      });
      const stdout = await git.raw([...args]);
      return { stdout, exitCode };
    } catch (error) {
      const detail = error instanceof Error ? error.message.trim() : String(error);
      throw new WorktreeError(`git ${args.join(' ')} failed in ${cwd}${exitCode ? ` (exit ${exitCode})` : ''}: ${detail}`, { cause: error });
    }
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
