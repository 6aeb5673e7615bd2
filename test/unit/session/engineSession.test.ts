import assert from 'node:assert/strict';
import { EngineSession } from '../../../src/engine/session/engineSession';
import { UntrustedWorkspaceError } from '../../../src/engine/session/untrustedWorkspaceError';
import type { EngineEvent } from '../../../src/engine/state/events';
import { exampleRepo, removeExampleRepo } from '../../support/exampleRepo';

describe('EngineSession', function () {
  this.timeout(60_000);
  let dir: string;
  let session: EngineSession | undefined;
  beforeEach(() => (dir = exampleRepo('auth')));
  afterEach(async () => {
    await session?.dispose();
    session = undefined;
    removeExampleRepo(dir);
  });

  it('runs a sprint here and sees every event through the journal, in order', async () => {
    session = await EngineSession.open({ root: dir, host: { env: process.env }, isTrusted: () => true });
    assert.equal(session.workspace?.workspace.sprints.has('auth-feature'), true);
    const seen: EngineEvent[] = [];
    const completed = new Promise<void>((resolve) => session!.onEvent((e) => {
      seen.push(e);
      if (e.type === 'run:completed') resolve();
    }));
    const result = await session.startSprint('auth-feature', { maxParallel: 3 });
    assert.equal(result.status, 'completed');
    await completed;
    assert.deepEqual(seen.map((e) => e.seq), seen.map((_, i) => i + 1));
    assert.equal(session.run.status, 'completed');
    assert.ok([...session.run.tasks.values()].every((t) => t.status === 'done'));
    assert.equal(session.runningHere, false);
  });

  it('refuses to start processes in an untrusted workspace, and changes nothing', async () => {
    session = await EngineSession.open({ root: dir, host: { env: process.env }, isTrusted: () => false });
    await assert.rejects(session.startSprint('auth-feature'), UntrustedWorkspaceError);
    await assert.rejects(session.retryTask('x'), UntrustedWorkspaceError);
    assert.equal(session.runId, undefined);
  });
});
