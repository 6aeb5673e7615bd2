import * as fs from 'node:fs/promises';
import { loadWorkspace } from '../config/loadWorkspace';
import { isProcessAlive, killProcessTree } from '../runners/processTree';
import { isUnfinished } from '../state/runCatalog';
import { StateStore } from '../state/stateStore';
import { attemptFilesOf } from './attemptFiles';
import type { EngineHost } from './engineHost';
import { inspectRepository } from './repository';
import { RunSandbox } from '../sandbox/runSandbox';
import { RepositoryGuard } from '../guard/repositoryGuard';
import { cancelRun, type RunOutcome } from './runCompletion';
import type { RunContext } from './runContext';
import { RunError } from './runError';
import { stateDirOf, worktreeManager } from './sprintRunner';

/**
 * Cancels the unfinished run when no engine is running it (it crashed, or was paused): agents
 * a dead engine left behind are stopped, open tasks cancelled, their worktrees removed (branches
 * kept). A live engine is asked through `requestCancel` + a signal instead; opening the store
 * here would then fail with LeaseHeldError, which is the caller's cue.
 */
export async function cancelIdleRun(options: { root: string; configRoot?: string; host: EngineHost }): Promise<RunOutcome & { runId: string }> {
  const { workspace } = await loadWorkspace(options.root, options.configRoot !== undefined ? { configRoot: options.configRoot } : {});
  const store = await StateStore.open(stateDirOf(workspace), { mode: 'writer', owner: 'baton cancel' });
  try {
    if (!store.runId || !isUnfinished(store.state.status)) throw new RunError('nothing-to-resume', 'There is no unfinished run to cancel.');
    const runId = store.runId;
    for (const t of store.state.tasks.values()) {
      if (t.status !== 'running' || !t.currentAttempt) continue;
      const pid = Number.parseInt(await fs.readFile(attemptFilesOf(store.stateDir, runId, t.id, t.currentAttempt.attempt).pidFile, 'utf8').catch(() => ''), 10);
      if (pid > 0 && isProcessAlive(pid)) killProcessTree(pid, 'SIGKILL');
    }
    const repo = await inspectRepository(workspace.root, options.host.env);
    const sprint = workspace.sprints.get(store.state.sprint ?? '');
    const ctx: RunContext = {
      workspace, store, host: options.host, repoRoot: repo.root, stateDir: store.stateDir, subdir: '', retryBaseMs: 0,
      sprint: sprint ?? { id: store.state.sprint ?? '', file: '', name: '', description: '', teams: [], goals: [], prerequisites: [], tasks: [], successCriteria: [], location: { file: '', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } } },
      tasks: new Map((sprint?.tasks ?? []).map((t) => [t.id, t])),
      worktrees: worktreeManager(workspace, repo, options.host.env),
      // Cancelling starts no agent and runs no check: nothing to contain.
      guard: RepositoryGuard.inert(),
      sandbox: new RunSandbox({ mode: 'off', reason: 'cancelling runs nothing' }, { repoRoot: repo.root, commonDir: repo.root, stateDir: store.stateDir, homes: () => store.stateDir }),
      now: options.host.now ?? Date.now,
    };
    return { ...(await cancelRun(ctx, 'cancelled with `baton cancel`')), runId };
  } finally {
    await store.close();
  }
}
