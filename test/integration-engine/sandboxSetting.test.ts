import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baton, batonEnv, buildCli, git, readJournal, removeTempRepos } from './engineHarness';
import { assertUntouched, hostileRepo, userState, type ScriptedAgent } from './hostileHarness';

// `settings.sandbox` on a machine without bubblewrap: a PATH holding only the programs the run
// needs (git, bash, dirname) stands for a host where `bwrap` is not installed.
describe('settings.sandbox where bubblewrap is missing', function () {
  this.timeout(120_000);
  let bin: string;
  before(() => {
    buildCli();
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-nobwrap-'));
    for (const program of ['git', 'bash', 'dirname']) fs.symlinkSync(which(program), path.join(bin, program));
  });
  after(() => {
    removeTempRepos();
    fs.rmSync(bin, { recursive: true, force: true });
  });

  const worker: ScriptedAgent = { name: 'worker', script: 'echo work > work.txt\nsucceed "did the work"' };
  const env = () => batonEnv({ PATH: bin });

  it('`required` refuses to run, naming the setting\'s file and line, the reason and the fix; nothing is written', async () => {
    const repo = hostileRepo({ agents: [worker], tasks: [{ id: 'job', assignee: 'worker' }], settings: ['sandbox: required'] });
    const before = userState(repo);
    const result = await baton(['run', 's1', repo.root], { cwd: repo.root, env: env() });
    const out = `${result.stdout}\n${result.stderr}`;
    assert.notEqual(result.code, 0, out);
    const line = fs.readFileSync(path.join(repo.root, '.claude', 'teams.yaml'), 'utf8').split('\n').findIndex((l) => l.trim().startsWith('sandbox:')) + 1;
    assert.match(result.stderr, new RegExp(`\\.claude/teams\\.yaml:${line}:\\d+: settings\\.sandbox is \`required\`, but bubblewrap \\(\`bwrap\`\\) is not installed: \`apt-get install bubblewrap\``), out);
    assert.match(result.stderr, /Nothing was run\. .*set `sandbox: auto`/, out);
    assert.doesNotMatch(out, /\n\s+at /, 'no stack trace');
    assert.ok(!fs.existsSync(path.join(repo.root, '.claude', 'state')), 'the state folder was created');
    assert.equal(git(repo.root, 'worktree', 'list').split('\n').length, 1, 'no worktree was made');
    assertUntouched(repo, before, out);
  });

  it('`auto` runs without a sandbox, warning once that agents can read and write anything the user can', async () => {
    const repo = hostileRepo({ agents: [worker], tasks: [{ id: 'a', assignee: 'worker' }, { id: 'b', assignee: 'worker' }] });
    const result = await baton(['run', 's1', repo.root], { cwd: repo.root, env: env() });
    const out = `${result.stdout}\n${result.stderr}`;
    assert.equal(result.code, 0, out);
    const warnings = out.match(/WARNING: agents run without a sandbox — bubblewrap \(`bwrap`\) is not installed[^\n]*/g) ?? [];
    assert.equal(warnings.length, 1, out);
    assert.match(warnings[0]!, /They can read and write anything you can; Baton checks your branches, HEAD, index and working tree around every attempt/);
    const said = readJournal(repo.root).events.filter((e) => e.type === 'run:sandbox');
    assert.deepEqual(said.map((e) => e.mode), ['unavailable']);
  });

  it('`off` says the setting turned it off, even where bubblewrap is installed', async () => {
    const repo = hostileRepo({ agents: [worker], tasks: [{ id: 'a', assignee: 'worker' }], settings: ['sandbox: off'] });
    const result = await baton(['run', 's1', repo.root], { cwd: repo.root, env: batonEnv() });
    const out = `${result.stdout}\n${result.stderr}`;
    assert.equal(result.code, 0, out);
    assert.equal(out.match(/WARNING: agents run without a sandbox — settings\.sandbox is off in teams\.yaml/g)?.length, 1, out);
  });
});

function which(program: string): string {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${program} is not on PATH`);
}
