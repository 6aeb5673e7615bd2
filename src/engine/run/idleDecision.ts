import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_ROOT } from '../config/loadWorkspace';
import { moveToAccepted } from '../coordination/acceptedWork';
import { decide, type ReviewDecision } from '../coordination/reviewDecision';
import { TaskGraph } from '../graph/taskGraph';
import { transitiveDependants } from '../graph/unblocks';
import type { Redactor } from '../secrets/redactor';
import type { NewEvent } from '../state/events';
import { isUnfinished } from '../state/runCatalog';
import { inspectRepository } from './repository';
import { openStore, rulesOfRun, stateDirAt } from './runOpening';
import { RunError } from './runError';
import { worktreeManager } from './sprintRunner';

/**
 * Journals a person's decision (approve, request changes, reassign, skip, accept) on the
 * unfinished run when no engine is running it — typically a `baton run` that paused waiting
 * for review. The write lease is taken as for a run, so an engine starting meanwhile makes this
 * throw `LeaseHeldError` (the caller then hands the decision to that engine instead).
 * `baton resume` carries the run on afterwards. The decision is checked against the rules the
 * run recorded (an agent added to a team on disk cannot be handed a task this way).
 *
 * @throws RunError when there is no unfinished run, or the decision is refused (with why).
 */
export async function decideOnIdleRun(options: { root: string; configRoot?: string; decision: ReviewDecision; owner?: string; redactor?: Redactor }): Promise<{ runId: string; events: NewEvent[] }> {
  const configRoot = path.resolve(options.root, options.configRoot ?? DEFAULT_CONFIG_ROOT);
  if (!fs.existsSync(configRoot)) throw new RunError('no-workspace', `No Baton config folder at ${configRoot}.`);
  const repo = await inspectRepository(options.root);
  const store = await openStore(stateDirAt(options.root, options.configRoot), repo, { root: options.root, host: { env: {}, ...(options.redactor ? { redactor: options.redactor } : {}) }, owner: options.owner ?? 'baton' }, undefined);
  try {
    if (!store.runId || !isUnfinished(store.state.status)) throw new RunError('nothing-to-resume', 'There is no unfinished run to decide on.');
    const workspace = await rulesOfRun(store, options);
    const sprint = workspace.sprints.get(store.state.sprint ?? '');
    const task = sprint?.tasks.find((t) => t.id === options.decision.task);
    const dependants = transitiveDependants(TaskGraph.from(sprint?.tasks ?? []), options.decision.task);
    const result = decide(store.state, options.decision, { ...(task ? { task } : {}), workspace, subdir: path.relative(repo.root, workspace.root), dependants });
    if ('refused' in result) throw new RunError('bad-option', result.refused);
    if (result.accepted) await moveToAccepted(worktreeManager(workspace, repo), repo.root, result.accepted);
    await store.commit(result.events);
    return { runId: store.runId, events: result.events };
  } finally {
    await store.close();
  }
}
