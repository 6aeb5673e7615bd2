import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DEFAULT_CONFIG_ROOT } from '../config/loadWorkspace';
import { isProcessAlive, killProcessTree } from '../runners/processTree';
import { isUnfinished } from '../state/runCatalog';
import { attemptFilesOf } from './attemptFiles';
import { personOf, redactingHost, type EngineHost } from './engineHost';
import { inspectRepository } from './repository';
import { RunSandbox } from '../sandbox/runSandbox';
import { RepositoryGuard } from '../guard/repositoryGuard';
import { cancelRun, type RunOutcome } from './runCompletion';
import type { RunContext } from './runContext';
import { RunError } from './runError';
import { diskRules, openStore, rulesOfRun, stateDirAt } from './runOpening';
import { worktreeManager } from './sprintRunner';

/**
 * Cancels the unfinished run when no engine is running it (it crashed, or was paused): agents
 * a dead engine left behind are stopped, open tasks cancelled, their worktrees removed (branches
 * kept). A live engine is asked through `requestCancel` + a signal instead; opening the store
 * here would then fail with LeaseHeldError, which is the caller's cue.
 *
 * A run whose journal fails verification can still be cancelled — it is the way out of one that
 * cannot be resumed: lines that fail are left out of its state (and stay in the file for
 * `baton audit verify`), and the cancel is chained after them.
 */
export async function cancelIdleRun(options: { root: string; configRoot?: string; host: EngineHost }): Promise<RunOutcome & { runId: string }> {
  const host = redactingHost(options.host);
  const configRoot = path.resolve(options.root, options.configRoot ?? DEFAULT_CONFIG_ROOT);
  if (!(await fs.stat(configRoot).then((s) => s.isDirectory(), () => false))) throw new RunError('no-workspace', `No Baton config folder at ${configRoot}: there is no run to cancel.`);
  const repo = await inspectRepository(options.root, host.env);
  const store = await openStore(stateDirAt(options.root, options.configRoot), repo, { ...options, host, owner: 'baton cancel' }, undefined, { allowCorruptLines: true });
  try {
    if (!store.runId || !isUnfinished(store.state.status)) throw new RunError('nothing-to-resume', 'There is no unfinished run to cancel.');
    const tampered = store.problems.filter((p) => p.kind === 'corrupt-line').length;
    // Cancelling must work even when the recorded rules are damaged: it only needs the worktree settings.
    const workspace = await rulesOfRun(store, options).catch(() => diskRules(options));
    const runId = store.runId;
    for (const t of store.state.tasks.values()) {
      if (t.status !== 'running' || !t.currentAttempt) continue;
      const pid = Number.parseInt(await fs.readFile(attemptFilesOf(store.stateDir, runId, t.id, t.currentAttempt.attempt).pidFile, 'utf8').catch(() => ''), 10);
      if (pid > 0 && isProcessAlive(pid)) killProcessTree(pid, 'SIGKILL');
    }
    const sprint = workspace.sprints.get(store.state.sprint ?? '');
    const ctx: RunContext = {
      workspace, store, host, repoRoot: repo.root, stateDir: store.stateDir, subdir: '', retryBaseMs: 0,
      sprint: sprint ?? { id: store.state.sprint ?? '', file: '', name: '', description: '', teams: [], goals: [], prerequisites: [], tasks: [], successCriteria: [], location: { file: '', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } } },
      tasks: new Map((sprint?.tasks ?? []).map((t) => [t.id, t])),
      worktrees: worktreeManager(workspace, repo, host.env),
      // Cancelling starts no agent and runs no check: nothing to contain.
      guard: RepositoryGuard.inert(),
      sandbox: new RunSandbox({ mode: 'off', reason: 'cancelling runs nothing' }, { repoRoot: repo.root, commonDir: repo.root, stateDir: store.stateDir, homes: () => store.stateDir }),
      now: host.now ?? Date.now,
    };
    const reason = `cancelled with \`baton cancel\`${tampered ? ` (its journal failed verification at ${tampered} line${tampered === 1 ? '' : 's'}; \`baton audit verify\` lists them)` : ''}`;
    return { ...(await cancelRun(ctx, reason, personOf(host))), runId };
  } finally {
    await store.close();
  }
}
