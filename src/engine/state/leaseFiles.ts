import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isProcessAlive } from '../runners/processTree';

/** The content of `lease.json`. */
export interface LeaseRecord {
  pid: number;
  owner: string;
  hostname: string;
  acquiredAt: string;
  heartbeatAt: string;
  /** Random per acquisition: tells this holder's lease from a later one by the same pid. */
  token: string;
}

/** `lease.json` as found: missing, unreadable garbage, or a record. */
export type LeaseRead = { kind: 'missing' } | { kind: 'corrupt' } | { kind: 'ok'; record: LeaseRecord };

/** True unless the OS says no process has this pid. EPERM means it exists but is not ours. */
export function pidAlive(pid: number): boolean {
  // A killed holder not yet reaped by its parent is a zombie: it holds nothing any more, and
  // waiting for its heartbeat to go stale would keep `baton resume` out for seconds.
  return isProcessAlive(pid);
}

/**
 * Creates `file` with `content` only if it does not exist, atomically and complete: the content
 * goes to a temp file that is then hard-linked to the name. `link` fails with EEXIST when the
 * name is taken, so of any number of racing processes exactly one succeeds, and nobody can
 * ever read a half-written file (as they could between an O_EXCL create and its write).
 */
export async function createExclusive(file: string, content: string): Promise<boolean> {
  const tmp = tempName(file);
  await fs.writeFile(tmp, content, 'utf8');
  try {
    await fs.link(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/**
 * Replaces `file` atomically (temp file + rename). Not fsync'd: a lease only matters while its
 * holder runs, and after a power cut every holder is dead anyway.
 */
export async function replaceAtomic(file: string, content: string): Promise<void> {
  const tmp = tempName(file);
  try {
    await fs.writeFile(tmp, content, 'utf8');
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

/** Reads and checks `lease.json`. */
export async function readLeaseFile(file: string): Promise<LeaseRead> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    const r = JSON.parse(text) as Partial<LeaseRecord>;
    if (typeof r.pid === 'number' && typeof r.owner === 'string' && typeof r.hostname === 'string'
      && typeof r.acquiredAt === 'string' && typeof r.heartbeatAt === 'string') {
      return { kind: 'ok', record: { token: '', ...r } as LeaseRecord };
    }
  } catch {
    // fall through: not JSON
  }
  return { kind: 'corrupt' };
}

/** Returned by {@link withLock} when the lock stayed taken for the whole wait. */
export const LOCK_BUSY: unique symbol = Symbol('lock busy');

interface LockOwner {
  pid: number;
  hostname: string;
  at: number;
}

/**
 * Runs `fn` holding `lease.lock`: the critical section for every change to an existing
 * `lease.json` (takeover, heartbeat, release), so a takeover can never interleave with the
 * holder's heartbeat or with another takeover.
 *
 * Safety: a lock left by a dead process (same host) or older than `staleMs` is broken. Two
 * processes breaking the same dead lock at once could both get in; that needs a crash inside a
 * millisecond-long section followed by a race, and the holder's next heartbeat (which checks
 * its token) still detects the loser.
 */
export async function withLock<T>(
  stateDir: string,
  opts: { hostname: string; staleMs: number; waitMs: number },
  fn: () => Promise<T>,
): Promise<T | typeof LOCK_BUSY> {
  const lockFile = path.join(stateDir, 'lease.lock');
  const me: LockOwner = { pid: process.pid, hostname: opts.hostname, at: Date.now() };
  const deadline = Date.now() + opts.waitMs;
  while (!(await createExclusive(lockFile, JSON.stringify(me)))) {
    if (await lockAbandoned(lockFile, opts)) {
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) return LOCK_BUSY;
    await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

async function lockAbandoned(lockFile: string, opts: { hostname: string; staleMs: number }): Promise<boolean> {
  try {
    const owner = JSON.parse(await fs.readFile(lockFile, 'utf8')) as Partial<LockOwner>;
    if (owner.hostname === opts.hostname && typeof owner.pid === 'number' && !pidAlive(owner.pid)) return true;
    return typeof owner.at !== 'number' || Date.now() - owner.at > opts.staleMs;
  } catch (error) {
    // Gone already (the holder finished): not abandoned, just retry the create.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    return true; // unreadable garbage: nobody can be holding it properly
  }
}

function tempName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}
