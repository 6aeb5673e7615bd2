import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkOutResult, mergeResult, pushResult } from '../../src/engine/result/resultActions';
import { ResultError } from '../../src/engine/result/resultError';
import { describeSprintResult, type ResultRun } from '../../src/engine/result/sprintResult';
import { compareUrl, parseRemote } from '../../src/engine/result/remotes';
import { journalResultAction } from '../../src/engine/result/resultJournal';
import { auditRuns } from '../../src/engine/audit/auditRuns';
import { startSprint } from '../../src/engine/run/sprintRunner';
import { git, readJournal, removeTempRepos, type TempRepo } from './engineHarness';
import { coordinationRepo } from './coordinationHarness';

// What a person does with a finished sprint: compare, check out, merge (fast-forward or merge
// commit) and push with a pull request — against real repositories, with the user's
// uncommitted work never touched and every refusal leaving every branch where it was.

const refused = (code: string) => (error: unknown) => ResultError.is(error) && error.code === code;

async function completedRun(): Promise<{ repo: TempRepo; run: ResultRun }> {
  const repo = coordinationRepo({
    agents: [{ name: 'dev', behaviour: 'work', owns: ['work/**', 'docs/**'] }],
    tasks: [{ id: 'spec', assignee: 'dev', handoff_artifacts: ['docs/spec.md'] }, { id: 'impl', assignee: 'dev', dependencies: ['spec'] }],
  }, { 'README.md': 'the project\n' });
  git(repo.root, 'branch', '-M', 'main');
  const result = await startSprint('s1', { root: repo.root, host: { env: process.env }, signal: new AbortController().signal });
  assert.equal(result.status, 'completed');
  return { repo, run: { sprint: 's1', integrationBranch: result.integrationBranch!, baseCommit: git(repo.root, 'rev-parse', 'main').trim(), baseBranch: 'main' } };
}

const head = (root: string, ref = 'HEAD') => git(root, 'rev-parse', ref).trim();

describe('a sprint\'s result: compare, check out, merge, push', function () {
  this.timeout(120_000);
  after(removeTempRepos);

  it('describes the integration branch and checks it out only over a clean working tree', async () => {
    const { repo, run } = await completedRun();
    const r = (await describeSprintResult(repo.root, run))!;
    assert.equal(r.branch, 'baton/s1/_integration');
    assert.equal(r.exists, true);
    assert.equal(r.currentBranch, 'main');
    assert.deepEqual(r.branches, ['main']);
    assert.equal(r.files, 3, 'docs/spec.md, work/spec.md, work/impl.md');
    assert.ok(r.commits >= 2);

    fs.appendFileSync(path.join(repo.root, 'README.md'), 'my uncommitted line\n');
    await assert.rejects(checkOutResult(repo.root, run), refused('dirty'));
    assert.equal(git(repo.root, 'symbolic-ref', '--short', 'HEAD').trim(), 'main', 'still on main');
    assert.match(fs.readFileSync(path.join(repo.root, 'README.md'), 'utf8'), /my uncommitted line/, 'the change is untouched');
    git(repo.root, 'checkout', '--', 'README.md');

    await checkOutResult(repo.root, run);
    assert.equal(git(repo.root, 'symbolic-ref', '--short', 'HEAD').trim(), 'baton/s1/_integration');
    assert.ok(fs.existsSync(path.join(repo.root, 'docs', 'spec.md')));
    assert.equal((await describeSprintResult(repo.root, run))!.currentBranch, 'baton/s1/_integration');
  });

  it('fast-forwards the checked-out branch, refuses a fast-forward once it moved on, and merges with a commit', async () => {
    const { repo, run } = await completedRun();
    const tip = head(repo.root, 'baton/s1/_integration');
    fs.appendFileSync(path.join(repo.root, 'README.md'), 'dirty\n');
    await assert.rejects(mergeResult(repo.root, run, { into: 'main', mode: 'fast-forward' }), refused('dirty'));
    assert.notEqual(head(repo.root, 'main'), tip);
    git(repo.root, 'checkout', '--', 'README.md');
    const ff = await mergeResult(repo.root, run, { into: 'main', mode: 'fast-forward' });
    assert.equal(ff.tip, tip);
    assert.equal(head(repo.root), tip, 'the working tree moved with main');

    // Someone commits on main meanwhile: a fast-forward is no longer possible.
    const { repo: other, run: run2 } = await completedRun();
    fs.writeFileSync(path.join(other.root, 'NOTES.md'), 'meanwhile\n');
    git(other.root, 'add', 'NOTES.md');
    git(other.root, 'commit', '-qm', 'meanwhile on main');
    const before = head(other.root, 'main');
    await assert.rejects(mergeResult(other.root, run2, { into: 'main', mode: 'fast-forward' }), refused('not-fast-forward'));
    assert.equal(head(other.root, 'main'), before);
    const merged = await mergeResult(other.root, run2, { into: 'main', mode: 'merge-commit' });
    assert.equal(git(other.root, 'rev-list', '--parents', '-n', '1', merged.tip).trim().split(' ').length, 3, 'a merge commit with two parents');
    assert.match(git(other.root, 'log', '-1', '--format=%s', 'main'), /Merge baton\/s1\/_integration \(Baton sprint s1\)/);
    assert.ok(fs.existsSync(path.join(other.root, 'docs', 'spec.md')));
  });

  it('journals a merge on the completed run as the person\'s, chained like the rest; an unknown run is refused', async () => {
    const { repo, run } = await completedRun();
    const { runId } = readJournal(repo.root);
    const merged = await mergeResult(repo.root, run, { into: 'main', mode: 'fast-forward' });
    const alice = { kind: 'person' as const, name: 'Alice', via: 'vscode' };
    await journalResultAction({ root: repo.root, runId: runId!, actor: alice, event: { type: 'result:merged', branch: 'baton/s1/_integration', into: 'main', mode: 'fast-forward', tip: merged.tip } });
    const last = readJournal(repo.root).events.at(-1)!;
    assert.equal(last.type, 'result:merged');
    assert.deepEqual(last.actor, alice);
    assert.equal((last as unknown as { tip: string }).tip, merged.tip);
    assert.equal((await auditRuns(path.join(repo.root, '.claude', 'state'))).clean, true, 'the journal still verifies');
    // A run that is not there has nothing to journal on, and nothing is written.
    const lines = readJournal(repo.root).events.length;
    await assert.rejects(journalResultAction({ root: repo.root, runId: 'not-a-run', actor: alice, event: { type: 'result:checked-out', branch: 'baton/s1/_integration' } }));
    assert.equal(readJournal(repo.root).events.length, lines);
  });

  it('merges into a branch nobody has checked out without touching the checkout; a conflict changes nothing', async () => {
    const { repo, run } = await completedRun();
    git(repo.root, 'branch', 'release', 'main');
    git(repo.root, 'checkout', '-q', 'release');
    fs.writeFileSync(path.join(repo.root, 'RELEASE.md'), 'release notes\n');
    git(repo.root, 'add', 'RELEASE.md');
    git(repo.root, 'commit', '-qm', 'release notes');
    git(repo.root, 'checkout', '-q', 'main');
    fs.appendFileSync(path.join(repo.root, 'README.md'), 'uncommitted on main\n');
    const merged = await mergeResult(repo.root, run, { into: 'release', mode: 'merge-commit' });
    assert.equal(head(repo.root, 'release'), merged.tip);
    assert.match(git(repo.root, 'show', 'release:docs/spec.md'), /spec/);
    assert.equal(git(repo.root, 'symbolic-ref', '--short', 'HEAD').trim(), 'main');
    assert.match(fs.readFileSync(path.join(repo.root, 'README.md'), 'utf8'), /uncommitted on main/);
    assert.equal(git(repo.root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).length, 1, 'the temporary worktree is gone');
    git(repo.root, 'checkout', '--', 'README.md');

    // A branch that changed the same file the sprint did: the merge conflicts and is aborted.
    git(repo.root, 'branch', 'hotfix', run.baseCommit!);
    git(repo.root, 'checkout', '-q', 'hotfix');
    fs.mkdirSync(path.join(repo.root, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(repo.root, 'docs', 'spec.md'), 'a different spec\n');
    git(repo.root, 'add', 'docs/spec.md');
    git(repo.root, 'commit', '-qm', 'hotfix spec');
    const before = head(repo.root, 'hotfix');
    await assert.rejects(mergeResult(repo.root, run, { into: 'hotfix', mode: 'merge-commit' }), (e: unknown) => refused('conflict')(e) && /docs\/spec\.md/.test((e as Error).message));
    assert.equal(head(repo.root, 'hotfix'), before);
    assert.equal(fs.existsSync(path.join(repo.root, '.git', 'MERGE_HEAD')), false, 'no merge left in progress');
    assert.equal(fs.readFileSync(path.join(repo.root, 'docs', 'spec.md'), 'utf8'), 'a different spec\n');
  });

  it('pushes to a GitHub remote and opens the pull request with gh when it is on the PATH', async () => {
    const { repo, run } = await completedRun();
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-remote-'));
    git(bare, 'init', '-q', '--bare');
    // The project's address is GitHub's; pushes go to the local bare repository.
    git(repo.root, 'remote', 'add', 'origin', 'git@github.com:acme/shop.git');
    git(repo.root, 'config', 'remote.origin.pushurl', bare);
    const described = (await describeSprintResult(repo.root, run))!;
    assert.deepEqual(described.remotes, [{ name: 'origin', url: 'git@github.com:acme/shop.git', host: 'github', web: 'https://github.com/acme/shop' }]);

    // No gh: pushed, and the link that opens the request.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bin-'));
    const withoutGh = await pushResult(repo.root, run, { env: { ...process.env, PATH: `/usr/bin:/bin` } });
    assert.equal(git(bare, 'rev-parse', 'baton/s1/_integration').trim(), head(repo.root, 'baton/s1/_integration'));
    assert.equal(withoutGh.url, 'https://github.com/acme/shop/compare/main...baton/s1/_integration?expand=1');
    assert.match(withoutGh.note ?? '', /gh is not on the PATH/);

    // A stand-in for gh (the real one needs github.com): it records its arguments and prints a URL.
    const log = path.join(bin, 'gh.log');
    fs.writeFileSync(path.join(bin, 'gh'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(log)}\necho https://github.com/acme/shop/pull/7\n`, { mode: 0o755 });
    const withGh = await pushResult(repo.root, run, { env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` } });
    assert.deepEqual([withGh.createdWith, withGh.url], ['gh', 'https://github.com/acme/shop/pull/7']);
    const args = fs.readFileSync(log, 'utf8').split('\n');
    assert.deepEqual(args.slice(0, 6), ['pr', 'create', '--head', 'baton/s1/_integration', '--base', 'main']);

    fs.rmSync(bare, { recursive: true, force: true });
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('reads GitHub and GitLab remotes in their URL forms', () => {
    assert.equal(parseRemote('o', 'https://github.com/acme/shop.git').web, 'https://github.com/acme/shop');
    assert.equal(parseRemote('o', 'ssh://git@gitlab.example.com:2222/group/sub/app.git').host, 'gitlab');
    assert.equal(parseRemote('o', 'ssh://git@gitlab.example.com:2222/group/sub/app.git').web, 'https://gitlab.example.com/group/sub/app');
    assert.equal(parseRemote('o', '/srv/git/app.git').host, undefined);
    assert.equal(compareUrl(parseRemote('o', 'git@gitlab.com:g/app.git'), 'baton/s/_integration', 'main'),
      'https://gitlab.com/g/app/-/merge_requests/new?merge_request%5Bsource_branch%5D=baton%2Fs%2F_integration&merge_request%5Btarget_branch%5D=main');
  });
});
