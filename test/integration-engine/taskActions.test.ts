import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineSession } from '../../src/engine/session/engineSession';
import type { EngineEvent } from '../../src/engine/state/events';
import { exampleRepo, removeExampleRepo } from '../support/exampleRepo';
import { git, readJournal, removeTempRepos, waitFor, withTimeout } from './engineHarness';
import { coordinationRepo, eventsOf } from './coordinationHarness';

// The ways out of a task gone wrong, through the engine API the extension, the board and the
// review panel call: failover never picks a member whose boundaries forbid the task's files;
// a person hands a failed task to a chosen member (boundaries checked first), accepts a failed
// attempt's work as it is, or skips a task — each journalled with who did it, each reopening a
// stopped run and the dependants the task had blocked. Real git, real processes.

/** The person at the front: the actor of every event their decisions cause. */
const LEAD = { kind: 'person' as const, name: 'lead', via: 'vscode' };

async function openSession(root: string): Promise<EngineSession> {
  return EngineSession.open({ root, host: { env: process.env }, isTrusted: () => true, owner: 'task actions test', identity: async () => LEAD });
}

describe('task actions: ways out of a task gone wrong', function () {
  this.timeout(180_000);
  after(removeTempRepos);

  it('fails over only to members whose boundaries allow the files; then a person hands the task to a member who can', async () => {
    const repo = coordinationRepo({
      agents: [
        { name: 'back', behaviour: 'fail', owns: ['app/actions/**', 'work/**'], specialties: ['backend'] },
        // Would be failover's pick by specialty, but may not touch app/actions/**.
        { name: 'front', behaviour: 'work', owns: ['app/login/**', 'work/**'], forbidden: ['app/actions/**'], specialties: ['backend'] },
        { name: 'back2', behaviour: 'work', owns: ['app/actions/**', 'work/**'] },
      ],
      tasks: [
        { id: 'actions', type: 'backend', assignee: 'back', handoff_artifacts: ['app/actions/auth.md'], max_retries: 0 },
        { id: 'ui', assignee: 'back2', dependencies: ['actions'] },
      ],
    });
    const session = await openSession(repo.root);
    try {
      const first = await withTimeout(session.startSprint('s1'), 60_000, 'the first run');
      assert.equal(first.status, 'stopped');
      assert.deepEqual([first.failed, first.blocked], [['actions'], ['ui']]);
      assert.deepEqual(eventsOf(repo.root, 'task:failover', 'actions'), [], 'front may not touch app/actions/**: no failover to it');
      assert.equal(session.checkDecision({ kind: 'reassign', task: 'actions', agent: 'front' }),
        'front may not change app/actions/auth.md (forbidden by `app/actions/**`), which task actions is to deliver: choose a member whose boundaries allow them.');
      await assert.rejects(session.reassignTask('actions', 'front'), /front may not change app\/actions\/auth\.md/);
      assert.equal(await session.reopensHere({ kind: 'reassign', task: 'actions', agent: 'back2' }), true);
      const second = await withTimeout(session.reassignTask('actions', 'back2', 'lead'), 60_000, 'the reopened run');
      assert.equal(second?.status, 'completed');
      const started = readJournal(repo.root).events.filter((e) => e.type === 'task:started');
      assert.deepEqual(started.filter((e) => e.task === 'actions').map((e) => e.agent), ['back', 'back2']);
      assert.deepEqual(started.filter((e) => e.task === 'ui').map((e) => e.agent), ['back2']);
      assert.deepEqual(eventsOf(repo.root, 'task:reassigned', 'actions').map((e) => [e.agent, e.by, e.actor]), [['back2', 'lead', LEAD]]);
      assert.deepEqual(eventsOf(repo.root, 'task:ready', 'actions').at(-1)?.actor, LEAD, 'the task reopened on its new member is the person\'s doing');
      assert.match(git(repo.root, 'show', 'baton/s1/_integration:app/actions/auth.md'), /from actions/);
    } finally {
      await session.dispose();
    }
  });

  it('accepts a failed attempt\'s work as it is, and skips a task: each reopens the run and what it blocked', async () => {
    const repo = coordinationRepo({
      agents: [
        { name: 'dev', behaviour: 'lie-verify', owns: ['work/**'] },
        { name: 'helper', behaviour: 'work', team: 'side', owns: ['work/**'] },
      ],
      tasks: [
        // Its work is written and committed, but its checklist can never pass.
        { id: 'doc', assignee: 'dev', checklist: [{ item: 'signed off', verify: 'test -f signed-off.txt' }], max_retries: 0 },
        { id: 'after-doc', assignee: 'helper', dependencies: ['doc'] },
        { id: 'stuck', assignee: 'dev', checklist: [{ item: 'never', verify: 'false' }], max_retries: 0 },
        { id: 'side', assignee: 'helper' },
        { id: 'join', assignee: 'helper', dependencies: ['stuck', 'side'] },
      ],
    });
    const session = await openSession(repo.root);
    try {
      const first = await withTimeout(session.startSprint('s1'), 60_000, 'the first run');
      assert.equal(first.status, 'stopped');
      assert.deepEqual(first.failed.sort(), ['doc', 'stuck']);
      const failed = eventsOf(repo.root, 'task:failed', 'doc').at(-1)!;
      assert.match(String(failed.commit), /^[0-9a-f]{40}$/, 'the failed attempt\'s own work is kept by commit');
      assert.equal(session.run.tasks.get('doc')!.failedCommit, failed.commit);

      const accepted = await withTimeout(session.acceptTask('doc', 'lead'), 60_000, 'the run reopened by accept');
      assert.equal(accepted?.status, 'stopped', 'stuck is still failed');
      assert.equal(session.run.tasks.get('doc')!.status, 'done');
      assert.equal(session.run.tasks.get('doc')!.acceptedBy, 'lead');
      assert.equal(session.run.tasks.get('after-doc')!.status, 'done', 'the dependant it had blocked ran');
      assert.deepEqual(eventsOf(repo.root, 'task:accepted', 'doc').map((e) => [e.commit, e.by, e.actor]), [[failed.commit, 'lead', LEAD]]);
      assert.equal(git(repo.root, 'rev-parse', 'baton/s1/doc').trim(), failed.commit, 'the branch holds exactly the accepted attempt');

      await assert.rejects(session.skipTask('side'), /side is done; only a task that is not running or finished can be skipped/);
      const skipped = await withTimeout(session.skipTask('stuck', 'lead'), 60_000, 'the run reopened by skip');
      assert.equal(skipped?.status, 'completed');
      assert.equal(session.run.tasks.get('stuck')!.status, 'skipped');
      assert.equal(session.run.tasks.get('join')!.status, 'done', 'join runs: side is done, stuck skipped');
      assert.deepEqual(eventsOf(repo.root, 'task:skipped', 'stuck').map((e) => [e.reason, e.by, e.actor]), [['skipped by lead', 'lead', LEAD]]);
      // The accepted work is in the sprint's result.
      assert.match(git(repo.root, 'show', 'baton/s1/_integration:work/doc.md'), /claims the tests pass/);
    } finally {
      await session.dispose();
    }
  });

  it('Request changes is no dead end with the example\'s stand-in agents: the next attempt hands back the feedback addressed', async () => {
    // examples/auth as a new user runs it, with the schema design under review. Its scripted
    // agent used to have nothing new to do: "changed no files", failover, blocked dependants.
    const root = exampleRepo('auth');
    const sprintFile = path.join(root, '.claude', 'sprints', 'auth-feature.yaml');
    fs.writeFileSync(sprintFile, fs.readFileSync(sprintFile, 'utf8').replace(/( {4}- id: design-user-schema\n)/, '$1      review: true\n'));
    git(root, '-c', 'user.name=Baton test', '-c', 'user.email=test@baton.invalid', 'commit', '-qam', 'review the schema design');
    const session = await EngineSession.open({ root, host: { env: { ...process.env, BATON_SCRIPTED_DELAY_MS: '0' } }, isTrusted: () => true, owner: 'task actions test' });
    try {
      const seen: EngineEvent[] = [];
      session.onEvent((e) => seen.push(e));
      const reviews = () => seen.filter((e) => e.type === 'task:review-requested' && e.task === 'design-user-schema').length;
      const done = session.startSprint('auth-feature');
      assert.ok(await waitFor(() => reviews() >= 1, 60_000), 'the first handoff of design-user-schema');
      await session.requestChanges('design-user-schema', 'Name the sessions table user_sessions.');
      assert.ok(await waitFor(() => reviews() >= 2, 60_000), 'a second handoff, after the changes');
      const attempts = seen.filter((e) => 'task' in e && e.task === 'design-user-schema' && (e.type === 'task:failed' || e.type === 'task:failover' || e.type === 'task:blocked'));
      assert.deepEqual(attempts.map((e) => e.type), [], 'no failed attempt, no failover, nothing blocked');
      await session.approveTask('design-user-schema', 'lead');
      const result = await withTimeout(done, 120_000, 'the run after the approval');
      assert.equal(result.status, 'completed');
      assert.deepEqual(readJournal(root).events.filter((e) => e.type === 'task:started' && e.task === 'design-user-schema').map((e) => e.agent), ['database-taylor', 'database-taylor']);
      const log = git(root, 'show', 'baton/auth-feature/_integration:work/design-user-schema.md');
      assert.match(log, /## Review feedback addressed\n\n> Name the sessions table user_sessions\./);
    } finally {
      await session.dispose();
      removeExampleRepo(root);
    }
  });
});
