import { describeSprintResult } from '../../engine/result/sprintResult';
import { inspectRepository } from '../../engine/run/repository';
import type { EngineSession } from '../../engine/session/engineSession';
import type { BoardResult } from '../../shared/boardTypes';
import { boardResult } from './resultModel';

/** The current run's result, when it completed (git reads only: no lock taken, nothing changed). */
export async function readResult(session: EngineSession): Promise<BoardResult | undefined> {
  const run = session.run;
  const root = session.workspace?.workspace.root;
  if (run.status !== 'completed' || !run.sprint || !root) return undefined;
  const repo = await inspectRepository(root);
  const r = await describeSprintResult(repo.root, run);
  return r && boardResult(r);
}
