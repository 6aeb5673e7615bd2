import type { Task } from '../model/workspace';
import { MergeConflictError } from '../worktrees/mergeConflictError';
import { log, runIdOf, type RunContext } from './runContext';
import { attemptFilesOf } from './attemptFiles';
import { commandEnvironment } from '../coordination/commandEnvironment';
import { runCommand } from './runCommand';
import { labelsOf, verifiedWork } from './verifiedCommits';

/**
 * A sync point (seed 004 pattern 3): a barrier with no agent. Its worktree merges every branch
 * that meets there — a conflict between them is a conflict at the sync point — then its checks
 * run in that merged tree; any failure blocks the tasks after it, with the reason named.
 */
export async function runSyncBarrier(ctx: RunContext, task: Task): Promise<void> {
  const state = ctx.store.state;
  const meeting = task.dependencies.map((d) => verifiedWork(state.tasks.get(d))).filter((w) => w !== undefined);
  let prepared;
  try {
    prepared = await ctx.worktrees.prepare({ sprint: ctx.sprint.id, task: task.id, baseRef: state.baseCommit!, dependencyBranches: meeting.map((w) => w.commit), labels: labelsOf(meeting) });
  } catch (error) {
    const reason = MergeConflictError.is(error) ? `the branches meeting at this sync point conflict in ${error.files.join(', ')}` : (error as Error).message;
    await ctx.store.commit([{ type: 'task:blocked', task: task.id, reason }]);
    return;
  }
  const attempt = (state.tasks.get(task.id)?.attempts ?? 0) + 1;
  const files = attemptFilesOf(ctx.stateDir, runIdOf(ctx), task.id, attempt);
  await ctx.store.commit([
    ...(prepared.reused ? [] : [{ type: 'worktree:created' as const, task: task.id, path: prepared.path, branch: prepared.branch }]),
    { type: 'task:started', task: task.id, agent: '', attempt, worktree: prepared.path, branch: prepared.branch, checkpoint: prepared.baseCommit, resultFile: files.resultFile, logFile: files.logFile },
  ]);
  for (const check of task.checks ?? []) {
    const outcome = await runCommand(check, {
      cwd: prepared.path, env: commandEnvironment(ctx.host.env), timeoutMs: 600_000,
      contain: (argv, env, cwd) => ctx.sandbox.command(argv, env, { cwd, writable: [prepared.path] }),
    });
    if (!outcome.ok) {
      const reason = `sync check \`${check.join(' ')}\` ${outcome.reason ?? 'failed'}${outcome.output.trim() ? `: ${outcome.output.trim().split('\n').slice(-3).join(' / ')}` : ''}`;
      log(ctx, `${task.id}: ${reason}`);
      await ctx.store.commit([{ type: 'task:blocked', task: task.id, reason }]);
      return;
    }
  }
  await ctx.store.commit([{ type: 'task:succeeded', task: task.id, attempt, commit: prepared.baseCommit, summary: `sync point reached: ${task.title}` }]);
}
