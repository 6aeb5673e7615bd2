import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemClock, type Clock } from './clock';
import {
  LOCK_BUSY, createExclusive, pidAlive, readLeaseFile, replaceAtomic, withLock, type LeaseRecord,
} from './leaseFiles';

export type { LeaseRecord } from './leaseFiles';

/** Options of {@link acquireWriteLease}. */
export interface LeaseOptions {
  /** Who holds it, for people: `baton run (cli)`, `VS Code window`. */
  owner: string;
  /** Defaults to this process. */
  pid?: number;
  /** How often the holder rewrites `heartbeatAt` (default 1000 ms). */
  heartbeatMs?: number;
  /** A heartbeat older than this marks the holder dead (default 5000 ms). */
  staleMs?: number;
  clock?: Clock;
  /** Defaults to `os.hostname()`; pids are only checked for holders on the same host. */
  hostname?: string;
}

/** The write lease of a state folder, held until released or lost. */
export interface Lease {
  readonly record: Readonly<LeaseRecord>;
  /** Aborts (with a {@link LeaseError} `lost`) if another process took the lease over. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** A live process holds the lease; the fields say who, for the message a front shows. */
export class LeaseHeldError extends Error {
  override readonly name = 'LeaseHeldError';
  readonly pid: number;
  readonly owner: string;
  readonly hostname: string;
  /** When the holder acquired the lease. */
  readonly since: string;
  readonly lastHeartbeat: string;

  constructor(stateDir: string, holder: LeaseRecord) {
    super(`${stateDir} is in use by ${holder.owner} (pid ${holder.pid} on ${holder.hostname}) since ${holder.acquiredAt}; last heartbeat ${holder.heartbeatAt}`);
    this.pid = holder.pid;
    this.owner = holder.owner;
    this.hostname = holder.hostname;
    this.since = holder.acquiredAt;
    this.lastHeartbeat = holder.heartbeatAt;
  }

  static is(error: unknown): error is LeaseHeldError {
    return error instanceof LeaseHeldError;
  }
}

/** The lease could not be taken (`busy`), or a holder lost it (`lost`). */
export class LeaseError extends Error {
  override readonly name = 'LeaseError';
  readonly code: 'busy' | 'lost';

  constructor(code: 'busy' | 'lost', message: string) {
    super(message);
    this.code = code;
  }

  static is(error: unknown): error is LeaseError {
    return error instanceof LeaseError;
  }
}

/** `lease.json` with a verdict on its holder. */
export interface LeaseStatus extends LeaseRecord {
  /** `live` holders keep the lease; `dead` (pid gone) and `stale` (no heartbeat) ones can be taken over. */
  health: 'live' | 'dead' | 'stale';
}

interface Settings {
  hostname: string;
  heartbeatMs: number;
  staleMs: number;
  clock: Clock;
}

/**
 * Takes the write lease of `stateDir` (file `lease.json`): free, or held by a dead or stale
 * holder, it is ours; held by a live process, this throws {@link LeaseHeldError}. A free lease
 * is created with an atomic link, so racing processes get exactly one winner; taking over a
 * dead one happens under `lease.lock`, re-checked inside, for the same guarantee.
 */
export async function acquireWriteLease(stateDir: string, options: LeaseOptions): Promise<Lease> {
  const s = settingsOf(options);
  const file = path.join(stateDir, 'lease.json');
  await fs.mkdir(stateDir, { recursive: true });
  const now = new Date(s.clock.now()).toISOString();
  const record: LeaseRecord = {
    pid: options.pid ?? process.pid, owner: options.owner, hostname: s.hostname,
    acquiredAt: now, heartbeatAt: now, token: randomUUID(),
  };
  const text = JSON.stringify(record);
  // A few rounds: the lease can vanish (released) between our look and our takeover.
  for (let round = 0; round < 10; round++) {
    if (await createExclusive(file, text)) return new HeldLease(stateDir, file, record, s);
    const seen = await readLeaseFile(file);
    if (seen.kind === 'missing') continue;
    if (seen.kind === 'ok' && healthOf(seen.record, s) === 'live') throw new LeaseHeldError(stateDir, seen.record);
    const outcome = await withLock(stateDir, { ...s, waitMs: s.staleMs }, async () => {
      const again = await readLeaseFile(file);
      if (again.kind === 'missing') return 'retry';
      if (again.kind === 'ok' && healthOf(again.record, s) === 'live') throw new LeaseHeldError(stateDir, again.record);
      await replaceAtomic(file, text);
      return 'taken';
    });
    if (outcome === 'taken') return new HeldLease(stateDir, file, record, s);
    if (outcome === LOCK_BUSY) throw new LeaseError('busy', `${stateDir}: lease.lock stayed taken for ${s.staleMs} ms`);
  }
  throw new LeaseError('busy', `${stateDir}: the lease kept changing hands; try again`);
}

/** The lease of `stateDir` and its holder's health, for observers (`baton status`); none if free. */
export async function readLease(stateDir: string, options: Omit<LeaseOptions, 'owner' | 'pid' | 'heartbeatMs'> = {}): Promise<LeaseStatus | undefined> {
  const s = settingsOf({ owner: '', ...options });
  const seen = await readLeaseFile(path.join(stateDir, 'lease.json'));
  return seen.kind === 'ok' ? { ...seen.record, health: healthOf(seen.record, s) } : undefined;
}

function healthOf(r: LeaseRecord, s: Settings): LeaseStatus['health'] {
  if (r.hostname === s.hostname && !pidAlive(r.pid)) return 'dead';
  const beat = Date.parse(r.heartbeatAt);
  return Number.isNaN(beat) || s.clock.now() - beat > s.staleMs ? 'stale' : 'live';
}

function settingsOf(o: LeaseOptions): Settings {
  const heartbeatMs = o.heartbeatMs ?? 1000;
  const staleMs = o.staleMs ?? 5000;
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 1) throw new TypeError(`Expected \`heartbeatMs\` to be an integer >= 1, got \`${heartbeatMs}\``);
  if (!Number.isFinite(staleMs) || staleMs <= heartbeatMs) {
    throw new TypeError(`Expected \`staleMs\` to be greater than \`heartbeatMs\` (${heartbeatMs}), got \`${staleMs}\``);
  }
  return { hostname: o.hostname ?? os.hostname(), heartbeatMs, staleMs, clock: o.clock ?? systemClock };
}

class HeldLease implements Lease {
  readonly record: LeaseRecord;
  readonly #stateDir: string;
  readonly #file: string;
  readonly #s: Settings;
  readonly #lost = new AbortController();
  readonly #timer: NodeJS.Timeout;
  #beating: Promise<void> | undefined;
  #lastBeat: number;
  #released = false;

  constructor(stateDir: string, file: string, record: LeaseRecord, s: Settings) {
    this.#stateDir = stateDir;
    this.#file = file;
    this.record = record;
    this.#s = s;
    this.#lastBeat = s.clock.now();
    // Unref'd: a forgotten lease must not keep a CLI process alive.
    this.#timer = setInterval(() => {
      this.#beating ??= this.#beat().finally(() => (this.#beating = undefined));
    }, s.heartbeatMs).unref();
  }

  get lost(): AbortSignal {
    return this.#lost.signal;
  }

  async #beat(): Promise<void> {
    if (this.#released || this.#lost.signal.aborted) return;
    try {
      const outcome = await withLock(this.#stateDir, { ...this.#s, waitMs: this.#s.heartbeatMs / 2 }, async () => {
        const seen = await readLeaseFile(this.#file);
        if (seen.kind !== 'ok' || seen.record.token !== this.record.token) return seen;
        this.record.heartbeatAt = new Date(this.#s.clock.now()).toISOString();
        await replaceAtomic(this.#file, JSON.stringify(this.record));
        return undefined;
      });
      if (outcome === LOCK_BUSY) return; // a taker is looking; if we are still ours it will see us live
      if (outcome !== undefined) {
        const who = outcome.kind === 'ok' ? `${outcome.record.owner} (pid ${outcome.record.pid})` : `nobody (lease.json ${outcome.kind})`;
        this.#markLost(`The lease of ${this.#stateDir} was taken over by ${who}`);
        return;
      }
      this.#lastBeat = this.#s.clock.now();
    } catch (error) {
      // A failing disk: once others could consider us stale, we must consider ourselves lost.
      if (this.#s.clock.now() - this.#lastBeat > this.#s.staleMs) {
        this.#markLost(`Heartbeats of ${this.#stateDir} failed for over ${this.#s.staleMs} ms: ${(error as Error).message}`);
      }
    }
  }

  #markLost(message: string): void {
    clearInterval(this.#timer);
    this.#lost.abort(new LeaseError('lost', message));
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    clearInterval(this.#timer);
    await this.#beating;
    if (this.#lost.signal.aborted) return;
    const removeIfOurs = async (): Promise<void> => {
      const seen = await readLeaseFile(this.#file);
      if (seen.kind === 'ok' && seen.record.token === this.record.token) await fs.rm(this.#file, { force: true });
    };
    const outcome = await withLock(this.#stateDir, { ...this.#s, waitMs: this.#s.staleMs }, removeIfOurs);
    if (outcome === LOCK_BUSY) await removeIfOurs();
  }
}
