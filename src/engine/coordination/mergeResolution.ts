import { topologicalOrder } from '../graph/topology';
import { TaskGraph } from '../graph/taskGraph';
import type { RunContext } from '../run/runContext';
import { log } from '../run/runContext';
import { runTaskAttempt } from '../run/taskAttempt';
import { labelsOf, verifiedWork, type VerifiedWork } from '../run/verifiedCommits';
import { gitEnvironment } from '../worktrees/gitEnvironment';
import { GitRunner } from '../worktrees/gitRunner';
import { prepareResolutionWorktree, resolutionAgent, resolutionIdFor, resolutionTask } from './resolutionTask';

/** How the sprint's integration merge ended. */
export type IntegrationResult =
  | { kind: 'merged'; branch: string; mergedTasks: string[] }
  /** A conflict that no resolution task could settle. */
  | { kind: 'stopped'; branch: string; reason: string; failed: string[] }
  /** The engine was asked to stop while a resolution task ran: resume carries on. */
  | { kind: 'interrupted' };

/**
 * Merges every done task's branch into `baton/<sprint>/_integration`, in dependency order, in a
 * temporary worktree (never the user's). On a conflict, instead of failing the sprint, the
 * engine creates a resolution task (journalled, so resume knows it) for a capable member,
 * runs it — with the usual evidence, retries and failover, plus "no conflict markers left" —
 * and merges again with the resolution's branch in place of the one that conflicted.
 */
export async function integrateSprint(ctx: RunContext, signal: AbortSignal): Promise<IntegrationResult> {
  for (;;) {
    const order = mergeOrder(ctx);
    // Safety: the verified commits, never the branches' tips (see run/verifiedCommits.ts).
    const result = await ctx.worktrees.mergeSprint({ sprint: ctx.sprint.id, baseRef: ctx.store.state.baseCommit!, taskBranches: order.map((m) => m.commit), labels: labelsOf(order), fresh: true });
    if (!result.conflict) return { kind: 'merged', branch: result.branch, mergedTasks: order.map((m) => m.id) };
    const culpritWork = order.find((m) => m.commit === result.conflict!.branch);
    const conflict = { ...result.conflict, branch: culpritWork?.branch ?? result.conflict.branch };
    const culprit = culpritWork?.id;
    const conflictText = `merging ${conflict.branch} into ${result.branch} conflicts in ${conflict.files.join(', ')}`;
    if (!culprit || ctx.store.state.tasks.get(culprit)?.resolution) return { kind: 'stopped', branch: result.branch, reason: conflictText, failed: [] };
    const id = resolutionIdFor(culprit);
    if (!ctx.store.state.tasks.get(id)?.resolution) await createResolution(ctx, id, culprit, conflict, result.branch);
    const outcome = await runResolution(ctx, id, signal);
    if (outcome === 'interrupted') return { kind: 'interrupted' };
    if (outcome !== 'done') return { kind: 'stopped', branch: result.branch, reason: `${conflictText}; its resolution task ${id} ${outcome}: ${ctx.store.state.tasks.get(id)?.reason ?? ''}`, failed: [id] };
  }
}

async function createResolution(ctx: RunContext, id: string, culprit: string, conflict: { branch: string; files: string[] }, integrationBranch: string): Promise<void> {
  const tip = (await new GitRunner(ctx.repoRoot, gitEnvironment(ctx.host.env)).run(ctx.repoRoot, ['rev-parse', `${integrationBranch}^{commit}`])).trim();
  const agent = resolutionAgent(ctx.workspace, ctx.sprint.teams, conflict.files, ctx.subdir, ctx.store.state.tasks.get(culprit)?.agent);
  if (!agent) throw new Error(`no agent can resolve the conflict of ${culprit}`);
  log(ctx, `${culprit}: its branch conflicts with the integration branch in ${conflict.files.join(', ')}; ${agent} resolves it as ${id}`);
  await ctx.store.commit([{
    type: 'task:resolution-created', task: id, title: `Resolve the merge conflict of ${culprit}`, for: culprit, branch: conflict.branch,
    files: [...conflict.files], integrationBranch, integrationTip: tip, agent,
  }]);
}

/** Runs the resolution task's attempts until it is done or has failed for good. */
async function runResolution(ctx: RunContext, id: string, signal: AbortSignal): Promise<'done' | 'failed' | 'blocked' | 'cancelled' | 'interrupted'> {
  for (;;) {
    const t = ctx.store.state.tasks.get(id)!;
    if (t.status === 'done' || t.status === 'failed' || t.status === 'blocked' || t.status === 'cancelled') return t.status;
    if (t.retryAt) await sleepUntil(Date.parse(t.retryAt), ctx.now, signal);
    if (signal.aborted) return 'interrupted';
    const resolution = t.resolution!;
    const task = resolutionTask(ctx, id, resolution);
    ctx.tasks.set(id, task);
    await runTaskAttempt(ctx, task, t.reassignedTo ?? resolution.agent, signal, { prepare: () => prepareResolutionWorktree(ctx, id, resolution) });
    if (signal.aborted && ctx.store.state.tasks.get(id)?.status === 'running') return 'interrupted';
  }
}

/**
 * Done tasks' verified commits in dependency order (ties in sprint order), sync points left out,
 * and a task whose conflict a done resolution task settled replaced by that task's commit. A
 * done task without a recorded commit is left out, and said so: it was never verified.
 */
export function mergeOrder(ctx: RunContext): ({ id: string } & VerifiedWork)[] {
  const state = ctx.store.state;
  const sprintTasks = [...ctx.tasks.values()].filter((t) => !state.tasks.get(t.id)?.resolution);
  const order = topologicalOrder(TaskGraph.from(sprintTasks)) ?? sprintTasks.map((t) => t.id);
  return order.flatMap((id) => {
    const t = state.tasks.get(id);
    if (t?.status !== 'done' || !t.branch || ctx.tasks.get(id)?.kind === 'sync') return [];
    const resolved = state.tasks.get(resolutionIdFor(id));
    const resolvedWork = resolved?.resolution ? verifiedWork(resolved) : undefined;
    if (resolvedWork) return [{ id: resolved!.id, ...resolvedWork }];
    const work = verifiedWork(t);
    if (!work) log(ctx, `${id}: done without a verified commit in the journal; its branch is not merged`);
    return work ? [{ id, ...work }] : [];
  });
}

function sleepUntil(at: number, now: () => number, signal: AbortSignal): Promise<void> {
  const ms = at - now();
  if (!(ms > 0) || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
