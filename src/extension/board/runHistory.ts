/**
 * The events of a run read back from its journal, for the dashboard when a board opens during
 * (or after) a run: the live `onEvent` stream only has what happens from now on.
 */
import { stateDirFor } from '../../engine/run/runInspection';
import type { EngineEvent } from '../../engine/state/events';
import { Journal } from '../../engine/state/journal';
import { journalFileOf } from '../../engine/state/runDirectory';
import type { Workspace } from '../../engine/model/workspace';

/** Every durable event of `runId`, in order; [] when the journal is missing. Never writes. */
export async function readRunEvents(workspace: Pick<Workspace, 'root' | 'configRoot'>, runId: string): Promise<EngineEvent[]> {
  const stateDir = stateDirFor(workspace.root, workspace.configRoot);
  const journal = await Journal.open(journalFileOf(stateDir, runId), { mode: 'reader', allowCorruptLines: true });
  try {
    return await journal.readFrom(1);
  } finally {
    await journal.close();
  }
}

/**
 * Keeps a run's events in seq order while history is read and live events arrive at the same
 * time: live events are held until the history lands, then only the ones after it are kept.
 */
export class RunEventLog {
  #runId: string | undefined;
  #events: EngineEvent[] = [];
  #pending: EngineEvent[] | undefined;

  get runId(): string | undefined {
    return this.#runId;
  }

  get events(): readonly EngineEvent[] {
    return this.#events;
  }

  /** True while the history of the current run is being read. */
  get loading(): boolean {
    return this.#pending !== undefined;
  }

  /** Starts over for a run whose history is about to be read. */
  reset(runId: string | undefined): void {
    this.#runId = runId;
    this.#events = [];
    this.#pending = runId === undefined ? undefined : [];
  }

  /** The history read from the journal. Ignored if the run changed meanwhile. */
  loaded(runId: string, history: readonly EngineEvent[]): void {
    if (runId !== this.#runId || !this.#pending) return;
    const last = history.at(-1)?.seq ?? 0;
    this.#events = [...history, ...this.#pending.filter((e) => e.seq > last)];
    this.#pending = undefined;
  }

  /** A live event; a `run:started` of another run starts a new log. */
  add(e: EngineEvent): void {
    if (e.runId !== this.#runId) {
      if (e.type !== 'run:started') return;
      this.#runId = e.runId;
      this.#events = [];
      this.#pending = undefined;
    }
    if (this.#pending) this.#pending.push(e);
    else if ((this.#events.at(-1)?.seq ?? 0) < e.seq) this.#events.push(e);
  }
}
