import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  baton, batonEnv, buildCli, extraWorktrees, git, liveAgentsUnder, readJournal, removeTempRepos, seededRandom, sleep, startBaton,
  statusJson, type JournalEvent, type TempRepo,
} from './engineHarness';
import { submitDecision } from '../../src/engine/coordination/decisionRequests';
import { coordinationRepo, eventsOf } from './coordinationHarness';

// The engine issue's SIGKILL loop (crashLoop.ts), extended to the coordination states: the
// baton process is killed while a checklist command verifies a task, while a task waits at the
// review gate (others still running), and while a failed task waits out its retry backoff.
// Resume must lose nothing and repeat no finished agent work: every task ends done exactly
// once, every agent's finished work is used once, backoffs and review decisions survive.
const KILLS = Number(process.env.BATON_COORD_CRASH_KILLS ?? 12);
const SEED = Number(process.env.BATON_CRASH_SEED ?? 20_261_122);

type Mode = 'during-verify' | 'during-review' | 'during-backoff' | 'timed';
const MODES: readonly Mode[] = ['during-verify', 'during-review', 'during-backoff', 'timed'];

function workspace(): TempRepo {
  return coordinationRepo({
    observed: true,
    maxRetries: 1,
    requireReview: ['gated'],
    agents: [
      { name: 'builder', behaviour: 'work', arg: '150', owns: ['work/**', 'src/**'], capacity: 2 },
      { name: 'flaky', behaviour: 'fail-once', team: 'ops', owns: ['work/**'] },
      { name: 'author', behaviour: 'work', arg: '150', team: 'gated', owns: ['work/**', 'docs/**'] },
    ],
    tasks: [
      // A slow checklist command: kills land while it runs.
      { id: 'core', assignee: 'builder', checklist: [{ item: 'work log written', verify: ['test', '-f', 'work/core.md'] }, { item: 'slow suite', verify: ['node', '-e', 'setTimeout(() => {}, 1500)'] }] },
      { id: 'docs', assignee: 'author', handoff_artifacts: ['docs/guide.md'] },
      { id: 'deploy', assignee: 'flaky' },
      { id: 'api', assignee: 'builder', dependencies: ['core'], checklist: [{ item: 'slow check', verify: ['node', '-e', 'setTimeout(() => {}, 1000)'] }] },
      { id: 'release', assignee: 'builder', dependencies: ['api', 'docs', 'deploy'] },
    ],
  });
}

/** Whether the journal (from `seen` on) is in the window `mode` aims at. */
function inWindow(mode: Mode, events: readonly JournalEvent[], seen: number): boolean {
  const fresh = events.slice(seen);
  const last = (type: string, task: string) => events.findLastIndex((e) => e.type === type && e.task === task);
  switch (mode) {
    case 'during-verify':
      return fresh.some((e) => e.type === 'task:agent-exited' && e.status === 'success' && (e.task === 'core' || e.task === 'api') && last('task:verified', e.task) < events.indexOf(e));
    case 'during-review':
      return fresh.some((e) => e.type === 'task:review-requested') && events.some((e) => e.type === 'task:started' && e.task !== 'docs' && last('task:started', e.task!) > last('task:succeeded', e.task!));
    case 'during-backoff':
      return fresh.some((e) => e.type === 'task:failed' && e.willRetry === true && !e.reason?.toString().startsWith('interrupted'));
    default:
      return false;
  }
}

describe('coordination crash safety: SIGKILL during verification, review and backoff', function () {
  this.timeout(Math.max(300_000, KILLS * 20_000));
  before(buildCli);
  after(removeTempRepos);

  it(`loses nothing and repeats no finished agent work over ${KILLS} kills`, async () => {
    const random = seededRandom(SEED);
    const byMode: Record<Mode, number> = { 'during-verify': 0, 'during-review': 0, 'during-backoff': 0, timed: 0 };
    const notes: string[] = [];
    let kills = 0;
    let rounds = 0;
    while (kills < KILLS) {
      rounds++;
      const repo = workspace();
      const log = path.join(repo.base, 'invocations.log');
      const env = batonEnv({ COORD_LOG: log });
      for (let processes = 0; ; processes++) {
        assert.ok(processes < 40, `round ${rounds} did not finish: ${notes.join('; ')}`);
        const journal = readJournal(repo.root);
        assert.deepEqual(journal.problems, []);
        if (journal.events.some((e) => e.type === 'run:completed')) break;
        const ended = journal.events.find((e) => e.type === 'run:stopped' || e.type === 'run:cancelled');
        assert.equal(ended, undefined, `round ${rounds}: ${JSON.stringify(ended)}`);
        // A run paused at the gate: a person approves what waits, then resumes.
        const state = await statusJson(repo.root).catch(() => undefined);
        for (const t of state?.tasks.filter((x) => x.status === 'review') ?? []) {
          if (state?.state !== 'paused') break;
          const approve = await baton(['approve', t.id, repo.root], { cwd: repo.root, env });
          assert.equal(approve.code, 0, approve.stdout + approve.stderr);
        }
        const args = journal.events.length ? ['resume', repo.root] : ['run', 's1', repo.root];
        const mode = kills < KILLS ? MODES[(kills + rounds) % MODES.length]! : undefined;
        const proc = startBaton(args, { cwd: repo.root, env });
        let exited = false;
        void proc.exited.then(() => (exited = true));
        const killAt = mode === 'timed' ? Date.now() + 100 + random() * 2500 : Infinity;
        const seen = journal.events.length;
        for (;;) {
          if (exited) break;
          if (mode && (Date.now() >= killAt || (mode !== 'timed' && inWindow(mode, readJournal(repo.root).events, seen)))) {
            // Let the window open a little: the verify command or the backoff is under way.
            if (mode !== 'timed') await sleep(150 + random() * 300);
            if (exited) break;
            proc.child.kill('SIGKILL');
            kills++;
            byMode[mode]++;
            break;
          }
          await sleep(5);
        }
        const { code } = await proc.exited;
        if (code !== null && code !== 0) assert.fail(`baton ${args[0]} exited ${code}\n${proc.stdout}\n${proc.stderr}`);
      }
      await verify(repo, log);
      notes.push(`round ${rounds}: ${kills} kills so far`);
    }
    const summary = `seed ${SEED}: ${kills} kills (${Object.entries(byMode).map(([m, n]) => `${m} ${n}`).join(', ')}) over ${rounds} rounds`;
    for (const mode of ['during-verify', 'during-review', 'during-backoff'] as const) assert.ok(byMode[mode] > 0, `no kill landed ${mode}: ${summary}`);
    console.log(`      ${summary}`);
  });
});

describe('coordination crash safety: a decision handed over when the engine died', function () {
  this.timeout(120_000);
  before(buildCli);
  after(removeTempRepos);

  it('applies a decision file the dead engine never read, exactly once, on resume', async () => {
    const repo = coordinationRepo({
      requireReview: ['crew'],
      agents: [{ name: 'dev', behaviour: 'work', owns: ['work/**'] }, { name: 'qa', behaviour: 'work', team: 'qa', owns: ['work/**'] }],
      tasks: [{ id: 'api', assignee: 'dev' }, { id: 'tests', assignee: 'qa', dependencies: ['api'] }],
    });
    const first = await baton(['run', 's1', repo.root], { cwd: repo.root });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    // As `baton approve` leaves it when the engine it handed the decision to is killed before reading it.
    const stateDir = path.join(repo.root, '.claude', 'state');
    submitDecision(stateDir, { kind: 'approve', task: 'api', by: 'lead' });
    submitDecision(stateDir, { kind: 'approve', task: 'api', by: 'lead' });
    const resumed = await baton(['resume', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.equal((await statusJson(repo.root)).state, 'completed');
    assert.deepEqual(eventsOf(repo.root, 'task:approved', 'api').map((e) => e.by), ['lead']);
    assert.deepEqual(fs.readdirSync(path.join(stateDir, 'requests')), []);
  });
});

/** What a completed round must show, however often it was killed. */
async function verify(repo: TempRepo, logFile: string): Promise<void> {
  const s = await statusJson(repo.root);
  assert.equal(s.state, 'completed');
  assert.deepEqual(s.tasks.map((t) => [t.id, t.status]), ['core', 'docs', 'deploy', 'api', 'release'].map((id) => [id, 'done']));
  const events = readJournal(repo.root).events;
  for (const id of ['core', 'deploy', 'api', 'release']) {
    assert.equal(events.filter((e) => e.type === 'task:succeeded' && e.task === id).length, 1, `${id} succeeded once`);
  }
  assert.equal(events.filter((e) => e.type === 'task:approved' && e.task === 'docs').length, 1, 'docs approved once');
  // Every agent's finished work is used once: an invocation that completed is never run again.
  const lines = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n') : [];
  const count = (task: string, attempt?: number) => lines.filter((l) => l.startsWith(`${task} `) && (attempt === undefined || l.endsWith(` ${attempt}`))).length;
  for (const id of ['core', 'docs', 'api', 'release']) assert.ok(count(id) <= 1, `${id}'s agent finished ${count(id)} times:\n${lines.join('\n')}`);
  // deploy: the failing first attempt and one successful one. The failure counts once — unless a
  // kill stopped the first attempt before its agent reported, which is an interruption, not a
  // failure — so there is never a third counted attempt.
  const deploy = s.tasks.find((t) => t.id === 'deploy')!;
  assert.ok(deploy.attempts >= 2, `deploy attempts ${deploy.attempts}`);
  const counted = events.filter((e) => e.type === 'task:failed' && e.task === 'deploy' && !String(e.reason).startsWith('interrupted'));
  assert.ok(counted.length <= 1, `deploy failed (not interrupted) at most once: ${JSON.stringify(counted)}`);
  for (const f of counted) {
    const next = events.find((e) => e.type === 'task:started' && e.task === 'deploy' && Number(e.attempt) === Number(f.attempt) + 1);
    assert.ok(next && Date.parse(String(next.at)) >= Date.parse(String(f.retryAt)) - 5, 'the retry waited out its backoff, crash or not');
  }
  // core's checklist passed for its final attempt only. A kill between a passing verification and
  // `task:succeeded` makes resume verify the same committed work again (the agent is not re-run),
  // so a passing verification may appear twice — but always for the attempt that succeeded.
  const passed = events.filter((e) => e.type === 'task:verified' && e.task === 'core' && e.passed === true);
  const succeeded = events.filter((e) => e.type === 'task:succeeded' && e.task === 'core');
  assert.ok(passed.length >= 1, 'core verified');
  assert.deepEqual([...new Set(passed.map((e) => Number(e.attempt)))], succeeded.map((e) => Number(e.attempt)), 'core verified only for the attempt that succeeded');
  assert.deepEqual(extraWorktrees(repo), []);
  assert.equal(git(repo.root, 'status', '--porcelain'), '');
  assert.equal(git(repo.root, 'rev-parse', 'HEAD'), repo.head);
  assert.deepEqual(liveAgentsUnder(repo.base), []);
  const integrated = git(repo.root, 'ls-tree', '-r', '--name-only', 'baton/s1/_integration').split('\n');
  for (const id of ['core', 'docs', 'deploy', 'api', 'release']) assert.ok(integrated.includes(`work/${id}.md`), `work/${id}.md integrated`);
}
