import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { baton, batonEnv, buildCli, git, makeRepo, REPO_ROOT, liveAgentsUnder, readJournal, removeTempRepos, sleep, startBaton, statusJson, waitFor, type JournalEvent } from './engineHarness';
import { journalled, teamsRepo } from './teamsHarness';

// Teams that talk (issue 12), through real agent processes speaking MCP: every agent here is
// the scripted MCP client (examples/teams-talk/scripts/mcp-agent.mjs), a real process using the
// SDK's Streamable HTTP client against the MCP server the engine starts for the run, with its
// per-attempt bearer token. The real `baton` bundle runs in child processes.

const seqOf = (events: readonly JournalEvent[], type: string, match: (e: JournalEvent) => boolean = () => true): number => events.find((e) => e.type === type && match(e))?.seq ?? -1;

interface StatusTask { id: string; status: string; progress: { percent: number | null; status: string } | null }

describe('teams that talk: questions, status, roles, subscriptions, emergencies (scripted MCP agents)', function () {
  this.timeout(180_000);
  before(buildCli);
  after(removeTempRepos);

  it('an agent asks a running teammate and gets the answer in its next tool result; an idle one answers in an answer attempt', async () => {
    const repo = teamsRepo({
      agents: [
        { name: 'fe', team: 'eng', tasks: { ui: [{ do: 'ask', to: 'be', question: 'Which Server Actions exist?' }, { do: 'ask', to: 'design', question: 'Which colour for errors?' }, { do: 'work' }] } },
        { name: 'be', team: 'eng', specialties: ['backend'], tasks: { api: [{ do: 'answer-inbox' }, { do: 'work' }] }, answer: 'createUser, updateUser' },
        { name: 'ux', team: 'eng', specialties: ['design'], answer: 'Red 600' },
      ],
      tasks: [{ id: 'api', assignee: 'be' }, { id: 'ui', assignee: 'fe' }],
      settings: { max_parallel_agents: 2 },
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const delivered = journalled(repo.root, 'question:delivered');
    assert.deepEqual(delivered.map((e) => [e.question, e.agent, e.via]), [['q-1', 'be', 'tool-result'], ['q-2', 'ux', 'answer-attempt']]);
    const answers = journalled(repo.root, 'question:answered');
    assert.deepEqual(answers.map((e) => [e.question, e.by, e.via, e.answer]), [['q-1', 'be', 'mcp', 'createUser, updateUser'], ['q-2', 'ux', 'mcp', 'Red 600']]);
    assert.deepEqual(answers.map((e) => e.actor), [{ kind: 'agent', name: 'be' }, { kind: 'agent', name: 'ux' }]);
    assert.deepEqual(journalled(repo.root, 'question:asked').map((e) => e.actor), [{ kind: 'agent', name: 'fe' }, { kind: 'agent', name: 'fe' }]);
    const work = git(repo.root, 'show', 'baton/s1/_integration:work/ui.md');
    assert.match(work, /answer q-1: createUser, updateUser/);
    assert.match(work, /answer q-2: Red 600/);
  });

  it('a blocking question to a person parks only its task; independent tasks finish; `baton answer` resumes it in the live run', async () => {
    const repo = teamsRepo({
      agents: [
        { name: 'fe', team: 'eng', tasks: { ui: [{ do: 'ask', to: 'person', question: 'Redis or PostgreSQL for tokens?' }, { do: 'work' }] } },
        { name: 'be', team: 'eng', tasks: { slow: [{ do: 'sleep', ms: 8000 }, { do: 'work' }], quick: [{ do: 'work' }] } },
      ],
      tasks: [{ id: 'ui', assignee: 'fe' }, { id: 'slow', assignee: 'be' }, { id: 'quick', assignee: 'be' }, { id: 'after-ui', assignee: 'be', dependencies: ['ui'] }],
    });
    const proc = startBaton(['run', 's1', repo.root], { cwd: repo.root });
    assert.ok(await waitFor(() => journalled(repo.root, 'task:waiting').length > 0, 60_000), proc.stdout + proc.stderr);
    const status = await statusJson(repo.root) as unknown as { tasks: StatusTask[]; openQuestions: number };
    assert.equal(status.tasks.find((t) => t.id === 'ui')?.status, 'waiting');
    assert.equal(status.openQuestions, 1);
    const inbox = JSON.parse((await baton(['inbox', repo.root, '--json'], { cwd: repo.root })).stdout) as { questions: Record<string, unknown>[] };
    assert.deepEqual(inbox.questions.map((q) => [q.id, q.asker, q.addressee, q.text, q.status, q.parksTask]), [['q-1', 'fe', 'person', 'Redis or PostgreSQL for tokens?', 'open', true]]);
    assert.ok(await waitFor(() => journalled(repo.root, 'task:succeeded').some((e) => e.task === 'quick'), 60_000), 'an independent task finished while ui waited');
    const answer = await baton(['answer', 'q-1', 'Redis, 15 minute TTL', repo.root, '--by', 'alice'], { cwd: repo.root });
    assert.equal(answer.code, 0, answer.stdout + answer.stderr);
    assert.match(answer.stdout, /took it/);
    const { code } = await proc.exited;
    assert.equal(code, 0, proc.stdout + proc.stderr);
    const events = readJournal(repo.root).events;
    assert.ok(seqOf(events, 'task:succeeded', (e) => e.task === 'quick') < seqOf(events, 'question:answered'));
    assert.deepEqual(journalled(repo.root, 'question:answered').map((e) => [e.by, e.via, e.actor]), [['alice', 'person', { kind: 'person', name: 'alice', via: 'cli' }]], 'the answer handed to the running engine is signed and journalled as the person\'s');
    assert.equal((await statusJson(repo.root)).state, 'completed');
    const ui = readJournal(repo.root).events.filter((e) => e.type === 'task:started' && e.task === 'ui').map((e) => e.attempt);
    assert.deepEqual(ui, [1, 2], 'the parked attempt was continued by a second one');
    const summary = journalled(repo.root, 'task:succeeded').find((e) => e.task === 'ui')?.summary;
    assert.match(String(summary), /q-1: Redis, 15 minute TTL/);
  });

  it('a non-blocking question lets the asker finish first; the answer comes later', async () => {
    const repo = teamsRepo({
      agents: [
        { name: 'fe', team: 'eng', tasks: { ui: [{ do: 'ask', to: 'be', question: 'Any naming rules?', blocking: false }, { do: 'work' }] } },
        { name: 'be', team: 'eng', answer: 'camelCase', answerDelayMs: 3000 },
      ],
      tasks: [{ id: 'ui', assignee: 'fe' }],
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const events = readJournal(repo.root).events;
    const done = seqOf(events, 'task:succeeded', (e) => e.task === 'ui');
    const answered = seqOf(events, 'question:answered');
    assert.ok(done > 0 && answered > done, `ui finished (seq ${done}) before the answer (seq ${answered})`);
    assert.equal(events.find((e) => e.type === 'question:asked')?.blocking, false);
  });

  it('report_status progress shows live in `baton status --json`', async () => {
    const repo = teamsRepo({
      agents: [{ name: 'fe', team: 'eng', tasks: { ui: [{ do: 'status', progress: 40, status: 'building', remaining: ['forms'] }, { do: 'sleep', ms: 6000 }, { do: 'work' }] } }],
      tasks: [{ id: 'ui', assignee: 'fe' }],
    });
    const proc = startBaton(['run', 's1', repo.root], { cwd: repo.root });
    assert.ok(await waitFor(() => journalled(repo.root, 'task:status-reported').length > 0, 60_000));
    const seen = ((await statusJson(repo.root)) as unknown as { tasks: StatusTask[] }).tasks.find((t) => t.id === 'ui');
    assert.equal(seen?.status, 'running');
    assert.deepEqual([seen?.progress?.percent, seen?.progress?.status], [40, 'building']);
    assert.equal((await proc.exited).code, 0, proc.stdout + proc.stderr);
  });

  it("a team member's attempts to update another task or create a task are denied and journalled; an orchestrator's are not", async () => {
    const repo = teamsRepo({
      agents: [
        { name: 'lead', team: 'eng', orchestrator: true, tasks: { plan: [{ do: 'try', tool: 'create_task', args: { id: 'extra', title: 'Extra work', assignee: 'dev' } }, { do: 'work' }] } },
        { name: 'dev', team: 'eng', tasks: { api: [{ do: 'try', tool: 'report_status', args: { task: 'plan', status: 'hijacked', progress: 100 } }, { do: 'try', tool: 'create_task', args: { id: 'sneaky', title: 'Sneaky' } }, { do: 'work' }], '*': [{ do: 'work' }] } },
      ],
      tasks: [{ id: 'plan', assignee: 'lead' }, { id: 'api', assignee: 'dev' }],
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const denied = journalled(repo.root, 'access:denied');
    assert.deepEqual(denied.map((e) => [(e.caller as { agent: string }).agent, (e.caller as { role: string }).role, e.tool]), [['dev', 'team_member', 'report_status'], ['dev', 'team_member', 'create_task']]);
    assert.ok(!journalled(repo.root, 'task:status-reported').some((e) => e.task === 'plan'), 'the other task was not updated');
    assert.deepEqual(journalled(repo.root, 'task:created').map((e) => e.task), ['extra']);
    const status = await statusJson(repo.root);
    assert.deepEqual(status.tasks.map((t) => [t.id, t.status]).sort(), [['api', 'done'], ['extra', 'done'], ['plan', 'done']]);
    const inbox = JSON.parse((await baton(['inbox', repo.root, '--json'], { cwd: repo.root })).stdout) as { denials: unknown[] };
    assert.equal(inbox.denials.length, 2);
  });

  it("a hostile agent cannot use another attempt's token once that attempt has ended", async () => {
    const repo = teamsRepo({
      agents: [
        { name: 'leaker', team: 'eng', tasks: { first: [{ do: 'leak-token', file: '/dev/null' }, { do: 'work' }] } },
        { name: 'thief', team: 'eng', tasks: { second: [{ do: 'work' }] } },
      ],
      tasks: [{ id: 'first', assignee: 'leaker' }, { id: 'second', assignee: 'thief', dependencies: ['first'] }],
    });
    // In the sandbox an agent writes only its worktree: the leaker leaves its token there, it is
    // committed with its work and merged into the thief's worktree; the thief's verdict lands in its own.
    const leaked = path.join(repo.worktreesDir, 's1', 'first', 'token');
    const token = path.join(repo.worktreesDir, 's1', 'second', 'token');
    const out = path.join(repo.worktreesDir, 's1', 'second', 'reuse');
    const agents = path.join(repo.root, '.claude', 'agents');
    for (const [name, steps] of [['leaker', [{ do: 'leak-token', file: leaked }, { do: 'work' }]], ['thief', [{ do: 'reuse-token', file: token, out }, { do: 'work' }]]] as const) {
      const file = path.join(agents, `${name}.md`);
      const plan = JSON.stringify({ tasks: { [name === 'leaker' ? 'first' : 'second']: steps } });
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/command: .*/, `command: ${JSON.stringify(['node', '{workspace}/scripts/mcp-agent.mjs', plan])}`));
    }
    git(repo.root, 'commit', '-qam', 'hostile steps');
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(git(repo.root, 'show', 'baton/s1/second:reuse'), /^refused .*a valid bearer token for this attempt is required/);
    assert.ok(!journalled(repo.root, 'task:status-reported').some((e) => e.status === 'hijacked'));
  });

  it("QA's bug_discovered becomes an Engineering fix task through a subscription; the QA task waits for it and runs again", async () => {
    const repo = teamsRepo({
      agents: [
        { name: 'dev', team: 'engineering', owns: ['src/**', 'work/**'], tasks: { '*': [{ do: 'work' }] } },
        { name: 'tester', team: 'qa', tasks: { 'qa-checkout': [{ do: 'raise', event: 'bug_discovered', data: { title: 'Checkout total rounds wrong', severity: 'high' } }, { do: 'work' }] } },
      ],
      subscriptions: { engineering: [{ event: 'bug_discovered', action: 'task', task: { title: 'Fix: {data.title}', assignee: 'dev', estimate: 2 } }] },
      tasks: [{ id: 'checkout', assignee: 'dev' }, { id: 'qa-checkout', assignee: 'tester', dependencies: ['checkout'], type: 'test' }],
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const created = journalled(repo.root, 'task:created');
    assert.equal(created.length, 1);
    const fix = created[0]!;
    assert.equal(fix.task, 'engineering-bug-discovered-1');
    assert.deepEqual([(fix.definition as { title: string }).title, (fix.definition as { team: string }).team], ['Fix: Checkout total rounds wrong', 'engineering']);
    assert.deepEqual(journalled(repo.root, 'task:dependency-added').map((e) => [e.task, e.dependsOn]), [['qa-checkout', 'engineering-bug-discovered-1']]);
    const events = readJournal(repo.root).events;
    const fixDone = seqOf(events, 'task:succeeded', (e) => e.task === fix.task);
    assert.ok(seqOf(events, 'task:waiting', (e) => e.task === 'qa-checkout') < fixDone);
    assert.ok(fixDone < seqOf(events, 'task:succeeded', (e) => e.task === 'qa-checkout'), 'QA finished after the fix');
    assert.ok(journalled(repo.root, 'event:raised').some((e) => e.name === 'bug_fix_completed'));
    assert.ok(journalled(repo.root, 'event:raised').some((e) => e.name === 'testing_phase_started'));
    const status = await statusJson(repo.root);
    assert.equal(status.state, 'completed');
    assert.ok(status.tasks.every((t) => t.status === 'done'));
  });

  it('a critical event preempts queued work: its response task goes first and lower-priority work waits until it is done', async () => {
    const repo = teamsRepo({
      agents: [
        { name: 'dev', team: 'engineering', tasks: { '*': [{ do: 'sleep', ms: 800 }, { do: 'work' }] } },
        { name: 'tester', team: 'qa', tasks: { scan: [{ do: 'raise', event: 'critical_bug_discovered', data: { title: 'Payments double-charge' } }, { do: 'work' }] } },
      ],
      subscriptions: { engineering: [{ event: 'critical_bug_discovered', action: 'task', critical: true, task: { title: 'Hotfix: {data.title}', assignee: 'dev' } }] },
      tasks: [{ id: 'scan', assignee: 'tester', priority: 'critical' }, { id: 'a', assignee: 'dev' }, { id: 'b', assignee: 'dev' }, { id: 'c', assignee: 'dev' }],
      settings: { max_parallel_agents: 2 },
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const events = readJournal(repo.root).events;
    const hotfix = journalled(repo.root, 'task:created')[0]!.task!;
    const emergency = seqOf(events, 'emergency:started');
    const hotfixDone = seqOf(events, 'task:succeeded', (e) => e.task === hotfix);
    assert.ok(emergency > 0 && seqOf(events, 'emergency:resolved') > hotfixDone);
    const startedDuring = events.filter((e) => e.type === 'task:started' && e.seq > emergency && e.seq < hotfixDone && e.task !== hotfix).map((e) => e.task);
    assert.deepEqual(startedDuring, [], `nothing of lower priority started during the emergency: ${startedDuring.join(', ')}`);
    assert.ok(seqOf(events, 'task:started', (e) => e.task === hotfix) > 0);
    assert.equal((await statusJson(repo.root)).state, 'completed');
  });
});

describe('teams that talk: SIGKILL while a question waits loses nothing', function () {
  this.timeout(240_000);
  before(buildCli);
  after(removeTempRepos);

  it('keeps the question, re-parks the task on resume, takes the answer on the idle run, and finishes once', async () => {
    const repo = teamsRepo({
      agents: [
        { name: 'fe', team: 'eng', tasks: { ui: [{ do: 'ask', to: 'person', question: 'Ship the beta flag on?' }, { do: 'work' }] } },
        { name: 'be', team: 'eng', tasks: { slow: [{ do: 'sleep', ms: 20_000 }, { do: 'work' }] } },
      ],
      tasks: [{ id: 'ui', assignee: 'fe' }, { id: 'slow', assignee: 'be' }],
      // The agents log to a file in the test's temp folder and are looked for by their pids as
      // the host sees them: the test watches them from outside, as engineHarness's `observed`.
      settings: { sandbox: 'off' },
    });
    const log = path.join(repo.base, 'agents.log');
    const env = batonEnv({ MCP_AGENT_LOG: log });
    // 1. Killed the instant the question is journalled: the agent may not even have stopped yet.
    const first = startBaton(['run', 's1', repo.root], { cwd: repo.root, env });
    assert.ok(await waitFor(() => journalled(repo.root, 'question:asked').length > 0, 60_000), first.stdout + first.stderr);
    first.child.kill('SIGKILL');
    await first.exited;
    // 2. Resume: the orphaned agents are stopped, ui is parked again (not retried, not re-asked); killed again while it waits.
    const second = startBaton(['resume', repo.root], { cwd: repo.root, env });
    assert.ok(await waitFor(() => journalled(repo.root, 'task:waiting').some((e) => e.task === 'ui'), 60_000), second.stdout + second.stderr);
    await sleep(300);
    second.child.kill('SIGKILL');
    await second.exited;
    assert.equal(journalled(repo.root, 'question:asked').length, 1);
    // 3. A person answers while no engine runs: journalled on the idle run.
    const answer = await baton(['answer', 'q-1', 'Yes, behind the flag', repo.root], { cwd: repo.root, env });
    assert.equal(answer.code, 0, answer.stdout + answer.stderr);
    assert.match(answer.stdout, /baton resume/);
    // 4. Resume finishes everything exactly once.
    const last = await baton(['resume', repo.root], { cwd: repo.root, env, timeoutMs: 120_000 });
    assert.equal(last.code, 0, last.stdout + last.stderr);
    const journal = readJournal(repo.root);
    assert.deepEqual(journal.problems, []);
    assert.equal((await statusJson(repo.root)).state, 'completed');
    assert.equal(journalled(repo.root, 'question:asked').length, 1, 'the question was not asked again');
    assert.deepEqual(journalled(repo.root, 'question:answered').map((e) => e.answer), ['Yes, behind the flag']);
    const finished = fs.readFileSync(log, 'utf8').trim().split('\n');
    assert.deepEqual(finished.filter((l) => l.startsWith('ui ')), ['ui fe done'], 'ui finished once');
    assert.deepEqual(liveAgentsUnder(repo.base), []);
    assert.match(String(journalled(repo.root, 'task:succeeded').find((e) => e.task === 'ui')?.summary), /q-1: Yes, behind the flag/);
  });
});

describe('examples/teams-talk runs as the demo runs it', function () {
  this.timeout(240_000);
  before(buildCli);
  after(removeTempRepos);

  it('pauses for the person, takes the answer, and finishes with every kind of team talk on record', async () => {
    const repo = makeRepo({ from: path.join(REPO_ROOT, 'examples', 'teams-talk') });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(repo.root, 'node_modules'), 'dir');
    const first = await baton(['run', 'auth-talk', repo.root], { cwd: repo.root, timeoutMs: 180_000 });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /waits for your answers: q-\d+/);
    const q = journalled(repo.root, 'question:asked').find((e) => (e.to as { kind: string }).kind === 'person')!;
    assert.equal(q.task, 'session-store');
    assert.equal((await baton(['answer', String(q.question), 'Redis', repo.root], { cwd: repo.root })).code, 0);
    const second = await baton(['resume', repo.root], { cwd: repo.root, timeoutMs: 180_000 });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.equal((await statusJson(repo.root)).state, 'completed');
    assert.deepEqual(journalled(repo.root, 'question:answered').map((e) => e.via).sort(), ['mcp', 'mcp', 'person']);
    assert.deepEqual(journalled(repo.root, 'access:denied').map((e) => e.tool), ['create_task']);
    assert.deepEqual(journalled(repo.root, 'task:created').map((e) => e.task).sort(), ['engineering-bug-discovered-1', 'engineering-critical-bug-discovered-1']);
    assert.equal(journalled(repo.root, 'emergency:resolved').length, 1);
    assert.ok(journalled(repo.root, 'subscription:command-finished').every((e) => e.passed === true));
    assert.ok(journalled(repo.root, 'subscription:command-finished').length >= 4, 'feature_completed ran its command');
  });
});
