import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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

  it('journals who acted, and tells a front which config files changed since the run started', async () => {
    const person = { kind: 'person' as const, name: 'Ana Lead', via: 'vscode' };
    session = await EngineSession.open({ root: dir, host: { env: process.env }, isTrusted: () => true, identity: async () => person });
    const stop = session.startSprint('auth-feature', { maxParallel: 1 });
    const started = await new Promise<EngineEvent>((resolve) => session!.onEvent((e) => e.type === 'run:started' && resolve(e)));
    assert.deepEqual(started.actor, person);
    assert.equal(started.type === 'run:started' && started.config?.files.some((f) => f.path === '.claude/teams.yaml'), true, 'the rules are recorded');
    session.pause();
    assert.equal((await stop).status, 'paused');
    assert.equal(await session.configDrift(), undefined);
    const teams = path.join(dir, '.claude', 'teams.yaml');
    fs.appendFileSync(teams, '# edited after the run started\n');
    fs.writeFileSync(path.join(dir, '.claude', 'agents', 'newcomer.md'), '---\nname: newcomer\ndescription: d\n---\nx\n');
    assert.deepEqual(await session.configDrift(), { changed: ['.claude/teams.yaml'], added: ['.claude/agents/newcomer.md'], removed: [] });
    const resumed = await session.resume({ reloadConfig: false });
    assert.equal(resumed.status, 'completed', 'the run carries on with the rules it recorded');
    assert.equal(session.run.config?.hash, started.type === 'run:started' ? started.config?.hash : undefined, 'not reloaded');
  });
});
