import * as path from 'node:path';
import { DEFAULT_CONFIG_ROOT } from '../config/loadWorkspace';
import { readLease, type LeaseStatus } from '../state/lease';
import { loadRun } from '../state/loadRun';
import { readCurrentRun } from '../state/runDirectory';
import type { RunState } from '../state/runState';

/** A run as `baton status` shows it: read-only, safe while another process writes. */
export interface RunSnapshot {
  runId: string;
  state: RunState;
  /** The process running it right now, if any. */
  holder?: LeaseStatus;
}

/** The state folder of a workspace, without loading (or requiring valid) config files. */
export function stateDirFor(root: string, configRoot = DEFAULT_CONFIG_ROOT): string {
  return path.resolve(root, configRoot, 'state');
}

/** The run `current` names (the last started or resumed), or undefined when nothing ever ran. */
export async function inspectCurrentRun(stateDir: string): Promise<RunSnapshot | undefined> {
  const runId = await readCurrentRun(stateDir).catch(() => undefined);
  if (!runId) return undefined;
  const { journal, state } = await loadRun(stateDir, runId, { mode: 'reader', allowCorruptLines: true });
  await journal.close();
  const holder = await readLease(stateDir).catch(() => undefined);
  return { runId, state, ...(holder && holder.health === 'live' ? { holder } : {}) };
}
