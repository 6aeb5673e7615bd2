import * as fs from 'node:fs';
import type { EngineEvent } from './events';
import { Journal } from './journal';
import { journalFileOf, readCurrentRun } from './runDirectory';
import type { StateProblem } from './stateProblem';

/** Options of {@link RunFollower}. */
export interface RunFollowerOptions {
  stateDir: string;
  /** The run being followed, if any yet. */
  runId: string | undefined;
  /** Byte offset in its journal up to which events were already taken. */
  offset: number;
  /** Switch to whichever run `current` names when it changes (a CLI starting a new run). */
  followCurrent: boolean;
  pollMs: number;
  /** New complete events of the followed run, in journal order. */
  onEvents(runId: string, events: EngineEvent[]): void;
  /** The followed run changed (or its journal was replaced): the state must restart empty; events from seq 1 follow. */
  onRunChanged(runId: string): void;
  onProblem(problem: StateProblem): void;
}

/**
 * Follows a run's journal from another process, reading only the bytes appended since the last
 * look. `fs.watch` makes it prompt; a poll every `pollMs` makes it reliable where watching is
 * not (network folders, a journal that does not exist yet, editors' atomic saves). Ticks never
 * overlap: a change during a tick just asks for one more.
 */
export class RunFollower {
  readonly #o: RunFollowerOptions;
  #runId: string | undefined;
  #offset: number;
  #watcher: fs.FSWatcher | undefined;
  #watchedFile: string | undefined;
  readonly #timer: NodeJS.Timeout;
  #ticking: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #reportedAt = -1;

  constructor(options: RunFollowerOptions) {
    this.#o = options;
    this.#runId = options.runId;
    this.#offset = options.offset;
    // Kept ref'd on purpose: following is the long work the caller asked for; stop() ends it.
    this.#timer = setInterval(() => this.#schedule(), options.pollMs);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    this.#ticking = this.#loop();
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#again = false;
        await this.#tick();
      } while (this.#again && !this.#stopped);
    } catch (error) {
      if (!this.#stopped) this.#o.onProblem({ kind: 'follow-error', runId: this.#runId ?? '', reason: (error as Error).message });
    } finally {
      this.#ticking = undefined;
    }
  }

  async #tick(): Promise<void> {
    if (this.#o.followCurrent) {
      const current = await readCurrentRun(this.#o.stateDir);
      if (this.#stopped) return;
      if (current !== undefined && current !== this.#runId) this.#switchTo(current);
    }
    const runId = this.#runId;
    if (runId === undefined) return;
    const file = journalFileOf(this.#o.stateDir, runId);
    this.#watch(file);
    const tail = await Journal.tail(file, this.#offset);
    if (this.#stopped || runId !== this.#runId) return;
    if (tail.reset) {
      this.#switchTo(runId);
      this.#again = true;
      return;
    }
    if (tail.events.length > 0) {
      this.#offset = tail.nextOffset;
      this.#o.onEvents(runId, tail.events);
    }
    // Reported once per spot: a writer may still repair it, and then reading simply moves on.
    if (tail.problem && tail.problem.offset !== this.#reportedAt) {
      this.#reportedAt = tail.problem.offset;
      this.#o.onProblem({ kind: 'follow-error', runId, reason: `bad line at byte ${tail.problem.offset}: ${tail.problem.reason}` });
    }
  }

  #switchTo(runId: string): void {
    this.#runId = runId;
    this.#offset = 0;
    this.#reportedAt = -1;
    this.#o.onRunChanged(runId);
  }

  #watch(file: string): void {
    if (this.#watchedFile === file && this.#watcher) return;
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#watchedFile = file;
    try {
      const watcher = fs.watch(file, () => this.#schedule());
      // A watcher that fails (file deleted, too many watches) leaves the poll in charge.
      watcher.on('error', () => {
        watcher.close();
        if (this.#watcher === watcher) this.#watcher = undefined;
      });
      this.#watcher = watcher;
    } catch {
      // Not there yet: the poll retries.
    }
  }

  /** Stops following and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
    await this.#ticking;
  }
}
