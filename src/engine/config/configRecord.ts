import { hash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { LoadResult } from '../model/workspace';
import { classifyConfigFile, parseConfigFile } from './configFile';
import { classifyForeignAgentFile, parseForeignAgentFile } from './foreignAgents';
import { listConfigFiles, listForeignAgentFiles } from './loadWorkspace';
import { resolveWorkspace } from './resolveWorkspace';

/** One config file as a run recorded it. `path` is relative to the workspace root, with `/`. */
export interface RecordedFile {
  path: string;
  sha256: string;
  text: string;
}

/** The config a run uses, with content: what `resume` loads instead of the files on disk. */
export interface ConfigRecord {
  format: 'baton-config';
  version: 1;
  /** {@link configHash} of `files`. */
  hash: string;
  files: RecordedFile[];
}

/** How the config files on disk differ from a record, by path under the workspace root. */
export interface ConfigDrift {
  changed: string[];
  added: string[];
  removed: string[];
}

/** Where a workspace keeps its files: what classifies a path as one of a run's rules. */
export interface RuleRoots {
  /** Absolute workspace root. */
  root: string;
  /** Absolute config root. */
  configRoot: string;
}

/**
 * Whether `file` (absolute) is one of a run's rules: teams.yaml, the run's sprint file, every
 * agent — under the config root, or in VS Code's and Codex's agent folders (failover and
 * redirects may pick any member) — and every epic (sprints name them). Other sprint files are
 * not: editing another sprint changes nothing about this run.
 */
export function isRuleFile(roots: RuleRoots, file: string, sprintFile: string): boolean {
  if (classifyForeignAgentFile(roots.root, file)) return true;
  const kind = classifyConfigFile(roots.configRoot, file);
  return kind === 'teams' || kind === 'agent' || kind === 'epic' || (kind === 'sprint' && path.resolve(file) === path.resolve(sprintFile));
}

/** The hash of a set of files: SHA-256 over `sha256  path` lines sorted by path (what `sha256sum` prints). */
export function configHash(files: readonly { path: string; sha256: string }[]): string {
  const lines = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => `${f.sha256}  ${f.path}\n`);
  return hash('sha256', lines.join(''), 'hex');
}

/** Hex SHA-256 of a file's text. */
export function textHash(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * Records the rule files of a load that has its sources (`loadWorkspace(…, { keepSources: true })`):
 * exactly the text that was validated, not a second read that could differ.
 */
export function recordConfig(load: LoadResult, sprintFile: string): ConfigRecord {
  const roots = { root: load.workspace.root, configRoot: load.workspace.configRoot };
  const files: RecordedFile[] = [];
  for (const [file, text] of load.sources ?? []) {
    if (isRuleFile(roots, file, sprintFile)) files.push({ path: toRelative(roots.root, file), sha256: textHash(text), text });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { format: 'baton-config', version: 1, hash: configHash(files), files };
}

/**
 * The workspace as a record describes it, resolved as if its files were on disk — the same parse
 * and resolution as a load, so a frozen run and a fresh one cannot read the same file differently.
 */
export function workspaceFromRecord(record: ConfigRecord, options: RuleRoots & { fileExists?: (absolute: string) => boolean }): LoadResult {
  const parsed = [];
  for (const f of record.files) {
    const file = path.join(options.root, ...f.path.split('/'));
    const kind = classifyConfigFile(options.configRoot, file);
    const foreign = classifyForeignAgentFile(options.root, file);
    if (kind) parsed.push(parseConfigFile(kind, file, f.text));
    else if (foreign) parsed.push(parseForeignAgentFile(foreign, file, f.text));
  }
  return resolveWorkspace(parsed, options);
}

/** The rule files on disk now, by path relative to the workspace root, with their hashes (unreadable ones count as changed). */
export async function ruleFilesOnDisk(roots: RuleRoots, sprintFile: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of [...(await listConfigFiles(roots.configRoot)), ...(await listForeignAgentFiles(roots.root))]) {
    if (!isRuleFile(roots, file, sprintFile)) continue;
    out.set(toRelative(roots.root, file), await fs.readFile(file, 'utf8').then(textHash, () => 'unreadable'));
  }
  return out;
}

/** What differs between a record and the files on disk; undefined when nothing does. */
export function diffConfig(record: { readonly files: readonly { readonly path: string; readonly sha256: string }[] }, disk: ReadonlyMap<string, string>): ConfigDrift | undefined {
  const recorded = new Map(record.files.map((f) => [f.path, f.sha256]));
  const changed = [...recorded].filter(([p, h]) => disk.has(p) && disk.get(p) !== h).map(([p]) => p);
  const removed = [...recorded.keys()].filter((p) => !disk.has(p));
  const added = [...disk.keys()].filter((p) => !recorded.has(p));
  return changed.length || added.length || removed.length ? { changed, added, removed } : undefined;
}

/** The path relative to `root`, with `/`. */
export function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
