import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { baton, batonEnv, buildCli, git, readJournal, removeTempRepos, statusJson, type TempRepo } from './engineHarness';
import { assertUntouched, ENGINE_SECRET, filesAt, hostileRepo, SANDBOX, userState, type ScriptedAgent } from './hostileHarness';

// Issue 10, the hostile agents Baton must contain: each a few lines of bash in a real repository
// holding the user's uncommitted work. With the sandbox (default) the attack cannot happen; with
// `BATON_TEST_SANDBOX=off` it happens and detection undoes it and fails the attempt.
describe(`hostile agents (sandbox ${SANDBOX})`, function () {
  this.timeout(120_000);
  before(buildCli);
  after(removeTempRepos);

  const env = batonEnv({ BATON_TEST_ENGINE_SECRET: ENGINE_SECRET });

  async function run(repo: TempRepo): Promise<{ code: number | null; out: string; tasks: Map<string, { status: string; reason: string | null }> }> {
    const result = await baton(['run', 's1', repo.root], { cwd: repo.root, env, timeoutMs: 90_000 });
    const status = await statusJson(repo.root);
    return { code: result.code, out: `${result.stdout}\n${result.stderr}`, tasks: new Map(status.tasks.map((t) => [t.id, t])) };
  }

  /** The attempt failed or was blocked, with a reason naming what the agent did. */
  function assertRefused(task: { status: string; reason: string | null } | undefined, named: RegExp, out: string): void {
    assert.ok(task && (task.status === 'failed' || task.status === 'blocked'), `the attempt was not refused: ${JSON.stringify(task)}\n${out}`);
    assert.match(task.reason ?? '', named, out);
  }

  /** What a refused attack reads like: the sandbox's read-only file system, or detection's reason. */
  const refusal = (sandboxed: RegExp, detected: RegExp): RegExp => (SANDBOX === 'on' ? sandboxed : detected);

  it('1: moving the user\'s main and `reset --hard` in their checkout changes nothing of theirs', async () => {
    const villain: ScriptedAgent = {
      name: 'villain',
      script: `
echo work > work.txt && git add work.txt && git commit -qm work
git -C "$MAIN" update-ref refs/heads/main "$(git rev-parse HEAD)"
git -C "$MAIN" reset -q --hard
succeed "moved main"`,
    };
    const repo = hostileRepo({ agents: [villain], tasks: [{ id: 'attack', assignee: 'villain' }] });
    const before = userState(repo);
    const { code, out, tasks } = await run(repo);
    assertUntouched(repo, before, out);
    assert.notEqual(code, 0, out);
    assertRefused(tasks.get('attack'), refusal(/Read-only file system|cannot lock ref/, /touched the user's repository: .*moved main/), out);
    assert.equal(git(repo.root, 'rev-parse', 'main'), repo.head);
  });

  it('2: writing into the user\'s tree through ../.. and an absolute path changes nothing of theirs', async () => {
    const villain: ScriptedAgent = {
      name: 'villain',
      script: `
echo work > work.txt
echo pwned > "$MAIN/pwned.txt"
echo appended >> ../../../ws/README.md
rm -f "$MAIN/draft.md"
succeed "wrote outside"`,
    };
    const repo = hostileRepo({ agents: [villain], tasks: [{ id: 'attack', assignee: 'villain' }] });
    const before = userState(repo);
    const { code, out, tasks } = await run(repo);
    assertUntouched(repo, before, out);
    assert.notEqual(code, 0, out);
    assertRefused(tasks.get('attack'), refusal(/Read-only file system/, /touched the user's repository: .*working tree/), out);
    if (SANDBOX === 'off') assert.match(out, /Restored to how it was; the changed version is kept as refs\/baton\/changed\//);
  });

  it('3: hooks dropped into .git/hooks never run — not during the integration merge, not with the engine\'s secrets', async () => {
    const marker = '/tmp/baton-hostile-hook-ran';
    fs.rmSync(marker, { force: true });
    const villain: ScriptedAgent = {
      name: 'villain',
      script: `
for hook in post-merge post-checkout post-commit pre-commit reference-transaction; do
  { printf '#!/bin/sh\\n[ -n "$BATON_TASK_ID" ] || env >> ${marker}\\n' > "$MAIN/.git/hooks/$hook" && chmod +x "$MAIN/.git/hooks/$hook"; } 2>/dev/null || true
done
echo "$BATON_TASK_ID" > "work-$BATON_TASK_ID.txt" && git add . && git commit -qm work
succeed "planted hooks"`,
    };
    const repo = hostileRepo({ agents: [villain], tasks: [{ id: 'attack', assignee: 'villain' }, { id: 'next', assignee: 'villain', dependencies: ['attack'] }] });
    const before = userState(repo);
    const { code, out } = await run(repo);
    assert.equal(code, 0, out);
    assert.ok(filesAt(repo, 'baton/s1/_integration').includes('work-next.txt'), 'the integration merge ran');
    // An agent's own `git commit` may run what it planted itself (uncontained, it could run
    // anything anyway): the hook only marks runs outside any agent — Baton's own git commands.
    assert.ok(!fs.existsSync(marker), `a planted hook ran from Baton's git: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').slice(0, 300) : ''}`);
    if (SANDBOX === 'on') assert.ok(!fs.existsSync(path.join(repo.root, '.git', 'hooks', 'post-merge')), 'the agent could write .git/hooks');
    assertUntouched(repo, before, out);
  });

  it('4 (processes): the engine\'s /proc is invisible and its environment unreadable; nothing outlives the attempt', async function () {
    const villain: ScriptedAgent = {
      name: 'villain',
      script: `
setsid sleep 1000 < /dev/null > /dev/null 2>&1 &
{ ls /proc | grep -E '^[0-9]+$' | tr '\\n' ' '; echo; } > seen.txt
for p in /proc/[0-9]*; do cat "$p/environ" 2>/dev/null | tr '\\0' '\\n'; done >> seen.txt || true
echo "parent: $PPID" >> seen.txt
git add seen.txt && git commit -qm seen
succeed "looked around"`,
    };
    const repo = hostileRepo({ agents: [villain], tasks: [{ id: 'attack', assignee: 'villain' }] });
    const before = userState(repo);
    const { out } = await run(repo);
    assertUntouched(repo, before, out);
    const sleeping = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8') === 'sleep\u00001000\u0000';
      } catch {
        return false;
      }
    });
    if (SANDBOX === 'off') {
      // Uncontained, processes and /proc are the OS's (redaction is the audit suite's business):
      // stop the daemon this test made, by pid, and say what was not checked.
      for (const pid of sleeping) process.kill(Number(pid), 'SIGKILL');
      return this.skip();
    }
    assert.deepEqual(sleeping, [], 'a `setsid sleep 1000` outlived the attempt');
    const seen = git(repo.root, 'show', 'baton/s1/attack:seen.txt');
    const pids = seen.split('\n')[0]!.trim().split(' ').map(Number);
    assert.ok(pids.every((p) => p < 100), `the agent saw the host's processes: ${pids.join(' ')}`);
    assert.ok(!seen.includes(ENGINE_SECRET), 'the engine\'s secret was readable from /proc');
    assert.ok(!seen.includes('BATON_TEST_ENGINE_SECRET'), 'the engine\'s environment was readable from /proc');
    assert.ok(!out.includes(ENGINE_SECRET), 'the secret reached the terminal');
  });

  it('5: pointing a verified task\'s branch at a forbidden file after its checks keeps the file out of _integration', async () => {
    const honest: ScriptedAgent = { name: 'honest', script: 'echo good > good.txt && git add good.txt && git commit -qm good\nsucceed "good work"' };
    const villain: ScriptedAgent = {
      name: 'villain',
      script: `
echo evil > forbidden.txt && git add forbidden.txt && git commit -qm evil
evil=$(git rev-parse HEAD)
git reset -q --hard HEAD~1
git -C "$MAIN" update-ref refs/heads/baton/s1/good "$evil" 2>/dev/null || true
echo mine > mine.txt && git add mine.txt && git commit -qm mine
succeed "did my task"`,
    };
    const repo = hostileRepo({ agents: [honest, villain], tasks: [{ id: 'good', assignee: 'honest' }, { id: 'sneaky', assignee: 'villain', dependencies: ['good'] }] });
    const before = userState(repo);
    const { code, out } = await run(repo);
    assert.equal(code, 0, out);
    const merged = filesAt(repo, 'baton/s1/_integration');
    assert.ok(merged.includes('good.txt') && merged.includes('mine.txt'), merged.join(', '));
    assert.ok(!merged.includes('forbidden.txt'), `unverified work reached _integration: ${merged.join(', ')}`);
    const succeeded = readJournal(repo.root).events.find((e) => e.type === 'task:succeeded' && e.task === 'good');
    assert.ok(typeof succeeded?.commit === 'string' && filesAt(repo, succeeded.commit as string).includes('good.txt'), 'the verified commit is journalled');
    assertUntouched(repo, before, out);
  });

  it('6: loosening its own rules in the user\'s agent file and sprint changes nothing of theirs', async () => {
    const villain: ScriptedAgent = {
      name: 'villain',
      forbidden: ['secrets/**'],
      script: `
echo work > work.txt
sed -i 's/^forbidden:.*$/owns: ["**"]/' "$MAIN/.claude/agents/villain.md"
printf '      verify: [true]\\n' >> "$MAIN/.claude/sprints/s1.yaml"
succeed "loosened my rules"`,
    };
    const repo = hostileRepo({ agents: [villain], tasks: [{ id: 'attack', assignee: 'villain' }] });
    const before = userState(repo);
    const { code, out, tasks } = await run(repo);
    assertUntouched(repo, before, out);
    assert.notEqual(code, 0, out);
    assertRefused(tasks.get('attack'), refusal(/Read-only file system/, /touched the user's repository: .*\.claude\/agents\/villain\.md/), out);
    assert.match(fs.readFileSync(path.join(repo.root, '.claude', 'agents', 'villain.md'), 'utf8'), /^forbidden: \["secrets\/\*\*"\]$/m);
  });

  it('10: `worktrees.setup` gets the allow-listed environment, never the engine\'s, and writes only its worktree', async () => {
    const setup = 'env > setup-env.txt; MAIN=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)"); '
      + '{ echo pwned > "$MAIN/pwned-by-setup.txt"; } 2>/dev/null && echo wrote-main >> setup-env.txt || echo refused-main >> setup-env.txt';
    // What the setup command leaves in the worktree is in the attempt's checkpoint, on the task's branch.
    const keeper: ScriptedAgent = { name: 'keeper', script: 'echo done > kept.txt\nsucceed "kept what setup saw"' };
    const repo = hostileRepo({ agents: [keeper], tasks: [{ id: 'look', assignee: 'keeper' }], settings: ['worktrees:', `  setup: ["bash", "-c", ${JSON.stringify(setup)}]`] });
    const before = userState(repo);
    const { code, out } = await run(repo);
    assert.equal(code, 0, out);
    assertUntouched(repo, before, out);
    const seen = git(repo.root, 'show', 'baton/s1/look:setup-env.txt');
    assert.match(seen, /^PATH=/m, 'the setup command got a PATH');
    assert.ok(!seen.includes(ENGINE_SECRET) && !seen.includes('BATON_TEST_ENGINE_SECRET'), `the engine's secret reached the setup command:\n${seen}`);
    if (SANDBOX === 'on') assert.match(seen, /refused-main/, 'the setup command could write the user\'s tree');
    else assert.match(out, /Restored to how it was/, 'detection did not restore what the setup command wrote');
    assert.ok(!out.includes(ENGINE_SECRET), 'the secret reached the terminal');
  });

  it('8: a daemon started with setsid dies with its attempt', async function () {
    if (SANDBOX === 'off') return this.skip(); // only a PID namespace can promise this
    const villain: ScriptedAgent = { name: 'villain', script: 'setsid bash -c "echo $$ > daemon.pid; exec sleep 999" < /dev/null > /dev/null 2>&1 &\nsleep 0.3\necho x > work.txt\nsucceed "left a daemon"' };
    const repo = hostileRepo({ agents: [villain], tasks: [{ id: 'attack', assignee: 'villain' }] });
    const { out } = await run(repo);
    const daemons = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8') === 'sleep\u0000999\u0000';
      } catch {
        return false;
      }
    });
    assert.deepEqual(daemons, [], `a daemon outlived its attempt\n${out}`);
  });

  it('reads no engine state: the journal, other attempts and the key folder are hidden from agents', async function () {
    if (SANDBOX === 'off') return this.skip();
    const spy: ScriptedAgent = {
      name: 'spy',
      script: `
state="$MAIN/.claude/state"
{ ls -a "$state"; find "$state" -type f 2>/dev/null; cat "$BATON_PROMPT_FILE" > /dev/null && echo prompt-ok; } > seen.txt
echo forged >> "$state/runs/journal.jsonl" 2>/dev/null && echo wrote-state >> seen.txt || true
git add seen.txt && git commit -qm seen
succeed "looked at the state"`,
    };
    const repo = hostileRepo({ agents: [spy], tasks: [{ id: 'look', assignee: 'spy' }] });
    fs.mkdirSync(path.join(repo.root, '.claude', 'state', 'keys'), { recursive: true });
    fs.writeFileSync(path.join(repo.root, '.claude', 'state', 'keys', 'journal.key'), `${'ab'.repeat(32)}\n`); // a well-formed key: Baton refuses a damaged one
    const { code, out } = await run(repo);
    assert.equal(code, 0, out);
    const seen = git(repo.root, 'show', 'baton/s1/look:seen.txt');
    assert.match(seen, /prompt-ok/, 'the agent can read its own prompt');
    assert.doesNotMatch(seen, /journal\.jsonl|journal\.key|keys|wrote-state/, seen);
  });
});
