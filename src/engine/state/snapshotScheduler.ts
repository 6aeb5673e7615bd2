import type { RunState } from './runState';
import { encodeSnapshot, writeSnapshot } from './snapshot';

/** Options of {@link SnapshotScheduler}. */
export interface SnapshotSchedulerOptions {
  /** Fewest events between snapshots. */
  every: number;
  /** Seq the run's state was loaded at from a snapshot (0: none). */
  fromSeq: number;
  /** Journal size at load. */
  journalBytes: number;
  /** A write failed; the journal still holds everything, so this is reported, not thrown. */
  onError(reason: string): void;
}

/**
 * Decides when a run is snapshotted and writes one snapshot at a time in the background.
 *
 * Due after `every` events AND once the journal grew by the last snapshot's size. A snapshot
 * costs O(state) — tasks and their histories — so spacing by size keeps its cost per event
 * constant and commit throughput flat however big the run gets, while replay after a crash
 * stays bounded by about one snapshot's worth of journal.
 */
export class SnapshotScheduler {
  readonly #runDir: string;
  readonly #o: SnapshotSchedulerOptions;
  #lastSeq: number;
  #lastJournalBytes: number;
  #lastBytes = 0;
  #writing: Promise<void> | undefined;

  constructor(runDir: string, options: SnapshotSchedulerOptions) {
    this.#runDir = runDir;
    this.#o = options;
    this.#lastSeq = options.fromSeq;
    this.#lastJournalBytes = options.journalBytes;
  }

  /** Called after each durable batch: starts a snapshot if one is due and none is being written. */
  maybe(state: RunState, journalBytes: number): void {
    if (this.#writing || state.lastSeq - this.#lastSeq < this.#o.every) return;
    if (journalBytes - this.#lastJournalBytes < this.#lastBytes) return;
    this.#writing = this.#write(state, journalBytes).finally(() => (this.#writing = undefined));
  }

  /** Waits for a snapshot in progress, then writes one unless it already covers the state (clean shutdown). */
  async flush(state: RunState, journalBytes: number): Promise<void> {
    await this.#writing;
    await this.#write(state, journalBytes);
  }

  // Encoded synchronously, so the snapshot is exactly the state at one seq; written after.
  async #write(state: RunState, journalBytes: number): Promise<void> {
    if (state.lastSeq === this.#lastSeq) return;
    const encoded = encodeSnapshot(state);
    this.#lastSeq = encoded.seq;
    this.#lastJournalBytes = journalBytes;
    this.#lastBytes = encoded.text.length;
    try {
      await writeSnapshot(this.#runDir, encoded);
    } catch (error) {
      this.#o.onError((error as Error).message);
    }
  }
}
