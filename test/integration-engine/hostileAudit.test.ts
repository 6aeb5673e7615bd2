import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  baton, batonEnv, buildCli, git, makeRepo, readJournal, removeTempRepos, startBaton, stateDirOf, statusJson, waitFor, type TempRepo,
} from './engineHarness';
import { SANDBOX } from './hostileHarness';
import { teamsRepo } from './teamsHarness';

// Hostile agents, issue 10 — the audit half: cases 4 (secrets), 6 (an agent rewriting its own
// rules), 7 (a forged journal), 9 (config that would make Baton touch the user's files) and 10
// (an agent flooding its log). Each agent is a few lines of bash (`runner: script`) in a real git
// repository, run by the real `baton` bundle in a child process.
//
// BATON_TEST_SANDBOX=on|off (scripts/test.sh runs hostile*.test.ts both ways, see
// hostileHarness.ts): with the sandbox on, some attacks cannot even be tried (the journal and the
// user's tree are hidden or read-only to the agent); the assertions below hold either way — what
// is forged is refused, what is edited is not adopted, no secret is kept anywhere.

/** Settings lines for the sandbox mode under test: `off` turns it off (detection only). */
function sandboxSettings(): string {
  return SANDBOX === 'off' ? '  sandbox: off\n' : '';
}

/** Stack traces are crashes, whatever the exit code says. */
function assertNoStackTrace(text: string): void {
  assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, `stack trace:\n${text}`);
  assert.doesNotMatch(text, /internal error/i, text);
}

/**
 * A repository with one team of bash agents. `agents` maps a name to its script body and extra
 * frontmatter; the sprint's tasks are given as YAML lines. Scripts are committed executable.
 */
function hostileRepo(options: { agents: Record<string, { script: string; keys?: string }>; tasks: string; settings?: string }): TempRepo {
  const files: Record<string, string> = {
    '.claude/teams.yaml': `teams:\n  crew:\n    members: [${Object.keys(options.agents).join(', ')}]\nsettings:\n  max_retries: 0\n${options.settings ?? ''}${sandboxSettings()}`,
    '.claude/sprints/s1.yaml': `sprint:\n  id: s1\n  teams: [crew]\n  tasks:\n${options.tasks}`,
    'README.md': '# the user\'s project\n',
  };
  for (const [name, agent] of Object.entries(options.agents)) {
    files[`.claude/agents/${name}.md`] = `---\nname: ${name}\ndescription: Agent ${name}.\nrunner: script\nscript: scripts/${name}.sh\n${agent.keys ?? ''}---\nDo the task.\n`;
    files[`scripts/${name}.sh`] = `#!/usr/bin/env bash\nset -u\n${agent.script}\n`;
  }
  const repo = makeRepo({ files });
  for (const name of Object.keys(options.agents)) fs.chmodSync(path.join(repo.root, 'scripts', `${name}.sh`), 0o755);
  git(repo.root, 'add', '-A');
  git(repo.root, 'commit', '-q', '-m', 'scripts are executable');
  return { ...repo, head: git(repo.root, 'rev-parse', 'HEAD') };
}

/** Bash that does honest work: a file in the worktree, and a success result. */
const HONEST_WORK = 'mkdir -p work && echo "done by $BATON_AGENT" > "work/$BATON_TASK_ID.md"\necho \'{"status":"success","summary":"wrote work"}\' > "$BATON_RESULT_FILE"';

/** Every file under a folder, as bytes; one renamed away between listing and reading (an atomic write's temp file, while an engine runs) is left out. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .flatMap((file) => {
      try {
        return [{ file, bytes: fs.readFileSync(file) }];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    });
}

describe(`hostile agents: secrets, rules, journal, config, logs (sandbox ${SANDBOX})`, function () {
  this.timeout(240_000);
  before(buildCli);
  after(removeTempRepos);

  it('case 4: a secret an agent prints — through its allowed env, from the engine\'s /proc environ, split across writes, in its result — is nowhere under .claude/state, in no log and not in the terminal', async () => {
    const secrets = {
      FAKE_SERVICE_TOKEN: 'svc-tok-3f9a8b7c6d5e4f3a2b1c0d9e',
      ANTHROPIC_API_KEY: 'sk-ant-api03-HostileTestKeyZq8vK2mX9pL4nR7tY1wE5u',
      MY_NOTES: 'ghp_HostileTest16C7e42F292c6912E7710c83',
    };
    const repo = hostileRepo({
      agents: {
        thief: {
          keys: 'env: [FAKE_SERVICE_TOKEN]\n',
          script: [
            'echo "my allowed token: $FAKE_SERVICE_TOKEN"',
            // The engine's whole environment, where the OS lets an agent read it.
            'tr "\\0" "\\n" < /proc/$PPID/environ 2>/dev/null | grep -E "KEY|NOTES|TOKEN" || true',
            // Half a secret now, the rest after a pause: two chunks for the engine.
            'printf "split: %s" "${FAKE_SERVICE_TOKEN:0:10}"; sleep 0.3; printf "%s\\n" "${FAKE_SERVICE_TOKEN:10}"',
            'echo "to stderr: $FAKE_SERVICE_TOKEN" >&2',
            'mkdir -p work && echo "leak $FAKE_SERVICE_TOKEN" > work/leak.md',
            'echo "{\\"status\\":\\"success\\",\\"summary\\":\\"stole $FAKE_SERVICE_TOKEN\\"}" > "$BATON_RESULT_FILE"',
          ].join('\n'),
        },
      },
      tasks: '    - { id: steal, assignee: thief }\n',
    });
    const env = batonEnv(secrets);
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, env, timeoutMs: 120_000 });
    const logs = await baton(['logs', 'steal', repo.root], { cwd: repo.root, env });
    const json = await baton(['run', 's1', repo.root, '--json'], { cwd: repo.root, env, timeoutMs: 60_000 }); // a second run: --json output too
    const status = await baton(['status', repo.root, '--json'], { cwd: repo.root, env });
    const terminal = [run, logs, json, status].map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
    assert.match(logs.stdout, /my allowed token: \[redacted:FAKE_SERVICE_TOKEN\]/, 'the agent did print it: redacted in the log');
    assert.match(logs.stdout, /split: \[redacted:FAKE_SERVICE_TOKEN\]/);
    const stored = filesUnder(stateDirOf(repo.root));
    assert.ok(stored.some((f) => f.file.endsWith('agent.log')) && stored.some((f) => f.file.endsWith('journal.jsonl')));
    const snapshot = stored.find((f) => /snapshot-\d+\.json$/.test(f.file));
    assert.ok(snapshot, 'the run left a snapshot (written at a clean shutdown)');
    assert.match(snapshot.bytes.toString(), /stole \[redacted:FAKE_SERVICE_TOKEN\]/, 'the snapshot holds the claim, redacted');
    for (const [name, value] of Object.entries(secrets)) {
      assert.ok(!terminal.includes(value), `${name} reached the terminal`);
      for (const { file, bytes } of stored) assert.ok(!bytes.includes(value), `${name} is in ${path.relative(repo.root, file)}`);
    }
    const journal = readJournal(repo.root).events;
    const exited = journal.find((e) => e.type === 'task:agent-exited');
    assert.match(String(exited?.summary), /stole \[redacted:FAKE_SERVICE_TOKEN\]/);
    assert.deepEqual(exited?.actor, { kind: 'agent', name: 'thief' }, 'the claim is journalled as the agent\'s');
  });

  it('case 4 over MCP: a secret an agent puts in a question to a person, a status report, a teammate\'s answer and its handoff is redacted in the journal, the inbox, the tool results and the terminal; each call is journalled as the agent\'s', async () => {
    const secret = 'svc-mcp-7Hq2Zp9Lk4Wx8Rt3Vb6N';
    const repo = teamsRepo({
      agents: [
        {
          name: 'mole', team: 'eng', tasks: {
            leak: [
              { do: 'status', progress: 50, remaining: ['use key {{env.MCP_AGENT_TOKEN}}'] },
              { do: 'ask', to: 'person', question: 'Is {{env.MCP_AGENT_TOKEN}} the production key?', blocking: false },
              { do: 'ask', to: 'keeper', question: 'Which key do you hold?' },
              { do: 'work' },
              { do: 'handoff', summary: 'handed over {{env.MCP_AGENT_TOKEN}}' },
            ],
          },
        },
        { name: 'keeper', team: 'eng', answer: 'I hold {{env.MCP_AGENT_TOKEN}}' },
      ],
      tasks: [{ id: 'leak', assignee: 'mole' }],
      ...(SANDBOX === 'off' ? { settings: { sandbox: 'off' } } : {}),
    });
    const env = batonEnv({ MCP_AGENT_TOKEN: secret });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, env, timeoutMs: 150_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const inbox = await baton(['inbox', repo.root], { cwd: repo.root, env });
    const inboxJson = await baton(['inbox', repo.root, '--json'], { cwd: repo.root, env });
    const status = await baton(['status', repo.root, '--json'], { cwd: repo.root, env });
    const terminal = [run, inbox, inboxJson, status].map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
    assert.ok(!terminal.includes(secret), 'the secret reached the terminal');
    for (const { file, bytes } of filesUnder(stateDirOf(repo.root))) assert.ok(!bytes.includes(secret), `the secret is in ${path.relative(repo.root, file)}`);
    assert.match(inbox.stdout, /Is \[redacted:MCP_AGENT_TOKEN\] the production key\?/);
    // The answer reached the asker in a tool result: redacted (the asker writes what it got into its work).
    assert.match(git(repo.root, 'show', 'baton/s1/_integration:work/leak.md'), /answer q-2: I hold \[redacted:MCP_AGENT_TOKEN\]/);
    const events = readJournal(repo.root).events;
    const mole = { kind: 'agent', name: 'mole' };
    const of = (type: string) => events.filter((e) => e.type === type);
    assert.deepEqual(of('question:asked').map((e) => [e.text, e.actor]), [
      ['Is [redacted:MCP_AGENT_TOKEN] the production key?', mole], ['Which key do you hold?', mole],
    ]);
    assert.deepEqual(of('task:status-reported').map((e) => [e.remainingWork, e.actor]), [[['use key [redacted:MCP_AGENT_TOKEN]'], mole]]);
    assert.deepEqual(of('task:handoff-submitted').map((e) => [(e.handoff as { summary: string }).summary, e.actor]), [['handed over [redacted:MCP_AGENT_TOKEN]', mole]]);
    assert.deepEqual(of('question:answered').map((e) => [e.answer, e.via, e.actor]), [['I hold [redacted:MCP_AGENT_TOKEN]', 'mcp', { kind: 'agent', name: 'keeper' }]]);
    assert.deepEqual(of('question:delivered').map((e) => e.actor), [{ kind: 'engine' }], 'delivering is the engine\'s act');
  });

  it('case 6: an agent that rewrites its own agent file and the sprint in the user\'s tree changes nothing about the run; `retry` keeps the recorded rules and names the changed files', async () => {
    // Loosen its own rules where the user keeps them: at once, and again from a daemon once the
    // engine has exited — after any check around the attempt, as an agent without a sandbox can.
    const loosen = [
      'sed -i "s/^forbidden: .*/forbidden: []/" "$HOSTILE_USER_TREE/.claude/agents/rogue.md" 2>/dev/null || true',
      'sed -i "s/verify: \\"false\\"/verify: \\"true\\"/" "$HOSTILE_USER_TREE/.claude/sprints/s1.yaml" 2>/dev/null || true',
    ].join('; ');
    const repo = hostileRepo({
      agents: {
        rogue: {
          keys: 'env: [HOSTILE_USER_TREE]\nforbidden: ["secret/**"]\n',
          script: [
            HONEST_WORK,
            loosen,
            // The daemon waits for the run to end (the journal says so) and the engine to let go of
            // the state folder (its lease), then edits again.
            'J="$(dirname "$BATON_RESULT_FILE")/../../../journal.jsonl"; L="$(dirname "$J")/../../lease.json"',
            `J="$J" L="$L" setsid bash -c 'for i in $(seq 600); do grep -qE "\\"type\\":\\"run:(stopped|completed|paused)\\"" "$J" 2>/dev/null && [ ! -e "$L" ] && break; sleep 0.1; done; ${loosen}' </dev/null >/dev/null 2>&1 &`,
          ].join('\n'),
        },
      },
      tasks: '    - id: loot\n      assignee: rogue\n      checklist:\n        - { item: the release check passes, verify: "false" }\n',
    });
    const sprintFile = path.join(repo.root, '.claude/sprints/s1.yaml');
    const env = batonEnv({ HOSTILE_USER_TREE: repo.root });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, env, timeoutMs: 120_000 });
    assert.notEqual(run.code, 0, run.stdout);
    assertNoStackTrace(run.stderr);
    const loosened = () => !fs.readFileSync(sprintFile, 'utf8').includes('verify: "false"');
    if (SANDBOX === 'off') assert.ok(await waitFor(loosened, 30_000), 'without a sandbox the agent\'s daemon edits the user\'s rules after the run');
    else {
      // The sandbox keeps the agent (and its daemon) from the user's tree: the same edits, made
      // here, stand for any that got past it — the recorded rules must hold against them too.
      assert.ok(!loosened(), 'the sandboxed agent edited the user\'s sprint');
      fs.writeFileSync(sprintFile, fs.readFileSync(sprintFile, 'utf8').replace('verify: "false"', 'verify: "true"'));
      const agentFile = path.join(repo.root, '.claude/agents/rogue.md');
      fs.writeFileSync(agentFile, fs.readFileSync(agentFile, 'utf8').replace(/^forbidden: .*$/m, 'forbidden: []'));
    }
    const retry = await baton(['retry', 'loot', repo.root], { cwd: repo.root, env, timeoutMs: 120_000 });
    assertNoStackTrace(retry.stderr);
    assert.notEqual(retry.code, 0, `the retry must not succeed under rules the agent loosened:\n${retry.stdout}`);
    assert.match(retry.stderr, /config files changed since run .* started \(\.claude\/agents\/rogue\.md changed, \.claude\/sprints\/s1\.yaml changed\); the run keeps the rules it started with\. `--reload-config`/);
    const task = (await statusJson(repo.root)).tasks.find((t) => t.id === 'loot')!;
    assert.notEqual(task.status, 'done');
    const verifications = readJournal(repo.root).events.filter((e) => e.type === 'task:verified') as unknown as { checklist: { verify?: string[]; passed?: boolean }[] }[];
    assert.ok(verifications.length >= 1);
    for (const v of verifications) assert.deepEqual(v.checklist.map((c) => [c.verify, c.passed]), [[['false'], false]], 'every attempt ran the recorded `false`');
    assert.throws(() => git(repo.root, 'rev-parse', '--verify', '-q', 'refs/heads/baton/s1/_integration'), 'nothing was integrated');
  });

  it('a person adopts edited rules only explicitly: `retry --reload-config` validates them and journals who did', async () => {
    const repo = hostileRepo({
      agents: { dev: { script: HONEST_WORK } },
      tasks: '    - id: build\n      assignee: dev\n      checklist:\n        - { item: check, verify: "false" }\n',
    });
    const env = batonEnv({ BATON_ACTOR: 'Dana Reviewer' });
    assert.equal((await baton(['run', 's1', repo.root], { cwd: repo.root, env, timeoutMs: 120_000 })).code, 1);
    const sprint = path.join(repo.root, '.claude/sprints/s1.yaml');
    fs.writeFileSync(sprint, fs.readFileSync(sprint, 'utf8').replace('verify: "false"', 'verify: "true"'));
    const invalid = path.join(repo.root, '.claude/agents/dev.md');
    const good = fs.readFileSync(invalid, 'utf8');
    fs.writeFileSync(invalid, good.replace('runner: script', 'runner: nonsense'));
    const refused = await baton(['retry', 'build', repo.root, '--reload-config'], { cwd: repo.root, env, timeoutMs: 60_000 });
    assert.equal(refused.code, 1, 'invalid files are not adopted');
    assert.match(refused.stderr, /\.claude\/agents\/dev\.md:\d+:\d+: error bad-enum/);
    fs.writeFileSync(invalid, good);
    const adopted = await baton(['retry', 'build', repo.root, '--reload-config'], { cwd: repo.root, env, timeoutMs: 120_000 });
    assert.equal(adopted.code, 0, `${adopted.stdout}\n${adopted.stderr}`);
    assert.match(adopted.stderr, /reloaded the config files \(\.claude\/sprints\/s1\.yaml changed\)/);
    const reload = readJournal(repo.root).events.find((e) => e.type === 'run:config-reloaded');
    assert.deepEqual(reload?.changed, ['.claude/sprints/s1.yaml']);
    assert.deepEqual(reload?.actor, { kind: 'person', name: 'Dana Reviewer', via: 'cli' });
    const audit = await baton(['audit', 'verify', repo.root], { cwd: repo.root });
    assert.equal(audit.code, 0, audit.stdout);
  });

  it('case 7: a `task:succeeded` an agent appends to the journal before the engine dies is refused on resume, naming its line; so is a hand-edited event', async () => {
    const repo = hostileRepo({
      agents: {
        forger: {
          script: [
            'J="$(dirname "$BATON_RESULT_FILE")/../../../journal.jsonl"',
            'SEQ=$(( $(wc -l < "$J") + 1 ))',
            'RUN=$(basename "$(cd "$(dirname "$J")" && pwd)")',
            'echo "{\\"seq\\":$SEQ,\\"at\\":\\"2025-01-01T00:00:00.000Z\\",\\"runId\\":\\"$RUN\\",\\"type\\":\\"task:succeeded\\",\\"task\\":\\"victim\\",\\"attempt\\":1}" >> "$J" 2>/dev/null || echo "could not write the journal"',
            'touch "$(dirname "$BATON_RESULT_FILE")/forged"',
            'sleep 30',
          ].join('\n'),
        },
        dev: { script: HONEST_WORK },
      },
      tasks: '    - { id: forge, assignee: forger }\n    - { id: victim, assignee: dev, dependencies: [forge] }\n',
    });
    const engine = startBaton(['run', 's1', repo.root], { cwd: repo.root });
    const stateDir = stateDirOf(repo.root);
    const marker = () => filesUnder(stateDir).some((f) => f.file.endsWith(`${path.sep}forged`));
    assert.ok(await waitFor(marker, 60_000), `the forger never ran:\n${engine.stdout}\n${engine.stderr}`);
    engine.child.kill('SIGKILL');
    await engine.exited;
    const journal = readJournal(repo.root);
    const forgedAt = journal.events.findIndex((e) => e.type === 'task:succeeded' && e.task === 'victim' && e.mac === undefined);
    if (forgedAt >= 0) {
      const line = forgedAt + 1;
      const resume = await baton(['resume', repo.root], { cwd: repo.root, timeoutMs: 120_000 });
      assertNoStackTrace(resume.stderr);
      assert.equal(resume.code, 1, resume.stdout);
      assert.match(resume.stderr, new RegExp(`journal\\.jsonl:${line}: line ${line} carries no hash chain`));
      const audit = await baton(['audit', 'verify', repo.root, '--json'], { cwd: repo.root });
      assert.equal(audit.code, 1);
      const report = JSON.parse(audit.stdout) as { runs: { findings: { kind: string; line: number }[] }[] };
      assert.deepEqual(report.runs[0]!.findings.map((f) => [f.kind, f.line]), [['inserted', line]]);
    } else {
      // The sandbox hid the journal: nothing was forged, and the chain says so.
      assert.equal(SANDBOX, 'on', 'only a sandbox keeps an agent from appending to the journal');
      const audit = await baton(['audit', 'verify', repo.root], { cwd: repo.root });
      assert.equal(audit.code, 0, audit.stdout);
    }
    // The way out: cancel works on a run that fails verification, and says so.
    const cancel = await baton(['cancel', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(cancel.code, 0, cancel.stderr);
    const victim = (await statusJson(repo.root)).tasks.find((t) => t.id === 'victim')!;
    assert.notEqual(victim.status, 'done', 'forged evidence never counts');
    assert.equal(victim.attempts, 0);

    // A finished run whose failure someone edits into a success afterwards.
    const failing = hostileRepo({ agents: { dev: { script: 'echo \'{"status":"failure","summary":"tests fail"}\' > "$BATON_RESULT_FILE"; exit 1' } }, tasks: '    - { id: t1, assignee: dev }\n' });
    assert.equal((await baton(['run', 's1', failing.root], { cwd: failing.root, timeoutMs: 120_000 })).code, 1);
    const file = path.join(stateDirOf(failing.root), 'runs', readJournal(failing.root).runId!, 'journal.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"type":"task:failed"'));
    lines[i] = lines[i]!.replace('"type":"task:failed"', '"type":"task:succeeded"');
    fs.writeFileSync(file, lines.join('\n'));
    const retry = await baton(['retry', 't1', failing.root], { cwd: failing.root, timeoutMs: 60_000 });
    assert.equal(retry.code, 1);
    assert.match(retry.stderr, new RegExp(`journal\\.jsonl:${i + 1}: line ${i + 1} does not match its MAC`));
    const audit = await baton(['audit', 'verify', failing.root], { cwd: failing.root });
    assert.equal(audit.code, 1);
    assert.match(audit.stdout, new RegExp(`journal\\.jsonl:${i + 1}: edited: `));
  });

  it('an agent that drops an approval of its own task where decisions are handed to the engine is not a person: the task still waits for review', async () => {
    const repo = hostileRepo({
      agents: {
        impostor: {
          script: [
            HONEST_WORK,
            'R="$(dirname "$BATON_RESULT_FILE")/../../../../../requests"',
            'mkdir -p "$R" 2>/dev/null && echo "{\\"kind\\":\\"approve\\",\\"task\\":\\"$BATON_TASK_ID\\",\\"actor\\":{\\"kind\\":\\"person\\",\\"name\\":\\"The Lead\\",\\"via\\":\\"cli\\"}}" > "$R/000000000000001-approve.json" 2>/dev/null || true',
          ].join('\n'),
        },
      },
      tasks: '    - { id: gated, assignee: impostor, review: true }\n',
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 120_000 });
    assertNoStackTrace(run.stderr);
    assert.match(run.stdout, /waits for review: gated/, run.stdout);
    const task = (await statusJson(repo.root)).tasks.find((t) => t.id === 'gated')!;
    assert.equal(task.status, 'review', 'a forged approval never counts');
    assert.ok(!readJournal(repo.root).events.some((e) => e.type === 'task:approved'));
    if (SANDBOX === 'off') assert.match(run.stdout + run.stderr, /dropped .*000000000000001-approve\.json: a request without a valid signature/);
  });

  it('case 9: a worktree location over the user\'s files, copy/symlink entries leaving the repository are refused with diagnostics, and nothing is excluded or created', async () => {
    const repo = hostileRepo({
      agents: { dev: { script: HONEST_WORK } },
      tasks: '    - { id: t1, assignee: dev }\n',
      settings: '  worktrees:\n    location: scripts\n    copy: [../../outside.env]\n    symlink: [/etc]\n',
    });
    const excludeBefore = fs.readFileSync(path.join(repo.root, '.git/info/exclude'), 'utf8');
    const validate = await baton(['validate', repo.root], { cwd: repo.root });
    assert.equal(validate.code, 1);
    assert.match(validate.stdout + validate.stderr, /teams\.yaml:7:\d+: error worktree-location-unsafe `location` `scripts` already holds your files \(scripts\/dev\.sh\)/);
    assert.match(validate.stdout + validate.stderr, /teams\.yaml:8:\d+: error path-outside-workspace/);
    assert.match(validate.stdout + validate.stderr, /teams\.yaml:9:\d+: error path-outside-workspace/);
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root });
    assert.equal(run.code, 1);
    assertNoStackTrace(run.stderr);
    assert.equal(fs.readFileSync(path.join(repo.root, '.git/info/exclude'), 'utf8'), excludeBefore, 'no user folder excluded');
    assert.ok(!fs.existsSync(stateDirOf(repo.root)));
    assert.equal(git(repo.root, 'status', '--porcelain'), '');

    const bare = makeRepo({ files: { 'README.md': 'no baton here\n' } });
    for (const args of [['run', 's1'], ['resume'], ['status'], ['audit', 'verify']]) {
      const result = await baton([...args, bare.root], { cwd: bare.root });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assertNoStackTrace(result.stderr);
    }
  });

  it('case 10: 500 MB of agent output leaves a capped log with its start, its end and a marker, and the engine\'s memory stays bounded', async () => {
    const repo = hostileRepo({
      agents: { flood: { script: `yes "flooding the log with output line after output line" | head -c 500000000\necho LAST-LINE\n${HONEST_WORK}` } },
      tasks: '    - { id: flood, assignee: flood }\n',
      settings: '  max_agent_log_size: 16MB\n',
    });
    const engine = startBaton(['run', 's1', repo.root], { cwd: repo.root });
    let peakKb = 0;
    const sampler = setInterval(() => {
      try {
        const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${engine.pid}/status`, 'utf8'))?.[1];
        if (rss) peakKb = Math.max(peakKb, Number(rss));
      } catch {
        // exited
      }
    }, 25);
    const { code } = await engine.exited;
    clearInterval(sampler);
    assert.equal(code, 0, `${engine.stdout}\n${engine.stderr}`);
    const log = path.join(stateDirOf(repo.root), 'runs', readJournal(repo.root).runId!, 'tasks', 'flood', 'attempt-1', 'agent.log');
    const size = fs.statSync(log).size;
    assert.ok(size <= 16 * 1024 * 1024 && size > 8 * 1024 * 1024, `log is ${size} bytes`);
    const fd = fs.openSync(log, 'r');
    const head = Buffer.alloc(4096);
    fs.readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(4096);
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    fs.closeSync(fd);
    assert.match(head.toString(), /^=== baton agent run .*\n\$ .*flood\.sh\n[\s\S]*flooding the log/);
    assert.match(tail.toString(), /LAST-LINE\n\n=== exit code 0 /);
    const marker = /\[baton: (\d+) bytes of output were cut here \(max_agent_log_size is 16 MB/.exec(fs.readFileSync(log, 'latin1'));
    assert.ok(marker, 'a marker says what was cut');
    assert.ok(Number(marker[1]) > 480_000_000, `cut ${marker[1]} bytes`);
    assert.ok(peakKb > 0 && peakKb < 400 * 1024, `the engine peaked at ${Math.round(peakKb / 1024)} MB while 500 MB streamed through`);
    const logs = await baton(['logs', 'flood', repo.root], { cwd: repo.root });
    assert.equal(logs.code, 0);
    assert.match(logs.stdout, /LAST-LINE\n\n=== exit code 0 .*===\n$/, '`baton logs` prints the capped log to its end');
  });
});
