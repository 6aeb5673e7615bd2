/*
 * Layout decision: one journal per run. A state folder (`.claude/state/`) holds
 * `runs/<runId>/journal.jsonl` plus that run's snapshots, `current` naming the run last started
 * or resumed, and `lease.json` (runDirectory.ts). Seqs start at 1 in every run, a finished run's
 * files never change again (they can be archived or deleted as a unit), replaying one run never
 * reads another's events, and an observer switches runs by watching one small file.
 * `baton status` shows the run `current` names; `baton resume` takes the newest run that is
 * active or paused (runCatalog.ts `latestRun`).
 */
import * as fs from 'node:fs/promises';
import type { Redactor } from '../secrets/redactor';
import { ChainHeadRecorder } from './chainHead';
import { systemClock, type Clock } from './clock';
import { EventBus } from './eventBus';
import type { EngineEvent, NewEvent } from './events';
import type { Journal, JournalStats } from './journal';
import { acquireWriteLease, type Lease } from './lease';
import { loadRun } from './loadRun';
import { applyEvent, emptyRunState } from './projection';
import { latestRun } from './runCatalog';
import { assertRunId, readCurrentRun, runDirOf, runExists, writeCurrentRun } from './runDirectory';
import { RunFollower } from './runFollower';
import type { ReadonlyRunState, RunState } from './runState';
import { SnapshotScheduler } from './snapshotScheduler';
import type { StateProblem } from './stateProblem';
import { StateStoreError } from './stateStoreError';

/** Options of {@link StateStore.open}. */
export interface StateStoreOptions {
  /** A writer takes the lease and commits; an observer only reads and follows. */
  mode: 'writer' | 'observer';
  /**
   * The run to open. Default for a writer: the newest unfinished run (resume), or none until
   * {@link StateStore.startNewRun}; for an observer: the run `current` names, following
   * `current` to each new run.
   */
  runId?: string;
  /**
   * Writer without `runId`: `false` opens no run, for a front about to call `startNewRun`
   * (so a damaged old run cannot stand in its way). Default `true`.
   */
  resume?: boolean;
  clock?: Clock;
  /** Lease owner shown to other processes (default `baton`). */
  owner?: string;
  pid?: number;
  heartbeatMs?: number;
  staleMs?: number;
  /**
   * Fewest events between snapshots (default 500). Snapshots are also spaced by size: the next
   * one waits until the journal has grown by as many bytes as the last snapshot took.
   */
  snapshotEvery?: number;
  /** Observer poll interval in ms (default 250); `fs.watch` usually reports sooner. */
  pollMs?: number;
  allowCorruptLines?: boolean;
  maxEventBytes?: number;
  /** Recoveries and errors that did not stop the store (also kept in `problems`). */
  onProblem?: (problem: StateProblem) => void;
  /** Aborting closes the store (an observer stops following). */
  signal?: AbortSignal;
  /**
   * Secrets to keep out of the journal (and so out of snapshots and every view): each event
   * is redacted before it is written, applied and emitted. The front builds it from the host
   * environment (`Redactor.fromEnv`).
   */
  redactor?: Redactor;
}

const MAX_KEPT_PROBLEMS = 100;

/**
 * The engine's durable state: every change is an event appended to the run's journal before
 * anyone acts on it, the live `state` is the events' projection, recovery is replay, and the
 * `bus` carries exactly the journalled events, in order.
 */
export class StateStore {
  readonly stateDir: string;
  readonly mode: 'writer' | 'observer';
  readonly bus: EventBus;
  readonly #o: StateStoreOptions;
  #state: RunState = emptyRunState();
  #runId: string | undefined;
  #journal: Journal | undefined;
  #lease: Lease | undefined;
  #follower: RunFollower | undefined;
  #problems: StateProblem[] = [];
  #snapshots: SnapshotScheduler | undefined;
  #head: ChainHeadRecorder | undefined;
  #closed = false;
  #onAbort: (() => void) | undefined;

  private constructor(stateDir: string, options: StateStoreOptions) {
    this.stateDir = stateDir;
    this.mode = options.mode;
    this.#o = options;
    this.bus = new EventBus({
      onListenerError: (error, e) => this.#report({ kind: 'listener-error', eventType: e.type, seq: e.seq, error }),
    });
  }

  /** Opens a state folder; a writer first takes its lease (or throws `LeaseHeldError`). */
  static async open(stateDir: string, options: StateStoreOptions): Promise<StateStore> {
    const every = options.snapshotEvery ?? 500;
    if (!Number.isInteger(every) || every < 1) throw new TypeError(`Expected \`snapshotEvery\` to be an integer >= 1, got \`${every}\``);
    if (options.runId !== undefined) assertRunId(options.runId);
    options.signal?.throwIfAborted();
    const store = new StateStore(stateDir, options);
    try {
      if (options.mode === 'writer') await store.#openWriter();
      else await store.#openObserver();
    } catch (error) {
      await store.close();
      throw error;
    }
    if (options.signal) {
      store.#onAbort = () => void store.close();
      options.signal.addEventListener('abort', store.#onAbort, { once: true });
    }
    return store;
  }

  async #openWriter(): Promise<void> {
    const o = this.#o;
    this.#lease = await acquireWriteLease(this.stateDir, {
      owner: o.owner ?? 'baton', pid: o.pid, heartbeatMs: o.heartbeatMs, staleMs: o.staleMs, clock: o.clock,
    });
    const lost = this.#lease.lost;
    lost.addEventListener('abort', () => this.#report({ kind: 'lease-lost', reason: (lost.reason as Error).message }), { once: true });
    const runId = o.runId ?? (o.resume === false ? undefined : (await latestRun(this.stateDir, { unfinished: true }))?.runId);
    if (runId === undefined) return;
    if (!(await runExists(this.stateDir, runId))) throw new StateStoreError('run-not-found', `No run ${runId} in ${this.stateDir}`);
    await this.#load(runId);
    if ((await readCurrentRun(this.stateDir)) !== runId) await writeCurrentRun(this.stateDir, runId);
  }

  async #openObserver(): Promise<void> {
    const runId = this.#o.runId ?? (await readCurrentRun(this.stateDir));
    let offset = 0;
    if (runId !== undefined) {
      const loaded = await loadRun(this.stateDir, runId, { mode: 'reader', allowCorruptLines: this.#o.allowCorruptLines, signal: this.#o.signal });
      await loaded.journal.close();
      this.#adopt(runId, loaded.state, loaded.problems);
      offset = loaded.journal.size;
    }
    this.#follower = new RunFollower({
      stateDir: this.stateDir, runId, offset, followCurrent: this.#o.runId === undefined, pollMs: this.#o.pollMs ?? 250,
      onEvents: (_runId, events) => this.#applyAndEmit(events),
      onRunChanged: (id) => this.#adopt(id, emptyRunState(), []),
      onProblem: (p) => this.#report(p),
    });
  }

  async #load(runId: string): Promise<void> {
    const head = new ChainHeadRecorder(this.stateDir, runId, this.#o.clock ?? systemClock);
    const loaded = await loadRun(this.stateDir, runId, {
      mode: 'writer', clock: this.#o.clock, allowCorruptLines: this.#o.allowCorruptLines,
      maxEventBytes: this.#o.maxEventBytes, signal: this.#o.signal,
      ...(this.#o.redactor ? { redactor: this.#o.redactor } : {}),
      onDurable: (events) => {
        this.#applyAndEmit(events);
        this.#snapshots?.maybe(this.#state, this.#journal?.size ?? 0);
        head.note(this.#journal?.tip);
      },
    });
    this.#journal = loaded.journal;
    this.#head = head;
    this.#snapshots = new SnapshotScheduler(runDirOf(this.stateDir, runId), {
      every: this.#o.snapshotEvery ?? 500, fromSeq: loaded.snapshotSeq, journalBytes: loaded.journal.size,
      onError: (reason) => this.#report({ kind: 'snapshot-failed', runId, reason }),
    });
    this.#adopt(runId, loaded.state, loaded.problems);
  }

  #adopt(runId: string, state: RunState, problems: readonly StateProblem[]): void {
    this.#runId = runId;
    this.#state = state;
    for (const p of problems) this.#report(p);
  }

  /** The live state. Read it, never change it: it changes only through {@link commit}. */
  get state(): ReadonlyRunState {
    return this.#state;
  }

  /** The open run, if any. */
  get runId(): string | undefined {
    return this.#runId;
  }

  /** The latest problems recovered from (at most 100). */
  get problems(): readonly StateProblem[] {
    return this.#problems;
  }

  /** The writer's journal counters (fsync rounds vs appends), for diagnostics and benchmarks. */
  get journalStats(): Readonly<JournalStats> | undefined {
    return this.#journal?.stats;
  }

  /** Fires if another process took the write lease over; `commit` refuses from then on. */
  get leaseLost(): AbortSignal | undefined {
    return this.#lease?.lost;
  }

  /**
   * Closes the open run (snapshotting it) and starts `runId`: its folder and journal, then
   * `current` pointing at it. The state is empty until the caller commits `run:started`.
   */
  async startNewRun(runId: string): Promise<void> {
    this.#assertWritable();
    assertRunId(runId);
    if (await runExists(this.stateDir, runId)) throw new StateStoreError('run-exists', `Run ${runId} already exists in ${this.stateDir}`);
    await this.#closeRun();
    await fs.mkdir(runDirOf(this.stateDir, runId), { recursive: true });
    await this.#load(runId);
    // After the journal exists, so an observer that follows `current` never finds it dangling.
    await writeCurrentRun(this.stateDir, runId);
  }

  /**
   * Appends the events durably, then applies them to `state` and emits them on `bus` (both in
   * seq order, before this resolves), snapshotting when due. Resolves with the stamped events.
   */
  async commit(events: readonly NewEvent[]): Promise<EngineEvent[]> {
    this.#assertWritable();
    if (!this.#journal) throw new StateStoreError('no-run', 'No run is open: call startNewRun first');
    return this.#journal.append(events);
  }

  #assertWritable(): void {
    if (this.#closed) throw new StateStoreError('closed', `The state store of ${this.stateDir} is closed`);
    if (this.mode !== 'writer') throw new StateStoreError('read-only', 'An observer cannot write; open the store as a writer');
    const lost = this.#lease?.lost;
    if (lost?.aborted) throw new StateStoreError('lease-lost', `Lost the write lease of ${this.stateDir}`, { cause: lost.reason });
  }

  #applyAndEmit(events: readonly EngineEvent[]): void {
    for (const e of events) {
      if (e.seq <= this.#state.lastSeq) continue; // already in the state (an observer's overlap)
      try {
        applyEvent(this.#state, e);
      } catch (error) {
        this.#report({ kind: 'projection-error', seq: e.seq, error });
      }
      this.bus.emit(e);
    }
  }

  async #closeRun(): Promise<void> {
    if (!this.#journal) return;
    await this.#journal.close(); // waits for in-flight appends (and the snapshots they trigger)
    if (!this.#lease?.lost.aborted) {
      await this.#snapshots?.flush(this.#state, this.#journal.size);
      await this.#head?.flush();
    }
    this.#journal = undefined;
    this.#snapshots = undefined;
    this.#head = undefined;
  }

  #report(problem: StateProblem): void {
    this.#problems.push(problem);
    if (this.#problems.length > MAX_KEPT_PROBLEMS) this.#problems.shift();
    try {
      this.#o.onProblem?.(problem);
    } catch {
      // A failing reporter must not fail the commit path it is called from.
    }
  }

  /** Writer: drains in-flight commits, snapshots, releases the lease. Observer: stops following. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#onAbort) this.#o.signal?.removeEventListener('abort', this.#onAbort);
    await this.#follower?.stop();
    await this.#closeRun();
    await this.#lease?.release();
  }
}
