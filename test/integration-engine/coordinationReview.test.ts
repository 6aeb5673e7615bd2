import * as assert from 'node:assert/strict';
import { EngineSession } from '../../src/engine/session/engineSession';
import type { EngineEvent } from '../../src/engine/state/events';
import { baton, buildCli, git, readJournal, removeTempRepos, startBaton, statusJson, waitFor, withTimeout } from './engineHarness';
import { coordinationRepo, eventsOf, promptOf } from './coordinationHarness';

// The review gate: a finished task with `require_review` (or `review: true`) waits with its
// handoff package until a person approves it or requests changes with a comment — from the CLI
// on a paused run, from the CLI while an engine runs (a request file it polls), or from the
// engine API the extension and the board call.

const reviewed = () => coordinationRepo({
  requireReview: ['crew'],
  agents: [
    { name: 'dev', behaviour: 'work', owns: ['work/**', 'src/**'] },
    { name: 'tester', behaviour: 'work', team: 'qa', owns: ['work/**', 'tests/**'] },
  ],
  tasks: [
    { id: 'api', assignee: 'dev', checklist: [{ item: 'work log written', verify: 'test -f work/api.md' }], acceptance_criteria: ['Tokens expire'] },
    { id: 'ui-tests', assignee: 'tester', dependencies: ['api'] },
  ],
});

describe('coordination: the review gate', function () {
  this.timeout(180_000);
  before(buildCli);
  after(removeTempRepos);

  it('pauses `baton run` at the gate; reject sends the task back with the comment, approve lets the run finish', async () => {
    const repo = reviewed();
    const first = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /Sprint s1 waits for review: api/);
    let s = await statusJson(repo.root) as Awaited<ReturnType<typeof statusJson>> & { waitingForReview: string[]; reason: string };
    assert.deepEqual([s.state, s.waitingForReview, s.reason], ['paused', ['api'], 'waiting for review: api']);
    assert.deepEqual(s.tasks.map((t) => [t.id, t.status]), [['api', 'review'], ['ui-tests', 'planning']]);

    const review = await baton(['review', repo.root, '--json'], { cwd: repo.root });
    const listed = JSON.parse(review.stdout) as { tasks: { id: string; handoff: { summary: string; acceptanceCriteria: string[]; checklist: { item: string; passed: boolean }[]; diffStat: { files: { path: string }[] } } }[] };
    assert.deepEqual(listed.tasks.map((t) => t.id), ['api']);
    assert.deepEqual(listed.tasks[0]!.handoff.acceptanceCriteria, ['Tokens expire']);
    assert.deepEqual(listed.tasks[0]!.handoff.checklist.map((c) => [c.item, c.passed]), [['work log written', true]]);
    assert.deepEqual(listed.tasks[0]!.handoff.diffStat.files.map((f) => f.path), ['work/api.md']);
    assert.match((await baton(['review', repo.root], { cwd: repo.root })).stdout, /api .*dev, attempt 1[\s\S]*✔ work log written/);

    const noComment = await baton(['reject', 'api', repo.root], { cwd: repo.root });
    assert.equal(noComment.code, 2);
    assert.match(noComment.stderr, /needs `--comment/);
    const wrongTask = await baton(['approve', 'ui-tests', repo.root], { cwd: repo.root });
    assert.equal(wrongTask.code, 1);
    assert.match(wrongTask.stderr, /ui-tests is planning, not waiting for review/);

    const reject = await baton(['reject', 'api', repo.root, '--comment', 'Handle expired refresh tokens'], { cwd: repo.root });
    assert.equal(reject.code, 0, reject.stderr);
    assert.match(reject.stdout, /Sent api back with your comment\. `baton resume` carries run/);
    const second = await baton(['resume', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /waits for review: api/);
    const prompt = promptOf(repo, 'api', 2);
    assert.match(prompt, /## Reviewer feedback[\s\S]*Handle expired refresh tokens/);
    assert.match(prompt, /The attempt reviewed \(attempt 1\) reported:[\s\S]*dev did api \(attempt 1\)/);
    assert.doesNotMatch(prompt, /## Previous attempt/);
    // The second attempt started from the first one's work, not from scratch.
    const started = eventsOf(repo.root, 'task:started', 'api');
    assert.equal(started.length, 2);
    assert.match(git(repo.root, 'show', `${String(started[1]!.checkpoint)}:work/api.md`), /attempt 1/);

    const approve = await baton(['approve', 'api', repo.root, '--by', 'lead'], { cwd: repo.root });
    assert.equal(approve.code, 0, approve.stderr);
    const third = await baton(['resume', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(third.code, 0, third.stdout + third.stderr);
    s = await statusJson(repo.root) as typeof s;
    assert.equal(s.state, 'completed');
    assert.deepEqual(s.tasks.map((t) => [t.id, t.status]), [['api', 'done'], ['ui-tests', 'done']]);
    assert.deepEqual(eventsOf(repo.root, 'task:approved', 'api').map((e) => e.by), ['lead']);
    assert.deepEqual(eventsOf(repo.root, 'task:changes-requested', 'api').map((e) => e.comment), ['Handle expired refresh tokens']);
    // Review requests carry the package the board reads.
    const requests = eventsOf(repo.root, 'task:review-requested', 'api');
    assert.equal(requests.length, 2);
    assert.match(String((requests[1]!.handoff as { summary: string }).summary), /attempt 2/);
  });

  it('hands `baton approve` to the engine running the sprint, which applies it at once', async () => {
    const repo = coordinationRepo({
      requireReview: ['crew'],
      agents: [
        { name: 'dev', behaviour: 'work', owns: ['work/**'] },
        { name: 'slowpoke', behaviour: 'work', arg: '6000', team: 'slow', owns: ['work/**'] },
        { name: 'tester', behaviour: 'work', team: 'qa', owns: ['work/**'] },
      ],
      tasks: [{ id: 'api', assignee: 'dev' }, { id: 'after-api', assignee: 'tester', dependencies: ['api'] }, { id: 'long', assignee: 'slowpoke' }],
    });
    const run = startBaton(['run', 's1', repo.root], { cwd: repo.root });
    assert.ok(await waitFor(() => eventsOf(repo.root, 'task:review-requested', 'api').length > 0, 30_000), run.stdout + run.stderr);
    const approve = await baton(['approve', 'api', repo.root], { cwd: repo.root, timeoutMs: 40_000 });
    assert.equal(approve.code, 0, approve.stderr);
    assert.match(approve.stdout, /Approved api; baton run \(pid \d+\) took it — the task is now (done|running)/);
    const { code } = await withTimeout(run.exited, 60_000, 'baton run did not finish');
    assert.equal(code, 0, run.stdout + run.stderr);
    assert.equal((await statusJson(repo.root)).state, 'completed');
    assert.deepEqual(eventsOf(repo.root, 'run:paused'), [], 'the run never had to pause');
    const at = (type: string, task: string) => Date.parse(String(eventsOf(repo.root, type, task)[0]!.at));
    assert.ok(at('task:started', 'after-api') < at('task:succeeded', 'long'), 'the approval let after-api start while long still ran');
  });

  it('takes approve, request changes and reassign through the engine API (an editor session waits at the gate)', async () => {
    const repo = coordinationRepo({
      requireReview: ['crew'],
      agents: [
        { name: 'dev', behaviour: 'work', owns: ['work/**'] },
        { name: 'tester', behaviour: 'work', team: 'qa', owns: ['work/**'] },
        { name: 'tester2', behaviour: 'work', team: 'qa', owns: ['work/**'] },
      ],
      tasks: [{ id: 'api', assignee: 'dev' }, { id: 'checks', team: 'qa', dependencies: ['api'] }],
    });
    const session = await EngineSession.open({ root: repo.root, host: { env: process.env }, isTrusted: () => true });
    try {
      const seen: EngineEvent[] = [];
      const next = (type: string, n: number) => waitFor(() => seen.filter((e) => e.type === type).length >= n, 30_000);
      session.onEvent((e) => seen.push(e));
      const done = session.startSprint('s1');
      assert.ok(await next('task:review-requested', 1), 'the first review request');
      await assert.rejects(session.requestChanges('api', '  '), /Say what to change/);
      await assert.rejects(session.reassignTask('checks', 'dev'), /dev is not a member of team qa/);
      await session.reassignTask('checks', 'tester2');
      await session.requestChanges('api', 'Add logging');
      assert.ok(await next('task:review-requested', 2), 'the second review request');
      await assert.rejects(session.approveTask('checks'), /checks is (planning|ready), not waiting for review/);
      await session.approveTask('api', 'alice');
      const result = await withTimeout(done, 60_000, 'the session run did not finish');
      assert.equal(result.status, 'completed');
      assert.equal(result.waitingForReview, undefined);
      assert.ok(!seen.some((e) => e.type === 'run:paused'), 'an editor session waits instead of pausing');
      const checks = readJournal(repo.root).events.filter((e) => e.type === 'task:started' && e.task === 'checks');
      assert.deepEqual(checks.map((e) => e.agent), ['tester2']);
      assert.deepEqual(eventsOf(repo.root, 'task:approved', 'api').map((e) => e.by), ['alice']);
    } finally {
      await session.dispose();
    }
  });
});
