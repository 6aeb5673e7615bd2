import type { Task, Workspace } from '../model/workspace';
import type { RunContext } from '../run/runContext';
import type { DeepReadonly, TaskRunState } from '../state/runState';
import { gitEnvironment } from '../worktrees/gitEnvironment';
import { GitRunner } from '../worktrees/gitRunner';
import type { PreparedWorktree } from '../worktrees/worktreeTypes';
import { allowsAll } from './boundaries';
import { verifiedWork } from '../run/verifiedCommits';

/** The id of the task that resolves `taskId`'s integration conflict. */
export function resolutionIdFor(taskId: string): string {
  return `resolve-${taskId}`;
}

type Resolution = NonNullable<TaskRunState['resolution']>;

/**
 * The task the engine runs to resolve an integration conflict: not in the sprint file, rebuilt
 * from its `task:resolution-created` event (kept on the run state) whenever a run resumes.
 */
export function resolutionTask(ctx: Pick<RunContext, 'sprint' | 'tasks'>, id: string, r: DeepReadonly<Resolution>): Task {
  const source = ctx.tasks.get(r.for);
  const files = r.files.map((f) => `\`${f}\``).join(', ');
  return {
    id,
    sprint: ctx.sprint.id,
    title: r.title,
    description: [
      `Merging \`${r.for}\`'s branch (\`${r.branch}\`) into the sprint's integration branch \`${r.integrationBranch}\` conflicts in ${files}.`,
      "Your worktree holds that merge, committed with git's conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`) left in those files.",
      'Edit each file so it keeps what both sides meant, remove every marker, and change nothing else. Baton checks that no marker is left.',
    ].join(' '),
    type: 'merge_resolution',
    priority: 'high',
    estimate: 1,
    dependencies: [],
    acceptanceCriteria: [...r.files.map((f) => `No conflict markers remain in ${f}`), 'The changes of both sides are kept'],
    handoffArtifacts: [],
    checklist: [],
    review: false,
    producesChanges: true,
    urgency: 8,
    businessImpact: 8,
    labels: ['merge'],
    kind: 'task',
    generatedFrom: r.for,
    location: source?.location ?? ctx.sprint.location,
  };
}

/**
 * Who resolves a conflict: a member (of the sprint's teams first) whose boundaries allow every
 * conflicting file — an explicit owner of them first, then the agent of the task whose branch
 * conflicted — else that agent, else the first member.
 */
export function resolutionAgent(workspace: Workspace, sprintTeams: readonly string[], files: readonly string[], subdir: string, conflictingAgent: string | undefined): string | undefined {
  const members: string[] = [];
  for (const id of [...sprintTeams, ...workspace.teams.keys()]) {
    for (const m of workspace.teams.get(id)?.members ?? []) if (!members.includes(m.agent) && workspace.agents.has(m.agent)) members.push(m.agent);
  }
  if (conflictingAgent && workspace.agents.has(conflictingAgent) && !members.includes(conflictingAgent)) members.push(conflictingAgent);
  const score = (name: string): number => {
    const agent = workspace.agents.get(name)!;
    if (!allowsAll(agent, files, subdir)) return -1;
    return (agent.owns.length > 0 ? 2 : 0) + (name === conflictingAgent ? 1 : 0);
  };
  let best: { name: string; score: number } | undefined;
  for (const name of members) {
    const s = score(name);
    if (s >= 0 && (!best || s > best.score)) best = { name, score: s };
  }
  return best?.name ?? conflictingAgent ?? members[0];
}

/**
 * The resolution task's worktree: its branch starts at the integration branch's last good
 * merge, then the conflicting branch is merged without committing and the result — conflict
 * markers and all — committed, so the agent starts from a plain commit (nothing half-done that
 * a crash could lose) and a failed attempt rolls back to the markers. Idempotent: a reused
 * worktree that already has the merge is left as it is.
 */
export async function prepareResolutionWorktree(ctx: RunContext, id: string, r: DeepReadonly<Resolution>): Promise<PreparedWorktree> {
  const prepared = await ctx.worktrees.prepare({ sprint: ctx.sprint.id, task: id, baseRef: r.integrationTip, dependencyBranches: [] });
  if (!prepared.reused) await ctx.store.commit([{ type: 'worktree:created', task: id, path: prepared.path, branch: prepared.branch }]);
  const git = new GitRunner(ctx.repoRoot, gitEnvironment(ctx.host.env));
  // Safety: the conflicting task's verified commit, not whatever its branch points at now.
  const verified = verifiedWork(ctx.store.state.tasks.get(r.for));
  if (!verified) throw new Error(`${r.for} has no verified commit in the journal to resolve`);
  const merging = (await git.exec(prepared.path, ['rev-parse', '-q', '--verify', 'MERGE_HEAD'], { allowExit: [1] })).exitCode === 0;
  const contained = (await git.exec(prepared.path, ['merge-base', '--is-ancestor', verified.commit, 'HEAD'], { allowExit: [1] })).exitCode === 0;
  if (!merging && !contained) await git.exec(prepared.path, ['merge', '--no-ff', '--no-commit', '--no-verify', verified.commit], { allowExit: [1] });
  if (merging || !contained) await ctx.worktrees.commitAll(prepared.path, `baton: merge ${r.branch} with its conflicts, for ${id} to resolve`);
  return prepared;
}
