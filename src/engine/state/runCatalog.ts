import { loadRun } from './loadRun';
import { listRunIds, readCurrentRun } from './runDirectory';
import type { RunStatus } from './runState';

/** One run of a state folder, as `baton status` lists it. */
export interface RunSummary {
  runId: string;
  status: RunStatus;
  sprint?: string;
  startedAt?: string;
  finishedAt?: string;
  lastSeq: number;
  taskCount: number;
}

// `idle` is not here: a run folder without `run:started` (a crash right after creating it) has
// nothing to resume.
const UNFINISHED: ReadonlySet<RunStatus> = new Set<RunStatus>(['active', 'paused']);

/** True for a run that started and neither completed, stopped nor was cancelled: one `baton resume` continues. */
export function isUnfinished(status: RunStatus): boolean {
  return UNFINISHED.has(status);
}

/**
 * One run's summary, projected read-only (never repairs anything, so it is safe while a writer
 * runs). Finished runs end with a snapshot, so this costs a snapshot load, not a full replay.
 */
export async function summarizeRun(stateDir: string, runId: string): Promise<RunSummary> {
  const { journal, state } = await loadRun(stateDir, runId, { mode: 'reader', allowCorruptLines: true });
  await journal.close();
  const summary: RunSummary = { runId, status: state.status, lastSeq: state.lastSeq, taskCount: state.tasks.size };
  if (state.sprint !== undefined) summary.sprint = state.sprint;
  if (state.startedAt !== undefined) summary.startedAt = state.startedAt;
  if (state.finishedAt !== undefined) summary.finishedAt = state.finishedAt;
  return summary;
}

/** Every run of the state folder, newest first (by `run:started` time; never-started runs last). */
export async function listRuns(stateDir: string): Promise<RunSummary[]> {
  const ids = await listRunIds(stateDir);
  const runs = await Promise.all(ids.map((id) => summarizeRun(stateDir, id)));
  return runs.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || b.runId.localeCompare(a.runId));
}

/**
 * The run `baton status` shows (`unfinished: false`: the one `current` names) or the one
 * `baton resume` continues (`unfinished: true`: the newest that is active or paused).
 * `current` is checked first, so the common case reads one run, not all of them.
 */
export async function latestRun(stateDir: string, options: { unfinished: boolean }): Promise<RunSummary | undefined> {
  const current = await readCurrentRun(stateDir);
  if (current !== undefined) {
    const summary = await summarizeRun(stateDir, current).catch(() => undefined);
    if (summary && (!options.unfinished || isUnfinished(summary.status))) return summary;
  }
  const runs = await listRuns(stateDir);
  return options.unfinished ? runs.find((r) => isUnfinished(r.status)) : runs[0];
}
