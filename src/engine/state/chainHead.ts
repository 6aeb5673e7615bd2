import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Clock } from './clock';
import { keysDirOf } from './journalKey';

/**
 * Where a run's hash chain had got to, kept beside the key where agents cannot reach it. A hash
 * chain alone cannot tell a journal whose last lines were cut off from one that simply ended
 * there; the head can: the journal must still hold line `seq`, with exactly `hash`. It also
 * records from which seq the run is chained, so stripping the chain fields off every line does
 * not pass for a journal an older Baton wrote.
 *
 * The head is written after lines are durable and may lag behind them (it is written at most
 * once a second, and at close), so it means "the journal holds at least this": a crash never
 * makes it wrong.
 */
export interface ChainHead {
  runId: string;
  /** Seq of a durable line, and that line's hash. */
  seq: number;
  hash: string;
  /** Seq of the run's first chained line (1 unless an older Baton started the run). */
  chainedFrom: number;
}

const HEADS = 'heads';

function headFileOf(stateDir: string, runId: string): string {
  return path.join(keysDirOf(stateDir), HEADS, `${runId}.json`);
}

/** The recorded head of a run; undefined when there is none or it cannot be read (reported by the caller as such). */
export async function readChainHead(stateDir: string, runId: string): Promise<ChainHead | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await fs.readFile(headFileOf(stateDir, runId), 'utf8'));
  } catch {
    return undefined;
  }
  const v = value as Partial<ChainHead>;
  if (v.runId !== runId || !Number.isSafeInteger(v.seq) || typeof v.hash !== 'string' || !Number.isSafeInteger(v.chainedFrom)) return undefined;
  return { runId, seq: v.seq!, hash: v.hash, chainedFrom: v.chainedFrom! };
}

/** Writes a head atomically (temp file and rename); never throws: a missing head only weakens verification. */
export async function writeChainHead(stateDir: string, head: ChainHead): Promise<boolean> {
  const file = headFileOf(stateDir, head.runId);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await fs.writeFile(tmp, `${JSON.stringify(head)}\n`, { mode: 0o600 });
    await fs.rename(tmp, file);
    return true;
  } catch {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    return false;
  }
}

/** The lines a head is taken from: what a writer's journal says after each durable round. */
export interface ChainTip {
  seq: number;
  hash: string;
  chainedFrom: number;
}

/**
 * Records a writer's chain head without slowing its commits: at most one write in flight, at
 * most one per `intervalMs`, and a final one on {@link flush}.
 */
export class ChainHeadRecorder {
  readonly #stateDir: string;
  readonly #runId: string;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  #latest: ChainTip | undefined;
  #written: number | undefined;
  #lastWriteAt = -Infinity;
  #writing: Promise<void> | undefined;

  constructor(stateDir: string, runId: string, clock: Clock, intervalMs = 1000) {
    this.#stateDir = stateDir;
    this.#runId = runId;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
  }

  /** The journal's tip after a durable round. */
  note(tip: ChainTip | undefined): void {
    if (!tip) return;
    this.#latest = tip;
    if (this.#writing || this.#clock.now() - this.#lastWriteAt < this.#intervalMs) return;
    this.#writing = this.#write().finally(() => (this.#writing = undefined));
  }

  /** Waits for a write in flight, then writes the latest tip if it is not on disk yet. */
  async flush(): Promise<void> {
    await this.#writing;
    await this.#write();
  }

  async #write(): Promise<void> {
    const tip = this.#latest;
    if (!tip || tip.seq === this.#written) return;
    this.#lastWriteAt = this.#clock.now();
    if (await writeChainHead(this.#stateDir, { runId: this.#runId, ...tip })) this.#written = tip.seq;
  }
}
