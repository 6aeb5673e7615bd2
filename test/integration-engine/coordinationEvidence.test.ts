import * as assert from 'node:assert/strict';
import { baton, buildCli, git, readJournal, removeTempRepos, statusJson } from './engineHarness';
import { coordinationRepo, eventsOf, promptOf } from './coordinationHarness';

// "Done means done": an agent that claims success without the evidence gets its task failed
// (or, for boundaries, redirected or blocked) with the missing evidence named; an honest one
// hands off a package — summary, artifacts, known issues, criteria, checklist results, diff stat
// — that the next task's prompt carries and the journal records in seed 000's message formats.

describe('coordination: evidence, boundaries and handoffs', function () {
  this.timeout(120_000);
  before(buildCli);
  after(removeTempRepos);

  it('catches every lying agent, each for the right, named reason', async () => {
    const repo = coordinationRepo({
      // One team each: no other member to fail over to, so each lie's own reason is final.
      agents: [
        { name: 'idler', behaviour: 'lie-no-change', team: 'a', owns: ['work/**'] },
        { name: 'boaster', behaviour: 'lie-verify', team: 'b', owns: ['work/**', 'build/**'] },
        { name: 'trespasser', behaviour: 'trespass', team: 'c', owns: ['work/**'] },
        { name: 'forgetter', behaviour: 'lie-verify', team: 'd', owns: ['work/**', 'docs/**'] },
      ],
      tasks: [
        { id: 'no-change', assignee: 'idler' },
        { id: 'tests', assignee: 'boaster', checklist: [{ item: 'unit tests pass', verify: 'test -f build/ok' }, 'code is readable'] },
        { id: 'after-tests', assignee: 'idler', dependencies: ['tests'] },
        { id: 'trespass', assignee: 'trespasser' },
        { id: 'artifact', assignee: 'forgetter', handoff_artifacts: ['docs/api.md'] },
      ],
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const s = await statusJson(repo.root);
    const byId = new Map(s.tasks.map((t) => [t.id, t]));
    assert.equal(s.state, 'stopped');

    assert.equal(byId.get('no-change')!.status, 'failed');
    assert.match(byId.get('no-change')!.reason!, /reported success but changed no files/);
    assert.equal(eventsOf(repo.root, 'task:failed', 'no-change')[0]!.evidence, 'changes');

    assert.equal(byId.get('tests')!.status, 'failed');
    assert.match(byId.get('tests')!.reason!, /checklist item "unit tests pass" failed: `test -f build\/ok` exited 1/);
    const verified = eventsOf(repo.root, 'task:verified', 'tests')[0]!;
    assert.equal(verified.passed, false);
    assert.deepEqual((verified.checklist as { item: string; passed?: boolean }[]).map((c) => [c.item, c.passed]), [['unit tests pass', false], ['code is readable', undefined]]);
    assert.equal(byId.get('after-tests')!.status, 'blocked');
    assert.match(byId.get('after-tests')!.reason!, /\btests\b/);

    assert.equal(byId.get('trespass')!.status, 'blocked');
    assert.match(byId.get('trespass')!.reason!, /role boundaries: trespasser changed secret\/trespass\.txt \(outside its `owns` \(`work\/\*\*`\)\)/);
    assert.match(byId.get('trespass')!.reason!, /no member's boundaries allow secret\/trespass\.txt/);
    assert.deepEqual(eventsOf(repo.root, 'task:blocked', 'trespass')[0]!.paths, ['secret/trespass.txt']);
    assert.equal(git(repo.root, 'ls-tree', '-r', '--name-only', 'baton/s1/trespass').split('\n').includes('secret/trespass.txt'), false, 'the trespass was rolled back');

    assert.equal(byId.get('artifact')!.status, 'failed');
    assert.match(byId.get('artifact')!.reason!, /did not deliver the handoff artifact `docs\/api\.md`/);
    // None of them got a handoff: nothing false was passed on.
    assert.deepEqual(eventsOf(repo.root, 'task:handoff'), []);
    assert.deepEqual(eventsOf(repo.root, 'task:succeeded'), []);
  });

  it('redirects a task whose agent crossed its boundaries to a member allowed to make the change', async () => {
    const repo = coordinationRepo({
      agents: [
        { name: 'frontend', behaviour: 'trespass', owns: ['work/**', 'app/ui/**'] },
        { name: 'keeper', behaviour: 'work', owns: ['work/**', 'secret/**'] },
      ],
      tasks: [{ id: 'settings', assignee: 'frontend' }],
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /settings role boundaries: frontend changed secret\/settings\.txt/);
    const [redirected] = eventsOf(repo.root, 'task:redirected', 'settings');
    assert.deepEqual([redirected!.from, redirected!.to, redirected!.paths], ['frontend', 'keeper', ['secret/settings.txt']]);
    const t = (await statusJson(repo.root)).tasks[0]! as unknown as { status: string; agent: string; attempts: number; attemptLog: { agent: string; outcome: string; reason: string | null }[] };
    assert.deepEqual([t.status, t.agent, t.attempts], ['done', 'keeper', 2]);
    assert.deepEqual(t.attemptLog.map((a) => [a.agent, a.outcome]), [['frontend', 'ready'], ['keeper', 'done']]);
    assert.match(t.attemptLog[0]!.reason!, /redirected to keeper/);
    const files = git(repo.root, 'ls-tree', '-r', '--name-only', 'baton/s1/_integration').split('\n');
    assert.ok(files.includes('work/settings.md') && !files.includes('secret/settings.txt'), files.join(', '));
  });

  it('hands off a verified package, across teams in seed 000 format, into the next prompt', async () => {
    const repo = coordinationRepo({
      agents: [
        { name: 'designer', behaviour: 'work', team: 'design', owns: ['work/**', 'docs/**'] },
        { name: 'builder', behaviour: 'work', team: 'engineering', owns: ['work/**', 'src/**'] },
      ],
      tasks: [
        {
          id: 'design', assignee: 'designer', handoff_artifacts: ['docs/design.md'], acceptance_criteria: ['Every screen is specified'],
          checklist: [{ item: 'design written', verify: ['test', '-f', 'docs/design.md'] }, 'reviewed with the PM'],
        },
        { id: 'build', assignee: 'builder', dependencies: ['design'] },
      ],
    });
    const run = await baton(['run', 's1', repo.root], { cwd: repo.root, timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const [handoff] = eventsOf(repo.root, 'task:handoff', 'design');
    const pkg = handoff!.handoff as {
      summary: string; artifacts: string[]; knownIssues: string[]; acceptanceCriteria: string[];
      checklist: { item: string; verify?: string[]; passed?: boolean }[]; diffStat: { files: { path: string; status: string; insertions: number }[]; insertions: number };
    };
    assert.match(pkg.summary, /designer did design/);
    assert.deepEqual(pkg.artifacts, ['work/design.md', 'docs/design.md']);
    assert.deepEqual(pkg.knownIssues, ['scripted: nothing real was built']);
    assert.deepEqual(pkg.acceptanceCriteria, ['Every screen is specified']);
    assert.deepEqual(pkg.checklist.map((c) => [c.item, c.passed]), [['design written', true], ['reviewed with the PM', undefined]]);
    assert.deepEqual(pkg.diffStat.files.map((f) => [f.path, f.status]), [['docs/design.md', 'A'], ['work/design.md', 'A']]);
    assert.ok(pkg.diffStat.insertions >= 2);
    const messages = handoff!.messages as { message_type: string; source_orchestrator?: string; target_orchestrator: string; targets: string[]; handoff_checklist: Record<string, boolean | null>; deliverable?: { id: string; artifacts: string[] } }[];
    const cross = messages.find((m) => m.message_type === 'cross_team_handoff')!;
    assert.deepEqual([cross.source_orchestrator, cross.target_orchestrator, cross.targets, cross.deliverable!.id], ['design', 'engineering', ['build'], 'design']);
    assert.deepEqual(cross.handoff_checklist, { 'design written': true, 'reviewed with the PM': null });
    assert.ok(messages.some((m) => m.message_type === 'status_update'));
    // The next agent starts from the package, and from the files: its worktree has them merged.
    const prompt = promptOf(repo, 'build', 1);
    assert.match(prompt, /### From `design` \(designer\)/);
    assert.match(prompt, /✔ design written \(verified by `test -f docs\/design\.md`\)/);
    assert.match(prompt, /• reviewed with the PM \(stated by the agent, not verified\)/);
    assert.match(prompt, /docs\/design\.md \(A, \+1 −0\)/);
    assert.match(prompt, /scripted: nothing real was built/);
    assert.ok(git(repo.root, 'ls-tree', '-r', '--name-only', 'baton/s1/build').split('\n').includes('docs/design.md'));
    assert.equal(readJournal(repo.root).problems.length, 0);
  });
});
