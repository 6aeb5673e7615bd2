import type { Redactor } from '../secrets/redactor';
import type { Actor, NewEventOf } from '../state/events';
import { inspectRepository } from '../run/repository';
import { openStore, stateDirAt } from '../run/runOpening';
import { ResultError } from './resultError';

/** What a person did with a completed run's result, as its journal records it. */
export type ResultEvent = NewEventOf<'result:checked-out' | 'result:merged' | 'result:pushed'>;

/**
 * Journals a person's action on a completed run's result (checked out, merged, pushed) on that
 * run, with the person as its actor, after git did it: the audit trail says who moved which
 * branch where. The write lease is taken as for a run; an engine running meanwhile makes this
 * throw `LeaseHeldError` (the git action stands; the caller says it was not journalled).
 *
 * @throws ResultError when `runId` is not the workspace's completed run.
 */
export async function journalResultAction(options: { root: string; configRoot?: string; runId: string; event: ResultEvent; actor: Actor; owner?: string; redactor?: Redactor }): Promise<void> {
  const repo = await inspectRepository(options.root);
  const host = { env: {}, ...(options.redactor ? { redactor: options.redactor } : {}) };
  const store = await openStore(stateDirAt(options.root, options.configRoot), repo, { root: options.root, host, owner: options.owner ?? 'baton' }, options.runId);
  try {
    if (store.state.status !== 'completed') throw new ResultError('no-result', `Run ${options.runId} is ${store.state.status}, not completed: it has no result to journal.`);
    await store.commit([{ ...options.event, actor: options.actor }]);
  } finally {
    await store.close();
  }
}
