import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_ROOT } from '../config/loadWorkspace';
import type { Redactor } from '../secrets/redactor';
import type { Actor } from '../state/events';
import { isUnfinished } from '../state/runCatalog';
import { answererName, personAnswerRefusal } from '../team/teamHub';
import { inspectRepository } from './repository';
import { openStore, stateDirAt } from './runOpening';
import { RunError } from './runError';

/**
 * Journals a person's answer on the unfinished run when no engine runs it (a `baton run` that
 * paused waiting for answers): the lease is taken as for a run, so an engine starting meanwhile
 * makes this throw `LeaseHeldError` and the caller hands the answer to that engine instead.
 * `baton resume` then continues the parked task with the answer. The answer is journalled as
 * `actor`'s (the person the front names), and redacted like every line.
 *
 * @throws RunError when there is no unfinished run or the answer is refused (with why).
 */
export async function answerOnIdleRun(options: {
  root: string; configRoot?: string; question: string; text: string; by?: string; actor?: Actor; owner?: string; redactor?: Redactor;
}): Promise<{ runId: string; task: string }> {
  const configRoot = path.resolve(options.root, options.configRoot ?? DEFAULT_CONFIG_ROOT);
  if (!fs.existsSync(configRoot)) throw new RunError('no-workspace', `No Baton config folder at ${configRoot}.`);
  const repo = await inspectRepository(options.root);
  const store = await openStore(stateDirAt(options.root, options.configRoot), repo, { root: options.root, host: { env: {}, ...(options.redactor ? { redactor: options.redactor } : {}) }, owner: options.owner ?? 'baton answer' }, undefined);
  try {
    if (!store.runId || !isUnfinished(store.state.status)) throw new RunError('nothing-to-resume', 'There is no unfinished run whose questions could be answered.');
    const q = store.state.team?.questions.find((x) => x.id === options.question);
    const refused = personAnswerRefusal(q, options.question, options.text);
    if (refused) throw new RunError('bad-option', refused);
    await store.commit([{
      type: 'question:answered', question: options.question, answer: options.text.trim(), by: answererName(options.by, options.actor), via: 'person',
      ...(options.actor ? { actor: options.actor } : {}),
    }]);
    return { runId: store.runId, task: q!.task };
  } finally {
    await store.close();
  }
}
