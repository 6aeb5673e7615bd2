import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  baton, batonEnv, buildCli, extraWorktrees, isAlive, liveAgentsUnder, makeRepo, readJournal, removeTempRepos,
  startBaton, statusJson, waitFor, withTimeout, worktreeFolders,
} from './engineHarness';
import { fixtureAgent, pidDir, slowRepo, workspaceFiles } from './workspaceFiles';

// Retries, failures that stop a branch but not the sprint, and a run stopped from outside
// (Ctrl-C, `baton cancel`, a second `baton run`): each with real processes and real git.

const status = statusJson;

describe('retries, failures and stopping a run', function () {
  this.timeout(60_000);
  before(buildCli);
  after(removeTempRepos);

  it('retries an agent that fails once: the task is done on attempt 2', async () => {
    const repo = makeRepo({ files: workspaceFiles({ agents: [{ name: 'worker', keys: fixtureAgent('flaky') }], tasks: [{ id: 'build', assignee: 'worker' }], maxRetries: 1 }) });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 30_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /build attempt 1 failed, will retry/);
    const task = (await status(repo.root)).tasks[0]!;
    assert.deepEqual([task.status, task.attempts], ['done', 2]);
    assert.deepEqual(extraWorktrees(repo), []);
  });

  it('fails a task after max_retries + 1 attempts, blocks its dependants by name and finishes the rest', async () => {
    const scripted = 'runner: script\nscript: scripts/scripted-agent.mjs\nenv: ["BATON_SCRIPTED_*"]';
    const repo = makeRepo({
      scriptedAgent: true,
      observed: true,
      files: workspaceFiles({
        agents: [{ name: 'worker', keys: scripted }],
        maxRetries: 1,
        tasks: [
          { id: 'schema', assignee: 'worker' },
          { id: 'api', assignee: 'worker', dependencies: ['schema'] },
          { id: 'ui', assignee: 'worker', dependencies: ['api'] },
          { id: 'docs', assignee: 'worker' },
        ],
      }),
    });
    const log = path.join(repo.base, 'invocations.log');
    const env = batonEnv({ BATON_SCRIPTED_FAIL: 'schema', BATON_SCRIPTED_DELAY_MS: '50', BATON_SCRIPTED_LOG: log });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, env, timeoutMs: 30_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /failed +schema: the process exited with code 1/);
    const s = await status(repo.root);
    const byId = new Map(s.tasks.map((t) => [t.id, t]));
    assert.equal(s.state, 'stopped');
    assert.deepEqual([byId.get('schema')!.status, byId.get('schema')!.attempts], ['failed', 2]);
    assert.equal(byId.get('api')!.status, 'blocked');
    assert.match(byId.get('api')!.reason ?? '', /\bschema\b/);
    assert.equal(byId.get('ui')!.status, 'blocked');
    assert.match(byId.get('ui')!.reason ?? '', /\b(api|schema)\b/);
    assert.equal(byId.get('docs')!.status, 'done');
    assert.deepEqual(fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' ')[0]).sort(), ['docs', 'schema', 'schema']);
    // The failed task keeps its worktree for inspection; the done one's folder is gone.
    assert.deepEqual(worktreeFolders(repo), ['s1/schema']);
  });

  it('fails an agent that reports success but changed nothing', async () => {
    const repo = makeRepo({ files: workspaceFiles({ agents: [{ name: 'worker', keys: fixtureAgent('lie') }], tasks: [{ id: 'build', assignee: 'worker' }] }) });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 30_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const task = (await status(repo.root)).tasks[0]!;
    assert.equal(task.status, 'failed');
    assert.match(task.reason ?? '', /reported success but changed no files/);
  });

  it('Ctrl-C pauses promptly (exit 130) with no agent left running, and resume completes the run', async () => {
    const repo = slowRepo();
    const { pids, agentPids } = pidDir(repo);
    const proc = startBaton(['run', 's1', repo.root], { cwd: repo.root, env: batonEnv({ BATON_FIXTURE_PIDS: pids }) });
    assert.ok(await waitFor(() => agentPids().length >= 4, 20_000), `four agents started:\n${proc.stdout}${proc.stderr}`);
    const interrupted = Date.now();
    proc.child.kill('SIGINT');
    const { code } = await withTimeout(proc.exited, 15_000, 'baton run did not stop after Ctrl-C');
    assert.equal(code, 130, proc.stdout + proc.stderr);
    assert.ok(Date.now() - interrupted < 8000, `stopping took ${Date.now() - interrupted} ms`);
    assert.equal(proc.stderr, '');
    assert.deepEqual(agentPids().filter(isAlive), [], 'every agent was stopped');
    assert.deepEqual(liveAgentsUnder(repo.base), []);
    const paused = await status(repo.root);
    assert.equal(paused.state, 'paused');
    assert.equal(paused.tasks.filter((t) => t.status === 'done').length, 0);

    const resumed = await baton(['resume', repo.root], { cwd: repo.root, env: batonEnv({ BATON_FIXTURE_PIDS: pids, BATON_FIXTURE_DELAY_MS: '50' }), timeoutMs: 30_000 });
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const done = await status(repo.root);
    assert.equal(done.state, 'completed');
    assert.ok(done.tasks.every((t) => t.status === 'done'), JSON.stringify(done.tasks));
    assert.deepEqual(extraWorktrees(repo), []);
  });

  it('refuses a second `baton run` while one holds the lease (naming its pid), and `baton cancel` stops the first', async () => {
    const repo = slowRepo();
    const { pids, agentPids } = pidDir(repo);
    const proc = startBaton(['run', 's1', repo.root], { cwd: repo.root, env: batonEnv({ BATON_FIXTURE_PIDS: pids }) });
    assert.ok(await waitFor(() => agentPids().length >= 2, 20_000), `agents started:\n${proc.stdout}${proc.stderr}`);

    const second = await baton(['run', 's1', repo.root], { cwd: repo.root });
    assert.equal(second.code, 2, second.stdout + second.stderr);
    assert.match(second.stderr, new RegExp(`another Baton process \\(pid ${proc.pid}, baton run\\) is running this workspace`));
    const resume = await baton(['resume', repo.root], { cwd: repo.root });
    assert.equal(resume.code, 2, resume.stderr);
    assert.match(resume.stderr, new RegExp(`pid ${proc.pid}`));

    const cancel = await baton(['cancel', repo.root], { cwd: repo.root, timeoutMs: 30_000 });
    assert.equal(cancel.code, 0, cancel.stdout + cancel.stderr);
    assert.match(cancel.stdout, /is cancelled\./);
    const { code } = await withTimeout(proc.exited, 15_000, 'baton run did not stop after baton cancel');
    assert.equal(code, 1, proc.stdout + proc.stderr);
    assert.match(proc.stdout, /cancelled/);
    const s = await status(repo.root);
    assert.equal(s.state, 'cancelled');
    assert.ok(s.tasks.every((t) => t.status === 'cancelled'), JSON.stringify(s.tasks));
    assert.deepEqual(agentPids().filter(isAlive), []);
    assert.deepEqual(extraWorktrees(repo), []);
    assert.deepEqual(worktreeFolders(repo), []);
    assert.equal(readJournal(repo.root).problems.length, 0);
  });
});
