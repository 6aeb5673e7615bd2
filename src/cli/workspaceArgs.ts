import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_ROOT, WorkspaceNotFoundError, loadWorkspace } from '../engine/config/loadWorkspace';
import type { LoadResult } from '../engine/model/workspace';
import type { CommandContext, OptionSpec, PositionalSpec } from './command';
import { UsageError } from './usageError';

/** `[dir]`: every workspace command's last positional. */
export const DIR_POSITIONAL: PositionalSpec = { name: 'dir', optional: true, description: 'Workspace folder (default: the current directory).' };

/** `--config-root`: every workspace command's option. */
export const CONFIG_ROOT_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'path',
  description: `Config folder, relative to [dir] (default: ${DEFAULT_CONFIG_ROOT}).`,
};

/** A loaded workspace and the absolute folder paths are shown relative to. */
export interface LoadedWorkspace extends LoadResult {
  dir: string;
}

/**
 * Loads the workspace named by `[dir]` and `--config-root`. A missing config folder is the
 * user's mistake, not a crash: it becomes a {@link UsageError} (exit 2) carrying the engine's
 * message, which already says what to create.
 */
export async function loadWorkspaceArgs(context: CommandContext): Promise<LoadedWorkspace> {
  const dir = path.resolve(context.io.cwd, context.args.positional(DIR_POSITIONAL.name) ?? '.');
  const configRoot = context.args.option('config-root');
  if (configRoot !== undefined && configRoot.trim() === '') throw new UsageError('Option `--config-root` needs a folder, got an empty string.');
  try {
    const result = await loadWorkspace(dir, configRoot === undefined ? {} : { configRoot });
    return { ...result, dir };
  } catch (error) {
    if (WorkspaceNotFoundError.is(error)) throw new UsageError(error.message, { showUsageHint: false });
    throw error;
  }
}

/**
 * Why a command that reads the current run has none to read: the folder given does not exist or
 * is not a folder (a typo in `[dir]`), else nothing has run there yet (then `hint` says what to do).
 */
export function nothingRunYet(dir: string, hint = ''): string {
  let isFolder: boolean;
  try {
    isFolder = fs.statSync(dir).isDirectory();
  } catch {
    return `there is no folder ${dir}.`;
  }
  return isFolder ? `nothing has run in this workspace yet.${hint ? ` ${hint}` : ''}` : `${dir} is not a folder; give the workspace folder.`;
}
