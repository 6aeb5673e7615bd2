import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { WorktreeError } from './worktreeError';

/** Runs a setup command (argv, never a shell) in a worktree; rejects when it fails. */
export type RunSetup = (argv: readonly string[], cwd: string) => Promise<void>;

/** The per-workspace setup a new worktree gets. */
export interface WorkspaceSetupOptions {
  copy?: readonly string[];
  symlink?: readonly string[];
  setup?: readonly string[];
  runSetup?: RunSetup;
}

/**
 * Makes a fresh worktree usable: copies files git does not track (`.env`), links heavy folders
 * (`node_modules`) back to the main checkout, and runs the setup command. Copied and linked
 * paths are Baton's, not the agent's: they are excluded from every commit, diff and clean.
 */
export class WorkspaceSetup {
  readonly #repoRoot: string;
  readonly #copy: readonly string[];
  readonly #symlink: readonly string[];
  readonly #setup: readonly string[] | undefined;
  readonly #runSetup: RunSetup;

  constructor(repoRoot: string, options: WorkspaceSetupOptions) {
    this.#repoRoot = repoRoot;
    this.#copy = (options.copy ?? []).map((p) => confine('copy', p));
    this.#symlink = (options.symlink ?? []).map((p) => confine('symlink', p));
    if (options.setup && (options.setup.length === 0 || !options.setup[0])) {
      throw new WorktreeError('Expected `setup` to be a non-empty argument list');
    }
    this.#setup = options.setup;
    this.#runSetup = options.runSetup ?? runWithoutShell;
  }

  /** The copied and linked paths, repository-relative with `/` separators. */
  get paths(): string[] {
    return [...this.#copy, ...this.#symlink];
  }

  /** Pathspecs that keep setup paths out of `git diff`, `git status` and `git ls-files`. */
  get excludePathspecs(): string[] {
    return [...this.#copy, ...this.#symlink].map((p) => `:(top,literal,exclude)${p}`);
  }

  /** `git clean` arguments that keep setup paths (which may not be git-ignored). */
  get cleanExcludes(): string[] {
    return [...this.#copy, ...this.#symlink].flatMap((p) => ['-e', `/${p}`]);
  }

  /**
   * Copies and links into `worktree`. Missing sources are skipped (not every checkout has an
   * `.env`); an existing target is left alone, so a tracked file is never overwritten and this
   * can run again after a rollback to restore only what was lost.
   */
  async link(worktree: string): Promise<void> {
    for (const rel of this.#copy) {
      const source = path.join(this.#repoRoot, rel);
      const target = path.join(worktree, rel);
      if (!(await exists(source)) || (await exists(target))) continue;
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.cp(source, target, { recursive: true, force: false, errorOnExist: false, verbatimSymlinks: true });
    }
    for (const rel of this.#symlink) {
      const source = path.join(this.#repoRoot, rel);
      const target = path.join(worktree, rel);
      const stat = await fs.stat(source).catch(() => undefined);
      if (!stat || (await exists(target))) continue;
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Junctions need no privilege on Windows; elsewhere the type argument is ignored.
      await fs.symlink(source, target, stat.isDirectory() ? 'junction' : 'file');
    }
  }

  /** Runs the setup command in `worktree`, if one is configured. */
  async run(worktree: string): Promise<void> {
    if (!this.#setup) return;
    try {
      await this.#runSetup(this.#setup, worktree);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new WorktreeError(`Setup command \`${this.#setup.join(' ')}\` failed in ${worktree}: ${detail}`, { cause: error });
    }
  }
}

/** Setup output can be long (package installs); keep only its tail in error messages. */
const TAIL = 2000;

function runWithoutShell(argv: readonly string[], cwd: string): Promise<void> {
  const [file, ...args] = argv;
  return new Promise((resolve, reject) => {
    execFile(file ?? '', args, { cwd, windowsHide: true, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) resolve();
      else reject(new Error(`${error.message.split('\n')[0] ?? ''}${stderr ? `\n${String(stderr).slice(-TAIL)}` : ''}`));
    });
  });
}

function confine(kind: string, rel: string): string {
  const normal = path.posix.normalize(rel.replaceAll('\\', '/')).replace(/\/+$/, '');
  if (!normal || normal === '.' || path.posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../') || normal.split('/')[0] === '.git' || /^[A-Za-z]:/.test(normal)) {
    throw new WorktreeError(`Expected every \`${kind}\` entry to be a path inside the repository, got \`${rel}\``);
  }
  return normal;
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}
