import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { startSprint } from '../../src/engine/run/sprintRunner';
import { baton, batonEnv, buildCli, git, readJournal, removeTempRepos, statusJson } from './engineHarness';
import { coordinationRepo, eventsOf } from './coordinationHarness';

// Failure recovery (seed 001): retries with backoff — longer when rate-limited — then failover
// to a capable member of the same team, then a failure that blocks only what depends on it;
// the prerequisites gate (seed 002) before anything starts; and an integration merge conflict
// handed to a resolution task instead of failing the sprint.

describe('coordination: recovery, prerequisites and merge resolution', function () {
  this.timeout(180_000);
  before(buildCli);
  after(removeTempRepos);

  it('retries, then fails over to a member with the matching specialty; with none left the task fails', async () => {
    const repo = coordinationRepo({
      maxRetries: 1,
      agents: [
        { name: 'shaky', behaviour: 'fail', specialties: ['backend'], owns: ['work/**'] },
        { name: 'designer', behaviour: 'work', specialties: ['frontend'], owns: ['work/**'] },
        { name: 'steady', behaviour: 'work', specialties: ['backend'], owns: ['work/**'] },
        { name: 'lonely', behaviour: 'fail', specialties: ['database'], owns: ['work/**'] },
      ],
      tasks: [
        { id: 'api', type: 'backend', assignee: 'shaky' },
        { id: 'schema', type: 'database', assignee: 'lonely', max_retries: 0 },
        { id: 'docs', type: 'frontend', assignee: 'designer' },
      ],
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const s = await statusJson(repo.root);
    const api = s.tasks.find((t) => t.id === 'api') as unknown as { status: string; agent: string; attemptLog: { attempt: number; agent: string; outcome: string; reason: string }[] };
    assert.deepEqual([api.status, api.agent], ['done', 'steady']);
    assert.deepEqual(api.attemptLog.map((a) => [a.attempt, a.agent, a.outcome]), [[1, 'shaky', 'failed'], [2, 'shaky', 'failed'], [3, 'steady', 'done']]);
    const [failover] = eventsOf(repo.root, 'task:failover', 'api');
    assert.deepEqual([failover!.from, failover!.to], ['shaky', 'steady']);
    assert.match(String(failover!.reason), /shaky failed 2 times .*failing over to steady, a member of team crew with a matching specialty/);
    const schema = s.tasks.find((t) => t.id === 'schema')!;
    assert.deepEqual([schema.status, schema.attempts], ['failed', 1]);
    assert.match(schema.reason!, /exited with code 1/);
    assert.equal(s.tasks.find((t) => t.id === 'docs')!.status, 'done', 'independent work carried on');
    assert.match(run.stdout, /⇄ api shaky failed 2 times/);
  });

  it('backs off four times longer after a rate limit, then fails over', async () => {
    const repo = coordinationRepo({
      maxRetries: 1,
      agents: [
        { name: 'throttled', behaviour: 'rate-limit', specialties: ['backend'], owns: ['work/**'] },
        { name: 'flaky', behaviour: 'fail-once', specialties: ['docs'], owns: ['work/**'] },
        { name: 'spare', behaviour: 'work', specialties: ['backend'], owns: ['work/**'] },
      ],
      tasks: [{ id: 'api', type: 'backend', assignee: 'throttled' }, { id: 'notes', type: 'docs', assignee: 'flaky' }],
    });
    const result = await startSprint('s1', { root: repo.root, host: { env: process.env }, signal: new AbortController().signal, retryBaseMs: 300 });
    assert.equal(result.status, 'completed', JSON.stringify(result));
    const delay = (task: string) => eventsOf(repo.root, 'task:failed', task).map((e) => Date.parse(String(e.retryAt)) - Date.parse(String(e.at)));
    const [limited] = eventsOf(repo.root, 'task:failed', 'api');
    assert.equal(limited!.rateLimited, true);
    assert.equal(eventsOf(repo.root, 'task:agent-exited', 'api')[0]!.rateLimited, true);
    const [limitedDelay] = delay('api');
    const [plainDelay] = delay('notes');
    // retryAt is set before the event is journalled (and stamped): allow for the journal's fsync.
    assert.ok(limitedDelay! > 900 && limitedDelay! <= 1200, `rate-limited backoff ${limitedDelay} ms, expected 4 × 300`);
    assert.ok(plainDelay! > 0 && plainDelay! <= 300, `plain backoff ${plainDelay} ms, expected 300`);
    assert.ok(limitedDelay! > 2.5 * plainDelay!, `rate-limited ${limitedDelay} ms vs plain ${plainDelay} ms`);
    assert.deepEqual(eventsOf(repo.root, 'task:failover', 'api').map((e) => [e.from, e.to]), [['throttled', 'spare']]);
  });

  it('checks every prerequisite before anything starts: `baton check` and `baton run` name each NO-GO', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const open = (server.address() as net.AddressInfo).port;
    const closed = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    try {
      const repo = coordinationRepo({
        agents: [{ name: 'dev', behaviour: 'work' }],
        tasks: [{ id: 'api', assignee: 'dev' }],
        prerequisites: [
          { name: 'Node.js available', command: 'node --version' },
          { name: 'Failing command', command: ['node', '-e', 'process.exit(3)'] },
          { env: 'COORD_SET' },
          { env: 'COORD_NEVER_SET_ANYWHERE' },
          { file: 'scripts/coord-agent.mjs' },
          { file: 'config/missing.json' },
          { file: '../outside.txt' },
          { name: 'Service up', port: open },
          { name: 'Database up', port: closed },
          { npm: 'definitely-not-installed-pkg' },
          'Stakeholders informed',
        ],
      }, { 'node_modules/local-pkg/package.json': '{"name":"local-pkg","version":"1.2.3"}\n' });
      const env = batonEnv({ COORD_SET: 'yes' });
      const check = await baton(['check', 's1', repo.root, '--json'], { cwd: repo.root, env });
      assert.equal(check.code, 1, check.stderr);
      const report = JSON.parse(check.stdout) as { go: boolean; checks: { name: string; verdict: string; detail: string }[] };
      assert.equal(report.go, false);
      assert.deepEqual(report.checks.map((c) => c.verdict), ['go', 'no-go', 'go', 'no-go', 'go', 'no-go', 'no-go', 'go', 'no-go', 'no-go', 'stated']);
      assert.match(report.checks[1]!.detail, /exited 3/);
      assert.match(report.checks[6]!.detail, /outside the workspace/);
      const table = await baton(['check', 's1', repo.root], { cwd: repo.root, env });
      assert.match(table.stdout, /NO-GO — 6 of 11 prerequisites failed/);

      const run = await baton(['run', 's1', repo.root], { cwd: repo.root, env, timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      for (const name of ['Failing command', '$COORD_NEVER_SET_ANYWHERE is set', 'config/missing.json exists', '../outside.txt exists', 'Database up', 'npm package definitely-not-installed-pkg installed']) {
        assert.ok(run.stdout.includes(name), `run output names ${name}:\n${run.stdout}`);
      }
      const s = await statusJson(repo.root) as Awaited<ReturnType<typeof statusJson>> & { reason: string; prerequisites: { go: boolean } };
      assert.equal(s.state, 'stopped');
      assert.match(s.reason, /^prerequisites NO-GO: Failing command .*Database up .*definitely-not-installed-pkg/);
      assert.equal(s.prerequisites.go, false);
      assert.deepEqual(eventsOf(repo.root, 'task:started'), [], 'nothing started');

      const good = coordinationRepo({ agents: [{ name: 'dev', behaviour: 'work' }], tasks: [{ id: 'api', assignee: 'dev' }], prerequisites: [{ port: open }, { env: 'COORD_SET' }, { npm: 'local-pkg' }] }, { 'node_modules/local-pkg/package.json': '{"name":"local-pkg","version":"1.2.3"}\n' });
      const ok = await baton(['run', 's1', good.root], { cwd: good.root, env, timeoutMs: 60_000 });
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /GO prerequisites: 3 checked/);
      const [gate] = eventsOf(good.root, 'prerequisites:checked');
      assert.match(JSON.stringify(gate), /local-pkg@1\.2\.3/);
    } finally {
      server.close();
    }
  });

  it('turns an integration merge conflict into a resolution task, never touching the working tree', async () => {
    const repo = coordinationRepo({
      agents: [
        { name: 'left', behaviour: 'conflict' },
        { name: 'right', behaviour: 'conflict' },
        { name: 'mediator', behaviour: 'resolve', owns: ['shared.txt', 'work/**'] },
      ],
      tasks: [{ id: 't1', assignee: 'left' }, { id: 't2', assignee: 'right' }, { id: 't3', assignee: 'mediator' }],
    }, { 'shared.txt': 'base line\n' });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const [created] = eventsOf(repo.root, 'task:resolution-created');
    assert.deepEqual([created!.task, created!.for, created!.files, created!.agent], ['resolve-t2', 't2', ['shared.txt'], 'mediator']);
    const verified = eventsOf(repo.root, 'task:verified', 'resolve-t2');
    assert.deepEqual(verified.map((e) => e.passed), [true]);
    const integrated = git(repo.root, 'show', 'baton/s1/_integration:shared.txt');
    assert.match(integrated, /line from t1/);
    assert.match(integrated, /line from t2/);
    assert.doesNotMatch(integrated, /<<<<<<<|>>>>>>>|=======/);
    const s = await statusJson(repo.root);
    assert.equal(s.state, 'completed');
    const resolution = s.tasks.find((t) => t.id === 'resolve-t2') as unknown as { status: string; agent: string; resolves: string };
    assert.deepEqual([resolution.status, resolution.agent, resolution.resolves], ['done', 'mediator', 't2']);
    const completed = readJournal(repo.root).events.find((e) => e.type === 'run:completed')!;
    assert.deepEqual(completed.mergedTasks, ['t1', 'resolve-t2', 't3']);
    assert.equal(git(repo.root, 'status', '--porcelain'), '');
    assert.equal(git(repo.root, 'rev-parse', 'HEAD'), repo.head);
    assert.equal(git(repo.root, 'show', 'HEAD:shared.txt'), 'base line');
  });
});
