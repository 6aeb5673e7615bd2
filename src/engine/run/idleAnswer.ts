import { loadWorkspace } from '../config/loadWorkspace';
import { isUnfinished } from '../state/runCatalog';
import { StateStore } from '../state/stateStore';
import { personAnswerRefusal } from '../team/teamHub';
import { RunError } from './runError';
import { stateDirOf } from './sprintRunner';

/**
 * Journals a person's answer on the unfinished run when no engine runs it (a `baton run` that
 * paused waiting for answers): the lease is taken as for a run, so an engine starting meanwhile
 * makes this throw `LeaseHeldError` and the caller hands the answer to that engine instead.
 * `baton resume` then continues the parked task with the answer.
 *
 * @throws RunError when there is no unfinished run or the answer is refused (with why).
 */
export async function answerOnIdleRun(options: { root: string; configRoot?: string; question: string; text: string; by?: string; owner?: string }): Promise<{ runId: string; task: string }> {
  const { workspace } = await loadWorkspace(options.root, options.configRoot !== undefined ? { configRoot: options.configRoot } : {});
  const store = await StateStore.open(stateDirOf(workspace), { mode: 'writer', owner: options.owner ?? 'baton answer' });
  try {
    if (!store.runId || !isUnfinished(store.state.status)) throw new RunError('nothing-to-resume', 'There is no unfinished run whose questions could be answered.');
    const q = store.state.team?.questions.find((x) => x.id === options.question);
    const refused = personAnswerRefusal(q, options.question, options.text);
    if (refused) throw new RunError('bad-option', refused);
    await store.commit([{ type: 'question:answered', question: options.question, answer: options.text.trim(), by: options.by?.trim() || 'person', via: 'person' }]);
    return { runId: store.runId, task: q!.task };
  } finally {
    await store.close();
  }
}
