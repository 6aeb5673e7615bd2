import { lstatSync, realpathSync } from 'node:fs';

/**
 * What one sandboxed process may see and change. Everything not named stays as the host has
 * it, read-only; `/tmp` is a private empty folder and `/proc` shows the sandbox's own processes.
 */
export interface SandboxScope {
  /** Where the process starts. */
  cwd: string;
  /** Shown read-only even inside a folder the sandbox replaces (a repository under `/tmp`). */
  readable: readonly string[];
  /** Replaced: an empty folder over a folder, `/dev/null` over a file (the engine's state, credentials). */
  hidden: readonly string[];
  /** Read-write (the task's worktree, the attempt's folder, a private home). */
  writable: readonly string[];
  /** Read-only again inside a writable folder: the files that tell git (and Baton) where things are. */
  pinned: readonly string[];
  /** Host folders bound read-write at another path inside: `[source, target]`. */
  moved?: readonly (readonly [string, string])[];
  /** Host folders bound read-only at another path inside: `[source, target]`. */
  movedReadOnly?: readonly (readonly [string, string])[];
  /** Stop the sandbox when the process that started it dies (commands run with a timeout). */
  dieWithParent?: boolean;
  /**
   * An empty folder of Baton's on the host: a hidden folder with nothing writable inside is
   * covered by it, read-only — one mount, where an empty tmpfs made read-only costs two.
   */
  emptyDir?: string;
}

/**
 * bubblewrap's arguments for `scope`, up to and including `--`. Mounts are applied in order:
 * the host read-only, a private /tmp, readable paths back, hidden paths masked, writable paths
 * bound, pinned paths made read-only again. Paths that do not exist are left out (bwrap refuses
 * to bind a missing source); symlinks are resolved, so a mask hides what the link points at.
 *
 * Safety: `--unshare-pid` gives the sandbox its own PID namespace — the engine's processes (and
 * their `/proc/<pid>/environ`) are invisible, and when the sandbox's first process exits the
 * kernel kills every process left in it, `setsid` daemons included. The network is kept: agents
 * call their model APIs.
 */
export function bwrapArguments(scope: SandboxScope): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--unshare-pid'];
  if (scope.dieWithParent) args.push('--die-with-parent');
  for (const p of real(scope.readable)) args.push('--ro-bind', p, p);
  for (const [source, target] of scope.movedReadOnly ?? []) {
    const from = realOrUndefined(source);
    if (from) args.push('--ro-bind', from, target);
  }
  const hiddenDirs: string[] = [];
  const inside = [...real(scope.writable), ...(scope.moved ?? []).map(([, target]) => target)];
  const empty = scope.emptyDir ? realOrUndefined(scope.emptyDir) : undefined;
  for (const p of real(scope.hidden)) {
    if (!lstatSync(p).isDirectory()) {
      args.push('--ro-bind', '/dev/null', p);
    } else if (empty && !inside.some((w) => w.startsWith(`${p}/`))) {
      args.push('--ro-bind', empty, p);
    } else {
      args.push('--tmpfs', p);
      hiddenDirs.push(p);
    }
  }
  for (const p of real(scope.writable)) args.push('--bind', p, p);
  for (const [source, target] of scope.moved ?? []) {
    const from = realOrUndefined(source);
    if (from) args.push('--bind', from, realOrUndefined(target) ?? target);
  }
  for (const p of real(scope.pinned)) args.push('--ro-bind', p, p);
  // Last: the empty folders masking hidden ones are read-only too (their writable children,
  // bound above, stay writable): nothing written there could pass for the engine's state.
  for (const p of hiddenDirs) args.push('--remount-ro', p);
  args.push('--chdir', scope.cwd, '--');
  return args;
}

function real(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const r = realOrUndefined(p);
    if (r && !out.includes(r)) out.push(r);
  }
  return out;
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
