import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordConfig, workspaceFromRecord } from '../config/configRecord';
import { DEFAULT_CONFIG_ROOT, loadWorkspace, WorkspaceNotFoundError } from '../config/loadWorkspace';
import type { LoadResult, Sprint, Workspace } from '../model/workspace';
import { hasErrors } from '../model/workspace';
import { JournalCorruptError, JournalError } from '../state/journalErrors';
import { StateStore } from '../state/stateStore';
import { personOf, type EngineHost } from './engineHost';
import { describeDrift, driftFromDisk, loadConfigRecord, runConfigOf, saveConfigRecord } from './frozenConfig';
import { excludeFromGit, inspectRepository, type RepositoryInfo } from './repository';
import { RunError } from './runError';

/** What opening a workspace for a run needs from the caller. */
export interface OpenOptions {
  root: string;
  configRoot?: string;
  host: EngineHost;
  owner?: string;
}

/** A workspace opened for a run: its files (validated, or as the run recorded them), its repository and its store. */
export interface OpenedRun {
  workspace: Workspace;
  load: LoadResult;
  repo: RepositoryInfo;
  store: StateStore;
}

/**
 * Loads and validates the files on disk for a new run: a workspace with errors, no config
 * folder or no git repository is refused before anything is written.
 */
export async function loadValidWorkspace(options: Pick<OpenOptions, 'root' | 'configRoot'>): Promise<LoadResult> {
  let loaded: LoadResult;
  try {
    loaded = await loadWorkspace(options.root, { ...(options.configRoot !== undefined ? { configRoot: options.configRoot } : {}), keepSources: true });
  } catch (error) {
    if (WorkspaceNotFoundError.is(error)) throw new RunError('no-workspace', error.message);
    throw error;
  }
  if (hasErrors(loaded.diagnostics)) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    throw new RunError('invalid-workspace', `The workspace has ${errors.length} error(s); nothing was run. Fix them (\`baton validate\` lists them).`, errors);
  }
  return loaded;
}

/** Opens the state folder's store as the writer, turning the user's mistakes into RunErrors. */
export async function openStore(stateDir: string, repo: RepositoryInfo, options: OpenOptions, runId: string | undefined, extra: { resume?: boolean; allowCorruptLines?: boolean } = {}): Promise<StateStore> {
  try {
    await fs.promises.mkdir(stateDir, { recursive: true });
    await excludeFromGit(repo.root, stateDir, options.host.env);
    return await StateStore.open(stateDir, {
      mode: 'writer', owner: options.owner ?? 'baton', ...(runId ? { runId } : {}), ...extra,
      ...(options.host.redactor ? { redactor: options.host.redactor } : {}),
    });
  } catch (error) {
    if (JournalCorruptError.is(error)) {
      throw new RunError('journal-tampered', `${error.message} \`baton cancel\` abandons the run.`);
    }
    if (JournalError.is(error, 'key-mismatch') || JournalError.is(error, 'key-unreadable')) throw new RunError('journal-tampered', error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new RunError('no-workspace', `Baton cannot write its state folder ${stateDir} (${code}). Check its permissions.`);
    throw error;
  }
}

/** The state folder of a workspace: `<config root>/state`, without loading anything. */
export function stateDirAt(root: string, configRoot?: string): string {
  return path.resolve(root, configRoot ?? DEFAULT_CONFIG_ROOT, 'state');
}

/**
 * Opens the workspace to carry a run on. The rules are the ones the run recorded when it started
 * (frozen config): the files on disk are compared with them, a difference is said — which files —
 * and adopted only with `reloadConfig`, after the files on disk pass validation again; the
 * reload is journalled (`run:config-reloaded`) with the person who asked for it.
 *
 * Runs of an earlier Baton recorded no config: they follow the files on disk, as they always did.
 */
export async function openForResume(options: OpenOptions & { reloadConfig?: boolean }, runId: string | undefined, extra: { allowCorruptLines?: boolean } = {}): Promise<OpenedRun> {
  const configRoot = path.resolve(options.root, options.configRoot ?? DEFAULT_CONFIG_ROOT);
  if (!fs.existsSync(configRoot)) throw new RunError('no-workspace', `No Baton config folder at ${configRoot}: there is no run to carry on here.`);
  const repo = await inspectRepository(options.root, options.host.env);
  const store = await openStore(stateDirAt(options.root, options.configRoot), repo, options, runId, extra);
  try {
    const config = store.state.config;
    if (!config || !store.runId) {
      if (store.runId) options.host.log?.(`run ${store.runId} was started by an earlier Baton and recorded no config: it follows the files on disk`);
      const load = await loadValidWorkspace(options);
      return { workspace: load.workspace, load, repo, store };
    }
    const record = await loadConfigRecord(store.stateDir, store.runId, config);
    const drift = await driftFromDisk({ root: path.resolve(options.root), configRoot }, config);
    if (drift && options.reloadConfig) return { ...(await reloadRules(options, store, describeDrift(drift), [...drift.changed, ...drift.added, ...drift.removed])), repo, store };
    if (drift) {
      options.host.log?.(`the config files changed since run ${store.runId} started (${describeDrift(drift)}); the run keeps the rules it started with. \`--reload-config\` adopts the files on disk after validating them.`);
    } else if (options.reloadConfig) {
      options.host.log?.(`the config files are the ones run ${store.runId} started with: nothing to reload`);
    }
    const load = workspaceFromRecord(record, { root: path.resolve(options.root), configRoot });
    return { workspace: load.workspace, load, repo, store };
  } catch (error) {
    await store.close();
    throw error;
  }
}

// The files on disk become the run's rules: validated like a new run's, recorded, journalled.
async function reloadRules(options: OpenOptions, store: StateStore, what: string, changed: string[]): Promise<{ workspace: Workspace; load: LoadResult }> {
  const load = await loadValidWorkspace(options);
  const sprint = load.workspace.sprints.get(store.state.sprint ?? '');
  if (!sprint) throw new RunError('sprint-changed', `Run ${store.runId} ran sprint \`${store.state.sprint}\`, which the files on disk no longer have: they cannot be its rules. Restore it, or keep the run's rules (leave out \`--reload-config\`).`);
  const record = recordConfig(load, sprint.file);
  await saveConfigRecord(store.stateDir, store.runId!, record);
  await store.commit([{ type: 'run:config-reloaded', ...runConfigOf(record), changed, actor: personOf(options.host) }]);
  options.host.log?.(`reloaded the config files (${what}): they are run ${store.runId}'s rules from now on`);
  return { workspace: load.workspace, load };
}

/**
 * The workspace a run follows, for acting on it without running it (a decision, a cancel): its
 * recorded rules, or the files on disk for a run of an earlier Baton. Never validates: the run
 * was validated when it started.
 */
export async function rulesOfRun(store: StateStore, options: Pick<OpenOptions, 'root' | 'configRoot'>): Promise<Workspace> {
  const configRoot = path.resolve(options.root, options.configRoot ?? DEFAULT_CONFIG_ROOT);
  const config = store.state.config;
  if (config && store.runId) {
    const record = await loadConfigRecord(store.stateDir, store.runId, config);
    return workspaceFromRecord(record, { root: path.resolve(options.root), configRoot }).workspace;
  }
  return diskRules(options);
}

/** The workspace as the files on disk describe it, unvalidated. */
export async function diskRules(options: Pick<OpenOptions, 'root' | 'configRoot'>): Promise<Workspace> {
  try {
    return (await loadWorkspace(options.root, options.configRoot !== undefined ? { configRoot: options.configRoot } : {})).workspace;
  } catch (error) {
    if (WorkspaceNotFoundError.is(error)) throw new RunError('no-workspace', error.message);
    throw error;
  }
}

/** Records the config a new run starts with, before `run:started` names it. */
export async function freezeRules(store: StateStore, load: LoadResult, sprint: Sprint): Promise<ReturnType<typeof runConfigOf>> {
  const record = recordConfig(load, sprint.file);
  await saveConfigRecord(store.stateDir, store.runId!, record);
  return runConfigOf(record);
}
