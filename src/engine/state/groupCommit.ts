import type { FileHandle } from 'node:fs/promises';

/** Text to append, plus whatever its submitter wants back in `onRound`. */
export interface GroupCommitEntry {
  text: string;
}

/**
 * Group commit on an append-mode file: entries submitted while a round is being written and
 * fsync'd are gathered into the next round, written with one `write` and made durable with one
 * `fdatasync`. Each submitter resolves only once its entry is durable, yet the disk sees one
 * flush per round however many producers there are.
 */
export class GroupCommitter<E extends GroupCommitEntry> {
  readonly #fh: FileHandle;
  readonly #onRound: (round: readonly E[]) => void;
  readonly #onFailure: (cause: unknown) => Error;
  #pending: { entry: E; resolve(): void; reject(error: unknown): void }[] = [];
  #flushing: Promise<void> | undefined;
  #failed: Error | undefined;
  #rounds = 0;

  /**
   * @param onRound called with each durable round, in submission order, before its submitters
   *   resolve; must not throw.
   * @param onFailure turns a write or fsync error into the error every submitter gets.
   */
  constructor(fh: FileHandle, onRound: (round: readonly E[]) => void, onFailure: (cause: unknown) => Error) {
    this.#fh = fh;
    this.#onRound = onRound;
    this.#onFailure = onFailure;
  }

  /** Write+fsync rounds so far. */
  get rounds(): number {
    return this.#rounds;
  }

  /** Set once a round failed; nothing more is accepted. */
  get failed(): Error | undefined {
    return this.#failed;
  }

  /** Resolves once `entry` is durably appended. Entries land in submission order. */
  submit(entry: E): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ entry, resolve, reject });
      // Starting a round one macrotask later lets every entry submitted in this turn of the
      // event loop share it: producers woken by the previous round resubmit in the same turn,
      // and starting at once would write the first of them alone and queue the rest.
      this.#flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.#flushLoop());
    });
  }

  /** Resolves when every submitted entry is durable (or failed). */
  async drain(): Promise<void> {
    await this.#flushing;
  }

  // Safety: the loop clears `#flushing` in the same synchronous step that sees `#pending` empty,
  // so an entry can never queue behind a loop that has already decided to stop.
  async #flushLoop(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const round = this.#pending;
        this.#pending = [];
        const buf = Buffer.from(round.length === 1 ? round[0]!.entry.text : round.map((p) => p.entry.text).join(''), 'utf8');
        try {
          for (let off = 0; off < buf.length;) off += (await this.#fh.write(buf, off, buf.length - off)).bytesWritten;
          await this.#fh.datasync();
        } catch (cause) {
          this.#fail(round, cause);
          return;
        }
        this.#rounds++;
        try {
          this.#onRound(round.map((p) => p.entry));
        } catch {
          // Contract: onRound does not throw. If it does, the entries are durable all the same;
          // failing the submitters would invite a retry that appends them twice.
        }
        for (const p of round) p.resolve();
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  // After a failed write the file's tail is unknown (maybe half a round), so nothing more is
  // taken; reopening the journal repairs the tail. The fsync-gate lesson: never retry an fsync.
  #fail(round: readonly { reject(error: unknown): void }[], cause: unknown): void {
    this.#failed = this.#onFailure(cause);
    for (const p of [...round, ...this.#pending]) p.reject(this.#failed);
    this.#pending = [];
  }
}
