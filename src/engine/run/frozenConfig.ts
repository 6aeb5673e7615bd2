import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as nodePath from 'node:path';
import { configHash, diffConfig, ruleFilesOnDisk, textHash, type ConfigDrift, type ConfigRecord, type RuleRoots } from '../config/configRecord';
import { classifyConfigFile } from '../config/configFile';
import type { RunConfig } from '../state/events';
import { fsyncDir } from '../state/fsyncDir';
import { runDirOf } from '../state/runDirectory';
import { RunError } from './runError';

/*
 * Frozen rules: a run keeps the config it started with in its folder,
 * `runs/<runId>/config/<hash>.json`, and the journal names the hash (`run:started.config`,
 * `run:config-reloaded`). `resume` and `retry` load the rules from there, so an agent that edits
 * `.claude/agents/*.md` or the sprint in the user's tree — widening its own `owns`, turning a
 * failing `verify` into `true` — changes nothing about the run; a person adopts edited files
 * only explicitly (`--reload-config`), after they are validated again.
 */

/** A {@link RunConfig} as the live (read-only) state holds it. */
type RecordedRules = { readonly hash: string; readonly files: readonly { readonly path: string; readonly sha256: string }[] };

function recordFileOf(stateDir: string, runId: string, hash: string): string {
  return path.join(runDirOf(stateDir, runId), 'config', `${hash}.json`);
}

/** The journal's summary of a record: what `run:started` / `run:config-reloaded` carry. */
export function runConfigOf(record: ConfigRecord): RunConfig {
  return { hash: record.hash, files: record.files.map((f) => ({ path: f.path, sha256: f.sha256 })) };
}

/** Writes a record into the run folder atomically, before the event naming it is journalled. */
export async function saveConfigRecord(stateDir: string, runId: string, record: ConfigRecord): Promise<void> {
  const file = recordFileOf(stateDir, runId, record.hash);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(record), 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
  await fsyncDir(path.dirname(file));
}

/**
 * The record the journal names, checked against it file by file.
 *
 * Safety: the journal is hash-chained and MAC'd, so its hash is the truth; a record that does not
 * match it was changed after the run wrote it, and is refused rather than followed.
 */
export async function loadConfigRecord(stateDir: string, runId: string, config: RecordedRules): Promise<ConfigRecord> {
  const file = recordFileOf(stateDir, runId, config.hash);
  let record: ConfigRecord;
  try {
    record = JSON.parse(await fs.readFile(file, 'utf8')) as ConfigRecord;
  } catch (error) {
    throw new RunError('config-tampered', `Run ${runId} recorded its config in ${file}, which cannot be read (${(error as Error).message}). Restore it, or \`baton cancel\` the run.`);
  }
  const files = Array.isArray(record.files) ? record.files : [];
  const bad = files.find((f) => typeof f.text !== 'string' || textHash(f.text) !== f.sha256);
  const listed = new Map(config.files.map((f) => [f.path, f.sha256]));
  if (record.format !== 'baton-config' || bad || configHash(files) !== config.hash || files.length !== listed.size || files.some((f) => listed.get(f.path) !== f.sha256)) {
    throw new RunError('config-tampered', `${file} is not the config run ${runId} started with (${bad ? `${bad.path} was changed` : 'its files differ from the ones its journal names'}): Baton will not follow rules changed behind the run's back. Restore it, or \`baton cancel\` the run.`);
  }
  return record;
}

/** The (absolute) sprint file of a record: its one file under the config root's `sprints/`. */
export function sprintFileOf(roots: RuleRoots, record: RecordedRules | Pick<ConfigRecord, 'files'>): string {
  const files = record.files.map((f) => nodePath.join(roots.root, ...f.path.split('/')));
  return files.find((f) => classifyConfigFile(roots.configRoot, f) === 'sprint') ?? '';
}

/** How the rule files on disk differ from a run's recorded ones; undefined when they do not. */
export async function driftFromDisk(roots: RuleRoots, config: RecordedRules): Promise<ConfigDrift | undefined> {
  return diffConfig(config, await ruleFilesOnDisk(roots, sprintFileOf(roots, config)));
}

/** "agents/dev.md changed, agents/new.md added", for a person. */
export function describeDrift(drift: ConfigDrift): string {
  return [
    ...drift.changed.map((p) => `${p} changed`),
    ...drift.added.map((p) => `${p} added`),
    ...drift.removed.map((p) => `${p} removed`),
  ].join(', ');
}
