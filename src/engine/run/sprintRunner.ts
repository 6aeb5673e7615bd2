import * as fs from 'node:fs';
import * as path from 'node:path';
import { didYouMeanText } from '../config/didYouMean';
import { prerequisiteGate } from '../coordination/prerequisiteGate';
import { resolutionTask } from '../coordination/resolutionTask';
import type { Sprint, Workspace } from '../model/workspace';
import { Scheduler } from '../scheduler/schedulingPolicy';
import type { Actor } from '../state/events';
import { isUnfinished } from '../state/runCatalog';
import type { StateStore } from '../state/stateStore';
import { WorktreeManager } from '../worktrees/worktreeManager';
import { personOf, redactingHost, type EngineHost } from './engineHost';
import { Orchestrator } from './orchestrator';
import type { ReviewDecision } from '../coordination/reviewDecision';
import { RunControl } from './runControl';
import { latestRun, listRuns } from '../state/runCatalog';
import { transitiveDependants } from '../graph/unblocks';
import { TaskGraph } from '../graph/taskGraph';
import { archivePreviousRunBranches } from './previousRunBranches';
import { inspectRepository, resolveBase, type RepositoryInfo } from './repository';
import { freezeRules, loadValidWorkspace, openForResume, openStore, stateDirAt } from './runOpening';
import type { RunOutcome } from './runCompletion';
import type { RunContext } from './runContext';
import { RunError } from './runError';
import { liveTasks } from '../team/dynamicTasks';
import { openTeam, schedulableTasks } from './teamSetup';
import { containedSetup, containRun } from './runContainment';
import { describeSandbox } from '../sandbox/detectSandbox';
import type { RunSandbox } from '../sandbox/runSandbox';
import { RepositoryGuard } from '../guard/repositoryGuard';
import { gitEnvironment } from '../worktrees/gitEnvironment';
import { GitRunner } from '../worktrees/gitRunner';
import type { EstimateUnit } from '../../shared/estimates';

export interface RunOptions {
  root: string;
  configRoot?: string;
  host: EngineHost;
  /** Aborting stops the run: agents are stopped and the run is paused (or cancelled, see below). */
  signal: AbortSignal;
  /** Asked when `signal` fires: true cancels the run instead of pausing it. */
  cancelRequested?: () => boolean;
  maxParallel?: number;
  /** First retry delay in ms (default 2000); doubles per failure. */
  retryBaseMs?: number;
  /** Lease owner shown to other processes (`baton run`, `vscode`). */
  owner?: string;
  /** Requests from people (cancel or retry a task, review decisions) delivered to the live loop. */
  control?: RunControl;
  /**
   * When only tasks waiting for review are left: true waits for a person's decision through
   * `control` (an editor session); false (default) pauses the run, naming them, so a terminal
   * or CI job ends — `baton approve` / `baton reject`, then `baton resume`.
   */
  waitForReview?: boolean;
  /**
   * Resume and retry: adopt the config files on disk when they differ from the ones the run
   * recorded at its start (after validating them). Default: keep the run's rules, and say which
   * files differ.
   */
  reloadConfig?: boolean;
  /** Called once the run is open and before any task starts: subscribe to `store.bus` here. */
  onStart?: (store: StateStore, info: { runId: string; sprint: Sprint; resumed: boolean; estimateUnit: EstimateUnit }) => void;
  /** Called with the URL of the run's MCP server for agents once it listens (for logs; agents get it per attempt). */
  onMcp?: (url: string) => void;
}

export interface RunResult extends RunOutcome {
  runId: string;
  sprint: string;
}

/** Baton's run state lives in the config root's `state/` folder. */
export function stateDirOf(workspace: Pick<Workspace, 'configRoot'>): string {
  return path.join(workspace.configRoot, 'state');
}

/** Starts a new run of a sprint and runs it until it completes, stops, or is paused. */
export async function startSprint(sprintId: string, options: RunOptions): Promise<RunResult> {
  const host = redactingHost(options.host);
  const load = await loadValidWorkspace(options);
  const workspace = load.workspace;
  const repo = await inspectRepository(workspace.root, host.env);
  const stateDir = stateDirOf(workspace);
  const sprint = workspace.sprints.get(sprintId);
  if (!sprint) throw new RunError('unknown-sprint', `No sprint \`${sprintId}\`.${didYouMeanText(sprintId, workspace.sprints.keys())} Known: ${[...workspace.sprints.keys()].join(', ') || 'none'}.`);
  const maxParallel = resolveMaxParallel(options.maxParallel, sprint, workspace);
  const baseRef = sprint.baseBranch ?? workspace.settings.baseBranch ?? repo.branch ?? 'HEAD';
  const baseCommit = await resolveBase(repo.root, baseRef, host.env);
  const opened: { store?: StateStore } = {};
  // Before anything is written: `sandbox: required` without a sandbox changes nothing on disk.
  const sandbox = await containRun(workspace, repo, stateDir, host, () => opened.store?.runId);
  // The lease first: a run going in another process is named as such, not as "unfinished".
  const store = await openStore(stateDir, repo, { ...options, host }, undefined, { resume: false });
  opened.store = store;
  try {
    // Only the newest unfinished run matters here; a damaged one is reported by resume, not replayed now.
    const unfinished = await latestRun(stateDir, { unfinished: true }).catch(() => undefined);
    if (unfinished) {
      throw new RunError('run-unfinished', `Run ${unfinished.runId} of sprint ${unfinished.sprint} is unfinished: \`baton resume\` carries it on, \`baton cancel\` ends it.`);
    }
    if (repo.dirty) host.log?.(`note: uncommitted changes in ${repo.root} are not part of the sprint; it starts from ${baseRef} (${baseCommit.slice(0, 8)})`);
    // The newest earlier run of this sprint (finished or not) names the archive of its branches.
    const previous = (await listRuns(store.stateDir)).find((r) => r.sprint === sprint.id)?.runId;
    const worktrees = worktreeManager(workspace, repo, options.host.env, sandbox);
    const stale = (await worktrees.list()).filter((w) => w.sprint === sprint.id);
    if (stale.length) await worktrees.prune({ orphans: stale });
    const archive = previous ?? `before-${host.now?.() ?? Date.now()}`;
    const archived = await archivePreviousRunBranches(repo.root, sprint.id, archive, host.env);
    if (archived) host.log?.(`archived ${archived} branches of an earlier run as baton-archive/${sprint.id}/${archive}/…`);
    const runId = `${sprint.id}-${new Date(host.now?.() ?? Date.now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}`;
    await store.startNewRun(uniqueRunId(store.stateDir, runId));
    // Earlier runs' private homes hold copies of the CLIs' logins, and no session there resumes now.
    await sandbox.pruneHomes(store.runId);
    // Safety: the rules are recorded before the run starts, so `resume` never reads them from disk.
    const config = await freezeRules(store, load, sprint);
    await store.commit([{ type: 'run:started', sprint: sprint.id, baseBranch: baseRef, baseCommit, maxParallel, taskIds: sprint.tasks.map((t) => t.id), workspaceRoot: workspace.root, config, actor: personOf(host) }]);
    return await execute({ ...options, host }, workspace, repo, store, worktrees, sandbox, sprint, false);
  } finally {
    await store.close();
  }
}

/**
 * Carries on the newest unfinished run of the workspace, from exactly where it stopped, with
 * the rules it started with (runOpening.ts; `reloadConfig` adopts the files on disk). With
 * `retry`, the current run — even one that stopped on failures — reopens those failed, blocked
 * or cancelled tasks (and the dependants they blocked) and carries on; done work is kept. With
 * `decisions` (a person handing a task to another member, skipping it, accepting its work), the
 * current run reopens the same way and the loop applies them before it starts anything.
 */
export async function resumeRun(options: RunOptions & { retry?: readonly string[]; decisions?: readonly ReviewDecision[] }): Promise<RunResult> {
  const retry = options.retry ?? [];
  const decisions = options.decisions ?? [];
  const host = redactingHost(options.host);
  // Retrying, or a person's way out of a stopped task, reopens the current run even when it
  // stopped; otherwise the writer opens the newest unfinished run.
  const reopen = retry.length > 0 || decisions.length > 0;
  const stateDir = stateDirAt(options.root, options.configRoot);
  const runId = reopen ? (await latestRun(stateDir, { unfinished: false }).catch(() => undefined))?.runId : undefined;
  if (reopen && !runId) throw new RunError('nothing-to-resume', 'Nothing has run in this workspace yet.');
  const { workspace, repo, store } = await openForResume({ ...options, host }, runId);
  try {
    // Contained by the run's own rules (a `sandbox: off` an agent wrote into teams.yaml is not adopted); before anything is written.
    const sandbox = await containRun(workspace, repo, store.stateDir, host, () => store.runId);
    const state = store.state;
    if (retry.length) await reopenTasks(store, workspace, retry, personOf(host));
    if (decisions.length && store.runId && !isUnfinished(store.state.status) && store.state.status !== 'completed') await store.commit([{ type: 'run:resumed', actor: decisions[0]?.actor ?? personOf(host) }]);
    if (!store.runId || !isUnfinished(store.state.status)) throw new RunError('nothing-to-resume', 'There is no unfinished run to resume. Start one with `baton run <sprint>`.');
    const sprint = workspace.sprints.get(state.sprint ?? '');
    if (!sprint) throw new RunError('sprint-changed', `Run ${store.runId} ran sprint \`${state.sprint}\`, which no longer exists. Restore it, or \`baton cancel\` the run.`);
    const now = new Set(sprint.tasks.map((t) => t.id));
    // Tasks the engine created during the run (merge resolutions) are not in the sprint file.
    const then = new Set([...state.tasks.values()].filter((t) => !t.resolution && !t.created).map((t) => t.id));
    const added = [...now].filter((id) => !then.has(id));
    const removed = [...then].filter((id) => !now.has(id));
    if (added.length || removed.length) {
      throw new RunError('sprint-changed', `Sprint ${sprint.id} changed since run ${store.runId} started (${[added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join('; ')}). Undo the change to resume, or \`baton cancel\` and start a new run.`);
    }
    if (state.status === 'paused') await store.commit([{ type: 'run:resumed', actor: personOf(host) }]);
    const control = options.control ?? new RunControl();
    for (const decision of decisions) control.push(decision);
    return await execute({ ...options, host, control }, workspace, repo, store, worktreeManager(workspace, repo, host.env, sandbox), sandbox, sprint, true);
  } finally {
    await store.close();
  }
}

/** Journals the tasks as ready again, with the dependants they had blocked, and reopens the run. */
async function reopenTasks(store: StateStore, workspace: Workspace, ids: readonly string[], actor: Actor): Promise<void> {
  const state = store.state;
  if (!store.runId) throw new RunError('nothing-to-resume', 'Nothing has run in this workspace yet.');
  const sprint = workspace.sprints.get(state.sprint ?? '');
  const graph = TaskGraph.from(sprint?.tasks ?? []);
  const reopen = new Set<string>();
  for (const id of ids) {
    const t = state.tasks.get(id);
    if (!t) throw new RunError('bad-option', `Run ${store.runId} has no task \`${id}\`.${didYouMeanText(id, state.tasks.keys())}`);
    if (!['failed', 'blocked', 'cancelled'].includes(t.status)) throw new RunError('bad-option', `Task ${id} is ${t.status}; only failed, blocked or cancelled tasks can be retried.`);
    reopen.add(id);
    for (const d of transitiveDependants(graph, id)) if (state.tasks.get(d)?.status === 'blocked') reopen.add(d);
  }
  await store.commit([...[...reopen].map((task) => ({ type: 'task:ready' as const, task, actor })), ...(isUnfinished(state.status) ? [] : [{ type: 'run:resumed' as const, actor }])]);
}

async function execute(options: RunOptions, workspace: Workspace, repo: RepositoryInfo, store: StateStore, worktrees: WorktreeManager, sandbox: RunSandbox, sprint: Sprint, resumed: boolean): Promise<RunResult> {
  // Safety: the user's repository is backed up (uncommitted files as git objects, the index
  // copied) before any agent of this engine runs; without a sandbox it is also checked around
  // every attempt.
  const guard = await RepositoryGuard.open(new GitRunner(repo.root, gitEnvironment(options.host.env)), repo.root, path.join(store.stateDir, 'guard'), {
    checks: !sandbox.active, log: (m) => options.host.log?.(m), excludes: [store.stateDir],
  });
  const ctx: RunContext = {
    workspace, sprint, store, worktrees, sandbox, guard, host: options.host, repoRoot: repo.root,
    tasks: liveTasks(sprint, store.state),
    stateDir: store.stateDir,
    subdir: path.relative(repo.root, workspace.root),
    retryBaseMs: options.retryBaseMs ?? 2000,
    now: options.host.now ?? Date.now,
  };
  for (const t of store.state.tasks.values()) if (t.resolution) ctx.tasks.set(t.id, resolutionTask(ctx, t.id, t.resolution));
  options.onStart?.(store, { runId: store.runId!, sprint, resumed, estimateUnit: workspace.settings.estimateUnit });
  // Said once per run (and again on each resume: the machine may differ), journal and log.
  await store.commit([{ type: 'run:sandbox', mode: sandbox.report.mode, detail: describeSandbox(sandbox.report) }]);
  if (!sandbox.active) options.host.log?.(describeSandbox(sandbox.report));
  const stopped = await prerequisiteGate(ctx);
  if (stopped) {
    options.control?.close();
    return { ...stopped, runId: store.runId!, sprint: sprint.id };
  }
  const scheduler = new Scheduler({ tasks: schedulableTasks(ctx), workspace, maxParallel: store.state.maxParallel ?? 1, sprintTeams: sprint.teams });
  const orchestrator = new Orchestrator(ctx, scheduler, options.control ?? new RunControl(), { waitForReview: options.waitForReview ?? false });
  const team = await openTeam(ctx, options.onMcp);
  try {
    const outcome = await orchestrator.run(options.signal, options.cancelRequested);
    const over = outcome.status === 'completed' || outcome.status === 'cancelled';
    await team.close(over);
    if (over) await sandbox.pruneHomes();
    return { ...outcome, runId: store.runId!, sprint: sprint.id };
  } finally {
    await team.close(false);
  }
}

/** The workspace's worktree manager; with a run's `sandbox`, its setup command runs contained. */
export function worktreeManager(workspace: Workspace, repo: RepositoryInfo, hostEnv: Readonly<Record<string, string | undefined>> = {}, sandbox?: RunSandbox): WorktreeManager {
  const wt = workspace.settings.worktrees;
  return new WorktreeManager({
    repoRoot: repo.root, env: hostEnv, ...(sandbox ? { runSetup: containedSetup(sandbox, hostEnv) } : {}),
    ...(wt.location ? { location: path.resolve(workspace.root, wt.location) } : {}),
    copy: wt.copy, symlink: wt.symlink, ...(wt.setup ? { setup: wt.setup } : {}),
  });
}

/** `--max-parallel`, else the tighter of the sprint's and the workspace's caps, else 4. */
function resolveMaxParallel(option: number | undefined, sprint: Sprint, workspace: Workspace): number {
  if (option !== undefined) {
    if (!Number.isInteger(option) || option < 1) throw new RunError('bad-option', `Expected \`maxParallel\` to be an integer >= 1, got \`${option}\``);
    return option;
  }
  const caps = [sprint.maxParallel, workspace.settings.maxParallelAgents].filter((c): c is number => c !== undefined);
  return caps.length ? Math.min(...caps) : 4;
}

function uniqueRunId(stateDir: string, runId: string): string {
  let id = runId;
  for (let n = 2; fs.existsSync(path.join(stateDir, 'runs', id)); n++) id = `${runId}-${n}`;
  return id;
}
