import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { GitRunner } from '../worktrees/gitRunner';
import { AsyncMutex } from '../worktrees/asyncMutex';
import { describeChanges, sameSnapshot, takeSnapshot, type RepositoryPaths, type RepositorySnapshot } from './repositorySnapshot';

/** What the guard keeps in the engine's state folder (`guard/`). */
const BASELINE = 'baseline.json';
const INDEX_COPY = 'index';
/** Present while a restore runs: a crash mid-restore is finished by the next engine. */
const RESTORING = 'restoring';

/** The reason every attempt blamed for a change starts with. */
export const TOUCHED = 'touched the user\'s repository';

/**
 * Detects and undoes what agents did to the user's repository — their branches and tags, HEAD,
 * index and working tree — when no sandbox stops them. A baseline is taken (and the user's
 * uncommitted files stored as git objects, the index copied) when the engine opens a run; around
 * every attempt the repository is compared with it. A difference is restored byte for byte
 * (files, index, HEAD, refs), the changed version kept as `refs/baton/changed/<n>` so nothing is
 * ever lost, and the attempts that may have made it are blamed.
 *
 * Attribution: without a sandbox a file write cannot be traced to a process. Every attempt that
 * ran between the last clean check and the one that found the change is a suspect, and each one
 * fails with the reason — an innocent one is retried; a guilty one cannot slip through because
 * another ran beside it.
 *
 * Without checks when the run is sandboxed (only the baseline backup is taken): the sandbox
 * makes the repository read-only to agents, so a change there is the person's own — a commit, an
 * edit in the editor — and must never be undone.
 */
export class RepositoryGuard {
  readonly #git: GitRunner | undefined;
  readonly #paths: RepositoryPaths;
  readonly #dir: string;
  readonly #log: (message: string) => void;
  readonly #mutex = new AsyncMutex();
  readonly #running = new Set<string>();
  readonly #suspects = new Set<string>();
  readonly #blamed = new Map<string, string>();
  #baseline: RepositorySnapshot | undefined;
  #checks = false;

  private constructor(git: GitRunner | undefined, paths: RepositoryPaths, dir: string, log: (message: string) => void) {
    this.#git = git;
    this.#paths = paths;
    this.#dir = dir;
    this.#log = log;
  }

  /** A guard that checks nothing (a sandboxed run, or a command that starts no agent). */
  static inert(): RepositoryGuard {
    return new RepositoryGuard(undefined, { repoRoot: '', gitDir: '', scratch: '', excludes: [] }, '', () => undefined);
  }

  /**
   * Opens the guard of a run: finishes a restore a crash interrupted, then takes the baseline.
   * @param dir the guard's folder in the engine's state folder.
   */
  static async open(git: GitRunner, repoRoot: string, dir: string, options: { checks: boolean; log: (message: string) => void; excludes?: readonly string[] }): Promise<RepositoryGuard> {
    const { log } = options;
    const gitDir = (await git.run(repoRoot, ['rev-parse', '--absolute-git-dir'])).trim();
    const root = await fs.realpath(repoRoot);
    const inside = [dir, ...(options.excludes ?? [])]
      .map((p) => path.relative(root, path.resolve(p)).split(path.sep).join('/'))
      .filter((rel) => rel && !rel.startsWith('..') && !path.isAbsolute(rel));
    // Folders git already ignores need no exclude — and naming one makes `git add` fail.
    const excludes: string[] = [];
    for (const rel of inside) {
      if ((await git.exec(repoRoot, ['check-ignore', '-q', '--no-index', rel], { allowExit: [1] })).exitCode === 1) excludes.push(rel);
    }
    const guard = new RepositoryGuard(git, { repoRoot, gitDir, scratch: path.join(dir, 'scratch'), excludes }, dir, log);
    await fs.mkdir(dir, { recursive: true });
    if (await exists(path.join(dir, RESTORING))) {
      const saved = JSON.parse(await fs.readFile(path.join(dir, BASELINE), 'utf8')) as RepositorySnapshot;
      guard.#baseline = saved;
      log('finishing the restore of your repository that a crash interrupted');
      await guard.#restore(await takeSnapshot(git, guard.#paths));
    }
    await guard.#takeBaseline();
    guard.#checks = options.checks;
    return guard;
  }

  /** Before an attempt's agent starts: a change since the last check is blamed on the attempts then running. */
  async started(key: string): Promise<void> {
    if (!this.#checks) return;
    await this.#check();
    this.#running.add(key);
    this.#suspects.add(key);
  }

  /**
   * After an attempt's agent (or its check commands) ran: checks the repository and returns why
   * this attempt fails — "touched the user's repository: …" — or undefined. Call {@link finished}
   * when the attempt is over.
   */
  async check(key: string): Promise<string | undefined> {
    if (!this.#checks) return undefined;
    await this.#check();
    const reason = this.#blamed.get(key);
    this.#blamed.delete(key);
    return reason;
  }

  /** The attempt is over: it is no longer a suspect of changes found later. */
  finished(key: string): void {
    this.#running.delete(key);
    this.#blamed.delete(key);
  }

  #check(): Promise<void> {
    return this.#mutex.run(async () => {
      const now = await takeSnapshot(this.#git!, this.#paths);
      if (!sameSnapshot(now, this.#baseline!)) {
        const changed = await this.#changedFiles(this.#baseline!.tree, now.tree);
        const what = describeChanges(this.#baseline!, now, changed.map((c) => c.path)).join('; ');
        const saved = await this.#restore(now);
        const suspects = [...this.#suspects];
        const beside = suspects.length > 1 ? ` (while ${suspects.join(', ')} ran; each is failed)` : '';
        const reason = `${TOUCHED}: ${what}${beside}. Baton restored it; the changed version is kept as ${saved}`;
        this.#log(`Your repository was changed while agents ran without a sandbox: ${what}. Restored to how it was; the changed version is kept as ${saved} (\`git diff HEAD ${saved}\` shows it).`);
        for (const key of suspects) this.#blamed.set(key, reason);
      }
      this.#suspects.clear();
      for (const key of this.#running) this.#suspects.add(key);
    });
  }

  /**
   * Puts the baseline back, byte for byte. Crash-safe: the marker goes first and last, and every
   * step compares with the saved baseline, so running it again finishes it.
   * @returns the ref keeping the changed version.
   */
  async #restore(now: RepositorySnapshot): Promise<string> {
    const git = this.#git!;
    const base = this.#baseline!;
    const { repoRoot, gitDir } = this.#paths;
    await fs.writeFile(path.join(this.#dir, RESTORING), '');
    // 1. Keep what is being undone: the changed working tree as a commit under refs/baton/changed/.
    const keep = `refs/baton/changed/${Date.now()}`;
    const commit = (await git.run(repoRoot, ['commit-tree', now.tree, '-m', `baton: your working tree as an agent left it (undone)\n\nrefs: ${JSON.stringify(now.refs)}\nHEAD: ${now.head.trim()}`],
      { env: { GIT_AUTHOR_NAME: 'Baton', GIT_AUTHOR_EMAIL: 'baton@localhost', GIT_COMMITTER_NAME: 'Baton', GIT_COMMITTER_EMAIL: 'baton@localhost' } })).trim();
    await git.run(repoRoot, ['update-ref', keep, commit]);
    // 2. Files: each one that differs from the baseline tree, written back from it (mode and
    //    symlinks included) through a temporary index; files the agent added are deleted.
    const changed = await this.#changedFiles(base.tree, now.tree);
    const restore = changed.filter((c) => c.status !== 'A').map((c) => c.path);
    for (const added of changed.filter((c) => c.status === 'A')) await fs.rm(path.join(repoRoot, added.path), { force: true, recursive: true });
    if (restore.length) {
      const index = path.join(this.#paths.scratch, `restore-${process.pid}`);
      await fs.mkdir(this.#paths.scratch, { recursive: true });
      try {
        await git.run(repoRoot, ['read-tree', base.tree], { env: { GIT_INDEX_FILE: index } });
        await git.run(repoRoot, ['checkout-index', '-f', '-z', '--stdin'], { env: { GIT_INDEX_FILE: index }, input: `${restore.join('\0')}\0` });
      } finally {
        await fs.rm(index, { force: true });
      }
    }
    // 3. The index and HEAD, byte for byte from the copies taken with the baseline.
    await atomicCopy(path.join(this.#dir, INDEX_COPY), path.join(gitDir, 'index'));
    await atomicWrite(path.join(gitDir, 'HEAD'), base.head);
    // 4. Refs, in one transaction: moved ones back, deleted ones recreated, created ones deleted.
    const lines: string[] = [];
    for (const [ref, sha] of Object.entries(base.refs)) if (now.refs[ref] !== sha) lines.push(`update ${ref} ${sha}`);
    for (const ref of Object.keys(now.refs)) if (!(ref in base.refs)) lines.push(`delete ${ref}`);
    if (lines.length) await git.run(repoRoot, ['update-ref', '--stdin'], { input: `${lines.join('\n')}\n` });
    await fs.rm(path.join(this.#dir, RESTORING), { force: true });
    return keep;
  }

  async #changedFiles(from: string, to: string): Promise<{ status: string; path: string }[]> {
    if (from === to) return [];
    const out = await this.#git!.run(this.#paths.repoRoot, ['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to]);
    const parts = out.split('\0').filter(Boolean);
    const files: { status: string; path: string }[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) files.push({ status: parts[i]!.charAt(0), path: parts[i + 1]! });
    return files;
  }

  async #takeBaseline(): Promise<void> {
    const snapshot = await takeSnapshot(this.#git!, this.#paths);
    // Safety: the index is copied and the working tree stored (the snapshot's tree) before any
    // agent runs — and pinned by a ref, so `git gc` keeps the user's uncommitted files.
    await atomicCopy(path.join(this.#paths.gitDir, 'index'), path.join(this.#dir, INDEX_COPY)).catch(() => undefined);
    await atomicWrite(path.join(this.#dir, BASELINE), JSON.stringify(snapshot));
    const commit = (await this.#git!.run(this.#paths.repoRoot, ['commit-tree', snapshot.tree, '-m', 'baton: your working tree when the run started'],
      { env: { GIT_AUTHOR_NAME: 'Baton', GIT_AUTHOR_EMAIL: 'baton@localhost', GIT_COMMITTER_NAME: 'Baton', GIT_COMMITTER_EMAIL: 'baton@localhost' } })).trim();
    await this.#git!.run(this.#paths.repoRoot, ['update-ref', 'refs/baton/backup', commit]);
    this.#baseline = snapshot;
  }
}

async function atomicWrite(file: string, content: string): Promise<void> {
  const temp = `${file}.baton-${process.pid}`;
  await fs.writeFile(temp, content);
  await fs.rename(temp, file);
}

async function atomicCopy(from: string, to: string): Promise<void> {
  const temp = `${to}.baton-${process.pid}`;
  await fs.copyFile(from, temp);
  await fs.rename(temp, to);
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}
