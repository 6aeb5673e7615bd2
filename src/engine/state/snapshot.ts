import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fsyncDir } from './fsyncDir';
import type { RunState, TaskRunState } from './runState';

/** A snapshot ready to write: produced synchronously, so it matches the state at one seq exactly. */
export interface EncodedSnapshot {
  seq: number;
  runId: string | undefined;
  text: string;
}

/** A snapshot read back. */
export interface LoadedSnapshot {
  seq: number;
  state: RunState;
  file: string;
}

/** A snapshot that was skipped, and why; loading falls back to an older one or a full replay. */
export interface SnapshotProblem {
  file: string;
  reason: string;
}

interface SnapshotHeader {
  format: 'baton-snapshot';
  version: 1;
  runId: string | null;
  seq: number;
  bytes: number;
  sha256: string;
}

const FORMAT = 'baton-snapshot';
const NAME = /^snapshot-(\d+)\.json$/;

/**
 * The state as JSON. Maps are written as arrays explicitly (JSON.stringify would write `{}`);
 * task order is preserved, so a reloaded state is deep-equal to the live one.
 */
export function serializeRunState(state: RunState): string {
  return JSON.stringify({ ...state, tasks: [...state.tasks.values()] });
}

/** The inverse of {@link serializeRunState}; throws on anything that is not a serialised state. */
export function deserializeRunState(json: string): RunState {
  const raw = JSON.parse(json) as Omit<RunState, 'tasks'> & { tasks: TaskRunState[] };
  if (typeof raw !== 'object' || raw === null) throw new Error('not an object');
  if (typeof raw.status !== 'string' || typeof raw.lastSeq !== 'number') throw new Error('no status or lastSeq');
  if (!Array.isArray(raw.tasks)) throw new Error('no task list');
  const tasks = new Map<string, TaskRunState>();
  for (const t of raw.tasks) {
    if (typeof t?.id !== 'string' || typeof t.status !== 'string' || !Array.isArray(t.history)) throw new Error('malformed task');
    tasks.set(t.id, t);
  }
  return { ...raw, tasks };
}

/**
 * Serialises the state with a header line carrying its seq, length and SHA-256, so a snapshot
 * damaged on disk is recognised instead of loaded.
 */
export function encodeSnapshot(state: RunState): EncodedSnapshot {
  const body = serializeRunState(state);
  const header: SnapshotHeader = {
    format: FORMAT, version: 1, runId: state.runId ?? null, seq: state.lastSeq,
    bytes: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex'),
  };
  return { seq: state.lastSeq, runId: state.runId, text: `${JSON.stringify(header)}\n${body}` };
}

/**
 * Writes a snapshot atomically — temp file, fsync, rename, fsync of the folder — so a crash
 * leaves either the old snapshots or the new one, never half of one. Keeps the newest `keep`
 * (default 2): if the newest is ever unreadable, the one before it still saves a full replay.
 */
export async function writeSnapshot(runDir: string, snapshot: EncodedSnapshot, keep = 2): Promise<string> {
  const file = path.join(runDir, `snapshot-${String(snapshot.seq).padStart(12, '0')}.json`);
  const tmp = path.join(runDir, `.snapshot-${snapshot.seq}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(snapshot.text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
  await fsyncDir(runDir);
  await prune(runDir, keep);
  return file;
}

// Only the lease holder writes snapshots, so any other temp file is left over from a crash.
async function prune(runDir: string, keep: number): Promise<void> {
  const names = await fs.readdir(runDir);
  const old = snapshotNames(names).slice(keep);
  const stray = names.filter((n) => n.startsWith('.snapshot-') && n.endsWith('.tmp'));
  await Promise.all([...old, ...stray].map((n) => fs.rm(path.join(runDir, n), { force: true })));
}

/**
 * The newest valid snapshot of a run, or none. Snapshots that are damaged, of another run, or
 * ahead of the journal (`maxSeq`) are skipped and reported, and loading falls back to older
 * ones; no snapshot at all means the caller replays the whole journal.
 */
export async function loadLatestSnapshot(
  runDir: string,
  options: { runId?: string; maxSeq?: number } = {},
): Promise<{ snapshot: LoadedSnapshot | undefined; problems: SnapshotProblem[] }> {
  const problems: SnapshotProblem[] = [];
  let names: string[];
  try {
    names = snapshotNames(await fs.readdir(runDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { snapshot: undefined, problems };
    throw error;
  }
  for (const name of names) {
    const file = path.join(runDir, name);
    try {
      const loaded = decode(await fs.readFile(file, 'utf8'), options);
      return { snapshot: { ...loaded, file }, problems };
    } catch (error) {
      // Pruned by the writer between our listing and our read: not damage, just look further back.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problems.push({ file, reason: (error as Error).message });
    }
  }
  return { snapshot: undefined, problems };
}

function decode(text: string, options: { runId?: string; maxSeq?: number }): { seq: number; state: RunState } {
  const nl = text.indexOf('\n');
  if (nl < 0) throw new Error('no header line');
  const header = JSON.parse(text.slice(0, nl)) as Partial<SnapshotHeader>;
  if (header.format !== FORMAT || header.version !== 1) throw new Error('not a Baton snapshot (version 1)');
  const body = text.slice(nl + 1);
  if (Buffer.byteLength(body) !== header.bytes) throw new Error(`truncated: ${Buffer.byteLength(body)} of ${header.bytes} bytes`);
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) throw new Error('checksum mismatch');
  if (options.runId !== undefined && header.runId !== null && header.runId !== options.runId) throw new Error(`belongs to run ${header.runId}`);
  if (typeof header.seq !== 'number') throw new Error('no seq');
  if (options.maxSeq !== undefined && header.seq > options.maxSeq) throw new Error(`at seq ${header.seq}, ahead of the journal's ${options.maxSeq}`);
  const state = deserializeRunState(body);
  if (state.lastSeq !== header.seq) throw new Error(`header seq ${header.seq} differs from state seq ${state.lastSeq}`);
  return { seq: header.seq, state };
}

// Newest first.
function snapshotNames(names: readonly string[]): string[] {
  return names
    .map((n) => ({ n, m: NAME.exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => Number(b.m[1]) - Number(a.m[1]))
    .map((x) => x.n);
}
