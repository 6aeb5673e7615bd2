import { loadWorkspace } from '../config/loadWorkspace';
import { decide, type ReviewDecision } from '../coordination/reviewDecision';
import type { NewEvent } from '../state/events';
import { isUnfinished } from '../state/runCatalog';
import { StateStore } from '../state/stateStore';
import { RunError } from './runError';
import { stateDirOf } from './sprintRunner';

/**
 * Journals a person's decision (approve, request changes, reassign) on the unfinished run when
 * no engine is running it — typically a `baton run` that paused waiting for review. The write
 * lease is taken as for a run, so an engine starting meanwhile makes this throw
 * `LeaseHeldError` (the caller then hands the decision to that engine instead). `baton resume`
 * carries the run on afterwards.
 *
 * @throws RunError when there is no unfinished run, or the decision is refused (with why).
 */
export async function decideOnIdleRun(options: { root: string; configRoot?: string; decision: ReviewDecision; owner?: string }): Promise<{ runId: string; events: NewEvent[] }> {
  const { workspace } = await loadWorkspace(options.root, options.configRoot !== undefined ? { configRoot: options.configRoot } : {});
  const store = await StateStore.open(stateDirOf(workspace), { mode: 'writer', owner: options.owner ?? 'baton' });
  try {
    if (!store.runId || !isUnfinished(store.state.status)) throw new RunError('nothing-to-resume', 'There is no unfinished run to decide on.');
    const task = workspace.sprints.get(store.state.sprint ?? '')?.tasks.find((t) => t.id === options.decision.task);
    const result = decide(store.state, options.decision, { ...(task ? { task } : {}), workspace });
    if ('refused' in result) throw new RunError('bad-option', result.refused);
    await store.commit(result.events);
    return { runId: store.runId, events: result.events };
  } finally {
    await store.close();
  }
}
