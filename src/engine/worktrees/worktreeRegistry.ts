import * as path from 'node:path';
import type { WorktreeMetadataStore } from './worktreeMetadata';

/** A registered linked worktree as the registry remembers it. */
export interface RegistryEntry {
  adminDir: string;
  /** Port slot from Baton's metadata; undefined for worktrees Baton did not create. */
  slot: number | undefined;
}

/**
 * The linked worktrees registered in `<common dir>/worktrees`, kept between calls so preparing a
 * task does not re-read every worktree's private directory (or run `git worktree list`, whose
 * cost grows with the number of worktrees).
 *
 * Only what never changes during a worktree's life is cached — its path and port slot — and only
 * for worktrees with Baton metadata, so a half-created entry (no `gitdir` or metadata yet) is read
 * again next time. Each {@link snapshot} lists the directory (one system call) and reads only
 * the private directories it has not seen, dropping the ones that are gone: worktrees added or
 * removed by anyone, in any process, are noticed. What a listing cannot see is a private
 * directory removed and re-created under the same name between two snapshots; the manager
 * {@link invalidate}s after its own removals, which leaves only someone else doing both at once,
 * and then only a port could be handed out twice. Callers treat the snapshot as a hint and let
 * git refuse: a path it says is free but git has registered makes `git worktree add` fail, and
 * the caller falls back to a full read.
 */
export class WorktreeRegistry {
  readonly #store: WorktreeMetadataStore;
  /** By private directory name. */
  readonly #known = new Map<string, { worktreePath: string; entry: RegistryEntry }>();

  constructor(store: WorktreeMetadataStore) {
    this.#store = store;
  }

  /** Registered linked worktrees by path. */
  async snapshot(): Promise<Map<string, RegistryEntry>> {
    const ids = await this.#store.adminIds();
    const present = new Set(ids);
    for (const id of this.#known.keys()) if (!present.has(id)) this.#known.delete(id);
    const result = new Map<string, RegistryEntry>();
    await Promise.all(
      ids.map(async (id) => {
        let known = this.#known.get(id);
        if (!known) {
          const read = await this.#store.readEntry(this.#store.adminDirFor(id));
          if (!read) return;
          known = { worktreePath: read.worktreePath, entry: { adminDir: read.stored.adminDir, slot: read.stored.metadata?.slot } };
          if (read.stored.metadata) this.#known.set(id, known);
        }
        result.set(known.worktreePath, known.entry);
      }),
    );
    return result;
  }

  /** Remembers a worktree the manager just created (its metadata is written). */
  record(adminDir: string, worktreePath: string, slot: number): void {
    this.#known.set(path.basename(adminDir), { worktreePath, entry: { adminDir, slot } });
  }

  /** Forgets everything: the next snapshot reads every private directory again. */
  invalidate(): void {
    this.#known.clear();
  }
}
