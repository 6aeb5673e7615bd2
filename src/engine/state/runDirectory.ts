import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fsyncDir } from './fsyncDir';
import { StateStoreError } from './stateStoreError';

/**
 * Where a state folder keeps its runs:
 *
 * ```
 * <stateDir>/lease.json                    who may write (lease.ts)
 * <stateDir>/current                       the id of the latest run started or resumed
 * <stateDir>/runs/<runId>/journal.jsonl    the run's events, one JSON line each
 * <stateDir>/runs/<runId>/snapshot-<seq>.json
 * ```
 */
export const RUN_LAYOUT = { runs: 'runs', current: 'current', journal: 'journal.jsonl' } as const;

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Throws unless `runId` can be a folder name on every platform (and is not `..`-ish). */
export function assertRunId(runId: string): void {
  if (!RUN_ID.test(runId) || runId.includes('..')) {
    throw new StateStoreError('invalid-run-id', `Expected a run id of letters, digits, \`-\`, \`_\` and \`.\` (at most 128), got \`${runId}\``);
  }
}

/** The folder of one run. */
export function runDirOf(stateDir: string, runId: string): string {
  return path.join(stateDir, RUN_LAYOUT.runs, runId);
}

/** The journal of one run. */
export function journalFileOf(stateDir: string, runId: string): string {
  return path.join(runDirOf(stateDir, runId), RUN_LAYOUT.journal);
}

/** The run `current` names, if any (and if it is a valid id: the file is ours, but people edit). */
export async function readCurrentRun(stateDir: string): Promise<string | undefined> {
  try {
    const id = (await fs.readFile(path.join(stateDir, RUN_LAYOUT.current), 'utf8')).trim();
    return RUN_ID.test(id) && !id.includes('..') ? id : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Points `current` at a run, atomically and durably (observers switch runs by it). */
export async function writeCurrentRun(stateDir: string, runId: string): Promise<void> {
  const file = path.join(stateDir, RUN_LAYOUT.current);
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(`${runId}\n`, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
  await fsyncDir(stateDir);
}

/** Ids of every run folder, in no particular order. */
export async function listRunIds(stateDir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(path.join(stateDir, RUN_LAYOUT.runs), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && RUN_ID.test(e.name)).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** True if the run has a folder. */
export async function runExists(stateDir: string, runId: string): Promise<boolean> {
  return fs.stat(runDirOf(stateDir, runId)).then((s) => s.isDirectory(), () => false);
}
