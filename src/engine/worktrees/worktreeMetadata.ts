import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * What Baton remembers about a worktree it created. Stored as `baton.json` in the worktree's
 * private git directory (`<common git dir>/worktrees/<id>/`), not in `git config --worktree`:
 * that would need `extensions.worktreeConfig`, a repository-wide switch that changes how the
 * user's own config is read. The private directory is invisible to `git status`, and git deletes
 * it together with the worktree on `worktree remove` / `worktree prune`, so nothing goes stale.
 */
export interface WorktreeMetadata {
  version: 1;
  sprint: string;
  /** The task id, or the shared strategy key (`sprint`, `team-frontend`). */
  task: string;
  /** The commit the worktree's own work is measured from (after dependency merges). */
  base: string;
  /** Port slot: the worktree's port is `basePort + slot`. */
  slot: number;
  /** Copy, symlink and the setup command completed; a crash before that re-runs them. */
  setupDone: boolean;
}

/** A registered worktree's private git directory and Baton's metadata, if Baton created it. */
export interface StoredWorktree {
  adminDir: string;
  metadata: WorktreeMetadata | undefined;
}

const FILE = 'baton.json';

/** Reads and writes {@link WorktreeMetadata} in the private git directories of one repository. */
export class WorktreeMetadataStore {
  readonly #worktreesDir: string;

  constructor(commonDir: string) {
    this.#worktreesDir = path.join(commonDir, 'worktrees');
  }

  /** True when `adminDir` is a private git directory of this repository's linked worktrees. */
  isAdminDir(adminDir: string): boolean {
    return path.dirname(path.resolve(adminDir)) === this.#worktreesDir;
  }

  /**
   * Every linked worktree git knows, keyed by worktree path. Read from the private directories
   * (their `gitdir` file names the worktree's `.git`), so a worktree whose folder was deleted is
   * still found — its port slot stays taken until it is pruned.
   */
  async readAll(): Promise<Map<string, StoredWorktree>> {
    const result = new Map<string, StoredWorktree>();
    const entries = await Promise.all((await this.adminIds()).map((id) => this.readEntry(this.adminDirFor(id))));
    for (const entry of entries) if (entry) result.set(entry.worktreePath, entry.stored);
    return result;
  }

  /** Names of the private directories under `<common dir>/worktrees` (one per registered worktree). */
  async adminIds(): Promise<string[]> {
    return fs.readdir(this.#worktreesDir).catch(() => [] as string[]);
  }

  /** `<common dir>/worktrees/<id>`. */
  adminDirFor(id: string): string {
    return path.join(this.#worktreesDir, id);
  }

  /** The worktree a private directory belongs to, with its metadata; undefined without a `gitdir` file. */
  async readEntry(adminDir: string): Promise<{ worktreePath: string; stored: StoredWorktree } | undefined> {
    const gitdir = await fs.readFile(path.join(adminDir, 'gitdir'), 'utf8').catch(() => undefined);
    if (gitdir === undefined) return undefined;
    // Newer git may write it relative to the admin dir (worktree.useRelativePaths).
    const worktreePath = path.dirname(path.resolve(adminDir, gitdir.trim()));
    return { worktreePath, stored: { adminDir, metadata: await this.read(adminDir) } };
  }

  /** Baton's metadata in `adminDir`, or undefined when there is none (or it is unreadable). */
  async read(adminDir: string): Promise<WorktreeMetadata | undefined> {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(path.join(adminDir, FILE), 'utf8'));
      return isMetadata(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes atomically (temp file + rename) so a crash never leaves half a file. */
  async write(adminDir: string, metadata: WorktreeMetadata): Promise<void> {
    const target = path.join(adminDir, FILE);
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(temp, `${JSON.stringify(metadata)}\n`);
    await fs.rename(temp, target);
  }

  /** The private git directory of the worktree at `worktreePath`, from its `.git` file. */
  async adminDirOf(worktreePath: string): Promise<string | undefined> {
    const dotGit = await fs.readFile(path.join(worktreePath, '.git'), 'utf8').catch(() => undefined);
    const match = dotGit && /^gitdir:\s*(.+)$/m.exec(dotGit);
    return match && match[1] ? path.resolve(worktreePath, match[1].trim()) : undefined;
  }
}

function isMetadata(value: unknown): value is WorktreeMetadata {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.version === 1 && typeof v.sprint === 'string' && typeof v.task === 'string' && typeof v.base === 'string' && typeof v.slot === 'number' && typeof v.setupDone === 'boolean';
}
