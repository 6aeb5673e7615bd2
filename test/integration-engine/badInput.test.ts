import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  baton, batonEnv, buildCli, extraWorktrees, makeRepo, removeTempRepos, startBaton, statusJson, waitFor,
  withTimeout, type TempRepo,
} from './engineHarness';
import { fixtureAgent, workspaceFiles } from './workspaceFiles';

// "Bad input: an invalid workspace is refused with its diagnostics before anything runs; a
// missing agent binary, a script that is not executable, a worktree folder deleted under a
// running task each end in a clear, named failure — never a hang or a stack trace."

/** A stack trace on stderr is a crash, whatever the exit code says. */
function assertNoStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at .+\(.+:\d+:\d+\)$/m, `stack trace on stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, /internal error/i, stderr);
}

function taskOf(status: Awaited<ReturnType<typeof statusJson>>, id: string) {
  const task = status.tasks.find((t) => t.id === id);
  assert.ok(task, `no task ${id} in ${JSON.stringify(status)}`);
  return task;
}

const oneTask = (keys: string, observed = false): TempRepo => makeRepo({
  observed,
  files: workspaceFiles({ agents: [{ name: 'worker', keys }], tasks: [{ id: 'build', assignee: 'worker' }] }),
});

describe('bad input ends in a clear, named failure', function () {
  this.timeout(60_000);
  before(buildCli);
  after(removeTempRepos);

  it('refuses an invalid workspace with compiler-style diagnostics, before creating anything', async () => {
    const files = workspaceFiles({ agents: [{ name: 'worker', keys: fixtureAgent('work') }], tasks: [{ id: 'build', assignee: 'worker', dependencies: ['nope'] }] });
    const repo = makeRepo({ files });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^\.claude\/sprints\/s1\.yaml:\d+:\d+: error unknown-task .*`nope`/m);
    assert.match(run.stderr, /nothing was run/);
    assertNoStackTrace(run.stderr);
    assert.ok(!fs.existsSync(path.join(repo.root, '.claude', 'state')), 'no state folder');
    assert.ok(!fs.existsSync(repo.worktreesDir), 'no worktree folder');
    assert.deepEqual(extraWorktrees(repo), []);
  });

  it('fails a task whose `runner: command` program does not exist, naming the program', async () => {
    const repo = oneTask('runner: command\ncommand: [baton-no-such-agent-program, "{prompt_file}"]');
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 30_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /failed +build: .*agent command `baton-no-such-agent-program` was not found on PATH/);
    assertNoStackTrace(run.stderr);
    const task = taskOf(await statusJson(repo.root), 'build');
    assert.equal(task.status, 'failed');
    assert.match(task.reason ?? '', /baton-no-such-agent-program/);
  });

  it('fails a `runner: claude-code` task when `claude` is not on PATH, naming it', async () => {
    const repo = oneTask('runner: claude-code');
    // PATH holds git and nothing else, so `claude` cannot be found whatever this machine has.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bin-'));
    try {
      const gitPath = ['/usr/bin/git', '/usr/local/bin/git', '/opt/homebrew/bin/git'].find((p) => fs.existsSync(p));
      assert.ok(gitPath, 'git not found');
      fs.symlinkSync(gitPath, path.join(bin, 'git'));
      const run = await baton(['run', 's1', repo.root], { cwd: repo.root, env: batonEnv({ PATH: bin }), timeoutMs: 30_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /failed +build: .*agent command `claude` was not found on PATH/);
      assertNoStackTrace(run.stderr);
      assert.equal(taskOf(await statusJson(repo.root), 'build').status, 'failed');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('fails a task whose `runner: script` shell script is not executable, naming the file', async () => {
    const repo = makeRepo({
      files: {
        ...workspaceFiles({ agents: [{ name: 'worker', keys: 'runner: script\nscript: scripts/agent.sh' }], tasks: [{ id: 'build', assignee: 'worker' }] }),
        'scripts/agent.sh': '#!/bin/sh\necho "I would have worked"\n',
      },
    });
    fs.chmodSync(path.join(repo.root, 'scripts', 'agent.sh'), 0o644);
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 30_000 });
    assert.equal(run.code, 1, run.stderr);
    assertNoStackTrace(run.stderr);
    const task = taskOf(await statusJson(repo.root), 'build');
    assert.equal(task.status, 'failed');
    assert.match(task.reason ?? '', /agent\.sh` is not executable \(chmod \+x it\)/);
  });

  it('fails a task whose worktree folder is deleted while its agent runs, and ends the run', async () => {
    const repo = oneTask(fixtureAgent('work', '3000'), true);
    const pids = path.join(repo.base, 'pids');
    fs.mkdirSync(pids);
    const started = Date.now();
    const proc = startBaton(['run', 's1', repo.root], { cwd: repo.root, env: batonEnv({ BATON_FIXTURE_PIDS: pids }) });
    assert.ok(await waitFor(() => fs.readdirSync(pids).length > 0, 15_000), 'the agent started');
    fs.rmSync(path.join(repo.worktreesDir, 's1', 'build'), { recursive: true, force: true });
    const { code } = await withTimeout(proc.exited, 30_000, 'baton run hung after its worktree was deleted');
    assert.equal(code, 1, proc.stderr);
    assertNoStackTrace(proc.stderr);
    const task = taskOf(await statusJson(repo.root), 'build');
    assert.ok(task.status === 'failed' || task.status === 'blocked', task.status);
    assert.match(task.reason ?? '', /worktree/);
    assert.match(proc.stdout, /(failed|blocked) +build: .*worktree/);
    assert.ok(Date.now() - started >= 3000, 'the agent ran until it was done');
  });

  it('exits 2 for an unknown sprint, suggesting the closest one', async () => {
    const repo = oneTask(fixtureAgent('work'));
    const run = await baton(['run', 's2', repo.root], { cwd: repo.root });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No sprint `s2`\. Did you mean `s1`\?/);
    assertNoStackTrace(run.stderr);
  });

  it('exits 2 outside a git repository, saying so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-nogit-'));
    try {
      for (const [file, text] of Object.entries(workspaceFiles({ agents: [{ name: 'worker', keys: fixtureAgent('work') }], tasks: [{ id: 'build', assignee: 'worker' }] }))) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      // GIT_CEILING_DIRECTORIES: a temp folder inside someone's repository is still "no repository" here.
      const run = await baton(['run', 's1', dir], { cwd: dir, env: batonEnv({ GIT_CEILING_DIRECTORIES: path.dirname(dir) }) });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /is not in a git repository/);
      assertNoStackTrace(run.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 for `baton resume` with nothing to resume', async () => {
    const repo = oneTask(fixtureAgent('work'));
    const run = await baton(['resume', repo.root], { cwd: repo.root });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no unfinished run to resume/);
  });
});
