import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { LoadResult } from '../model/workspace';
import { classifyConfigFile, parseConfigFile, type ParsedConfigFile } from './configFile';
import { classifyForeignAgentFile, FOREIGN_AGENT_DIRS, parseForeignAgentFile } from './foreignAgents';
import { resolveWorkspace } from './resolveWorkspace';

export const DEFAULT_CONFIG_ROOT = '.claude';

export interface LoadOptions {
  /** Config root relative to the workspace root (default `.claude`). */
  configRoot?: string;
  /** Keep every file's text in `sources` (a run records them as its frozen rules). */
  keepSources?: boolean;
}

/** Thrown only for problems outside the user's files: the folder itself is missing or unreadable. */
export class WorkspaceNotFoundError extends Error {
  override readonly name = 'WorkspaceNotFoundError';
  static is(error: unknown): error is WorkspaceNotFoundError {
    return error instanceof WorkspaceNotFoundError;
  }
}

/** Files bigger than this are reported instead of read: no sprint is 8 MiB of YAML on purpose. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Loads a workspace from disk: every Baton file under the config root, parsed, validated and
 * resolved. Bad content never throws — it becomes diagnostics. Only a missing or unreadable
 * config root throws {@link WorkspaceNotFoundError}.
 */
export async function loadWorkspace(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const root = path.resolve(dir);
  const configRoot = path.resolve(root, options.configRoot ?? DEFAULT_CONFIG_ROOT);
  try {
    const stat = await fs.stat(configRoot);
    if (!stat.isDirectory()) throw new WorkspaceNotFoundError(`${configRoot} is not a folder`);
  } catch (error) {
    if (WorkspaceNotFoundError.is(error)) throw error;
    throw new WorkspaceNotFoundError(`No Baton config folder at ${configRoot}: create ${path.join(configRoot, 'teams.yaml')}, or point to another config root.`);
  }
  const files = await listConfigFiles(configRoot);
  const foreign = await listForeignAgentFiles(root);
  const parsed = await Promise.all([...files.map((f) => readAndParse(configRoot, f)), ...foreign.map((f) => readAndParseForeign(root, f))]);
  return resolveWorkspace(parsed.filter((p): p is ParsedConfigFile => p !== undefined), { root, configRoot, ...(options.keepSources ? { keepSources: true } : {}) });
}

/** VS Code's `.github/agents/**\/*.agent.md` and Codex's `.codex/agents/*.toml`, sorted. */
export async function listForeignAgentFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const dir of Object.values(FOREIGN_AGENT_DIRS)) {
    const entries = await fs.readdir(path.join(root, dir), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(entry.parentPath, entry.name);
      if ((entry.isFile() || entry.isSymbolicLink()) && classifyForeignAgentFile(root, full)) out.push(full);
    }
  }
  return out.sort();
}

async function readAndParseForeign(root: string, file: string): Promise<ParsedConfigFile | undefined> {
  const format = classifyForeignAgentFile(root, file);
  if (!format) return undefined;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_FILE_BYTES) return { ...unreadable('agent', file, `is ${(stat.size / 1048576).toFixed(1)} MiB; Baton reads agent files up to 8 MiB.`), format };
    return parseForeignAgentFile(format, file, await fs.readFile(file, 'utf8'));
  } catch (error) {
    return { ...unreadable('agent', file, `could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check its permissions.`), format };
  }
}

async function readAndParse(configRoot: string, file: string): Promise<ParsedConfigFile | undefined> {
  const kind = classifyConfigFile(configRoot, file);
  if (!kind) return undefined;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_FILE_BYTES) return unreadable(kind, file, `is ${(stat.size / 1048576).toFixed(1)} MiB; Baton reads config files up to 8 MiB. Split it.`);
    return parseConfigFile(kind, file, await fs.readFile(file, 'utf8'));
  } catch (error) {
    return unreadable(kind, file, `could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check its permissions.`);
  }
}

function unreadable(kind: ParsedConfigFile['kind'], file: string, why: string): ParsedConfigFile {
  return {
    kind,
    file,
    text: '',
    diagnostics: [{ file, range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, severity: 'error', code: 'file-unreadable', message: `${path.basename(file)} ${why}` }],
  };
}

/** Every candidate file under the config root, sorted; the state folder is skipped (it can be huge). */
export async function listConfigFiles(configRoot: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth === 0 && !['sprints', 'epics', 'agents'].includes(entry.name)) continue;
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        await walk(full, depth + 1);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        out.push(full);
      }
    }
  };
  await walk(configRoot, 0);
  return out.sort();
}
