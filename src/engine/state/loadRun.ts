import type { KeyObject } from 'node:crypto';
import type { Redactor } from '../secrets/redactor';
import { readChainHead } from './chainHead';
import type { Clock } from './clock';
import type { EngineEvent } from './events';
import { Journal } from './journal';
import { JournalError } from './journalErrors';
import { loadJournalKey } from './journalKey';
import { applyEvent, emptyRunState } from './projection';
import { journalFileOf, runDirOf } from './runDirectory';
import type { RunState } from './runState';
import { loadLatestSnapshot } from './snapshot';
import type { StateProblem } from './stateProblem';

/** Options of {@link loadRun}. */
export interface LoadRunOptions {
  mode: 'writer' | 'reader';
  clock?: Clock;
  allowCorruptLines?: boolean;
  maxEventBytes?: number;
  onDurable?: (events: readonly EngineEvent[]) => void;
  signal?: AbortSignal;
  /** The state folder's journal key; default: read from `<stateDir>/keys/` (a writer creates it). */
  key?: KeyObject;
  redactor?: Redactor;
}

/** A run brought back: its journal (open), its state, and what recovery had to repair. */
export interface LoadedRun {
  journal: Journal;
  state: RunState;
  /** Seq of the snapshot the state started from (0: a full replay). */
  snapshotSeq: number;
  problems: StateProblem[];
}

/**
 * The key to check (and, for a writer, to MAC) a run's lines with. A reader without a key
 * checks the hash links only. A writer creates the key on first use — but never for a journal
 * already MAC'd with a lost key: a new key would make every line look forged, and lines written
 * from now on would prove nothing about the ones before.
 */
async function journalKeyFor(stateDir: string, mode: 'writer' | 'reader'): Promise<KeyObject | undefined> {
  if (mode === 'reader') return loadJournalKey(stateDir, { create: false }).catch(() => undefined);
  return loadJournalKey(stateDir, { create: true }).catch((error: unknown) => {
    throw new JournalError('key-unreadable', (error as Error).message, { cause: error });
  });
}

/**
 * Crash recovery is replay: the newest valid snapshot, then every journalled event after it.
 * The snapshot is read before the journal is scanned, so a reader racing a live writer never
 * finds a snapshot newer than the journal it scanned.
 */
export async function loadRun(stateDir: string, runId: string, options: LoadRunOptions): Promise<LoadedRun> {
  const problems: StateProblem[] = [];
  const loaded = await loadLatestSnapshot(runDirOf(stateDir, runId), { runId });
  for (const p of loaded.problems) problems.push({ kind: 'snapshot-skipped', runId, file: p.file, reason: p.reason });
  const key = options.key ?? (await journalKeyFor(stateDir, options.mode));
  const head = await readChainHead(stateDir, runId);
  const journal = await Journal.open(journalFileOf(stateDir, runId), { ...options, runId, ...(key ? { key } : {}), ...(head ? { head } : {}) });
  try {
    if (journal.recovered) problems.push({ kind: 'torn-tail', runId, tornBytes: journal.recovered.tornBytes });
    if (journal.legacyLines > 0) problems.push({ kind: 'legacy-journal', runId, lines: journal.legacyLines });
    for (const p of journal.problems) problems.push({ kind: 'corrupt-line', runId, line: p.line, reason: p.reason, snippet: p.snippet });
    let snapshot = loaded.snapshot;
    if (snapshot && snapshot.seq > journal.lastSeq) {
      // Only a lost journal tail explains this; the journal is the truth, so trust it alone.
      problems.push({ kind: 'snapshot-skipped', runId, file: snapshot.file, reason: `at seq ${snapshot.seq}, ahead of the journal's ${journal.lastSeq}` });
      snapshot = undefined;
    }
    const state = snapshot?.state ?? emptyRunState();
    for await (const e of journal.events(state.lastSeq + 1)) applyEvent(state, e);
    return { journal, state, snapshotSeq: snapshot?.seq ?? 0, problems };
  } catch (error) {
    await journal.close();
    throw error;
  }
}
