import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What the path checks of a workspace may ask the file system (injected, so tests and the
 * language server can use their own view). Every method answers; none throws.
 */
export interface PathProbe {
  /** The path with every symlink resolved, or undefined when it does not exist. */
  realpath(p: string): string | undefined;
  /** Entries of a folder, or undefined when it is not one. */
  readdir(p: string): { name: string; directory: boolean }[] | undefined;
  /** A file's text, or undefined. */
  readText(p: string): string | undefined;
}

/** The real file system, read synchronously (a few calls per validation). */
export const nodePathProbe: PathProbe = {
  realpath: (p) => {
    try {
      return fs.realpathSync.native(p);
    } catch {
      return undefined;
    }
  },
  readdir: (p) => {
    try {
      return fs.readdirSync(p, { withFileTypes: true }).map((e) => ({ name: e.name, directory: e.isDirectory() }));
    } catch {
      return undefined;
    }
  },
  readText: (p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** A path with symlinks resolved as far as it exists: the real deepest existing ancestor, plus the rest as written. */
export function realPathOf(probe: PathProbe, absolute: string): string {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    const real = probe.realpath(current);
    if (real !== undefined) return path.join(real, ...missing.reverse());
    const parent = path.dirname(current);
    if (parent === current) return absolute;
    missing.push(path.basename(current));
    current = parent;
  }
}

/** The git repository holding `dir`, found by walking up to a `.git` (folder, or file naming the git dir). */
export interface RepositoryPaths {
  /** The working tree's root (real path). */
  root: string;
  /** The git folders (real paths): `<root>/.git`, or where a `.git` file points and its common dir. */
  gitDirs: string[];
}

export function findRepository(probe: PathProbe, dir: string): RepositoryPaths | undefined {
  let current = realPathOf(probe, dir);
  for (;;) {
    const dotGit = path.join(current, '.git');
    if (probe.readdir(dotGit)) return { root: current, gitDirs: [probe.realpath(dotGit) ?? dotGit] };
    const text = probe.readText(dotGit);
    const pointer = text !== undefined ? /^gitdir:\s*(.+)$/m.exec(text)?.[1]?.trim() : undefined;
    if (pointer) {
      // A linked worktree or a submodule: its own git dir, and the common one it shares.
      const gitDir = realPathOf(probe, path.resolve(current, pointer));
      const common = probe.readText(path.join(gitDir, 'commondir'))?.trim();
      return { root: current, gitDirs: common ? [gitDir, realPathOf(probe, path.resolve(gitDir, common))] : [gitDir] };
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** True when `child` is `parent` or inside it (both absolute, resolved). */
export function within(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
