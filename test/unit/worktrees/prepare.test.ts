import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BranchCheckedOutError } from '../../../src/engine/worktrees/branchCheckedOutError';
import { MergeConflictError } from '../../../src/engine/worktrees/mergeConflictError';
import { WorktreeError } from '../../../src/engine/worktrees/worktreeError';
import { WorktreeManager } from '../../../src/engine/worktrees/worktreeManager';
import { git, useGitSandbox } from './gitSandbox';

describe('worktrees/prepare', () => {
  const sandbox = useGitSandbox();

  it('creates branch baton/<sprint>/<task> and its worktree outside the repository', async () => {
    const repo = sandbox.newRepo();
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const prepared = await manager.prepare({ sprint: 's1', task: 't1', baseRef: 'main', dependencyBranches: [] });
    assert.deepEqual(prepared, {
      path: path.join(repo.defaultLocation, 's1', 't1'),
      branch: 'baton/s1/t1',
      baseCommit: repo.git('rev-parse', 'main'),
      port: 4100,
      reused: false,
    });
    assert.equal(git(prepared.path, 'symbolic-ref', '--short', 'HEAD'), 'baton/s1/t1');
    assert.equal(fs.readFileSync(path.join(prepared.path, 'README.md'), 'utf8'), '# demo\n\nline 3\n');
    assert.equal(git(prepared.path, 'status', '--porcelain'), '');
    repo.assertUnchanged(before);
  });

  it('accepts a sha as base, and keeps a relative location inside the repo out of git status', async () => {
    const repo = sandbox.newRepo();
    const sha = repo.commitTo('feature', { 'f.txt': 'f\n' });
    const before = repo.snapshot(['.worktrees']);
    const manager = new WorktreeManager({ repoRoot: repo.root, location: '.worktrees' });
    const prepared = await manager.prepare({ sprint: 's', task: 't', baseRef: sha, dependencyBranches: [] });
    assert.equal(prepared.path, path.join(repo.root, '.worktrees', 's', 't'));
    assert.equal(prepared.baseCommit, sha);
    assert.ok(fs.existsSync(path.join(prepared.path, 'f.txt')));
    assert.match(fs.readFileSync(path.join(repo.root, '.git', 'info', 'exclude'), 'utf8'), /^\/\.worktrees\/$/m);
    await new WorktreeManager({ repoRoot: repo.root, location: '.worktrees' }).list(); // exclude written once
    assert.equal(fs.readFileSync(path.join(repo.root, '.git', 'info', 'exclude'), 'utf8').match(/\.worktrees/g)?.length, 1);
    repo.assertUnchanged(before, ['.worktrees']);
  });

  it('merges every dependency branch into the new worktree and bases the task after them', async () => {
    const repo = sandbox.newRepo();
    repo.commitTo('baton/s/a', { 'a.txt': 'from a\n' });
    repo.commitTo('baton/s/b', { 'b.txt': 'from b\n' });
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const prepared = await manager.prepare({ sprint: 's', task: 'c', baseRef: 'main', dependencyBranches: ['baton/s/a', 'baton/s/b'] });
    assert.equal(fs.readFileSync(path.join(prepared.path, 'a.txt'), 'utf8'), 'from a\n');
    assert.equal(fs.readFileSync(path.join(prepared.path, 'b.txt'), 'utf8'), 'from b\n');
    assert.deepEqual(git(prepared.path, 'log', '--first-parent', '--format=%s').split('\n'), [
      "Merge branch 'baton/s/b' into baton/s/c",
      "Merge branch 'baton/s/a' into baton/s/c",
      'initial',
    ]);
    assert.equal(prepared.baseCommit, git(prepared.path, 'rev-parse', 'HEAD'));
    assert.deepEqual(await manager.changedFiles(prepared.path, prepared.baseCommit), []);
    repo.assertUnchanged(before);
  });

  it('throws MergeConflictError naming the files when dependencies conflict, leaving the worktree clean', async () => {
    const repo = sandbox.newRepo();
    repo.commitTo('baton/s/a', { 'README.md': 'version a\n', 'a.txt': 'a\n' });
    repo.commitTo('baton/s/b', { 'README.md': 'version b\n' });
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const request = { sprint: 's', task: 'c', baseRef: 'main', dependencyBranches: ['baton/s/a', 'baton/s/b'] };
    const error = await manager.prepare(request).then(() => undefined, (e: unknown) => e);
    assert.ok(MergeConflictError.is(error) && WorktreeError.is(error), String(error));
    assert.equal(error.branch, 'baton/s/b');
    assert.deepEqual(error.files, ['README.md']);
    const dir = path.join(repo.defaultLocation, 's', 'c');
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.equal(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), 'version a\n');
    assert.throws(() => git(dir, 'rev-parse', '-q', '--verify', 'MERGE_HEAD'));
    repo.assertUnchanged(before);
  });

  it('reuses a healthy worktree on a second prepare (crash recovery) and keeps port and base', async () => {
    const repo = sandbox.newRepo();
    let setups = 0;
    const options = { repoRoot: repo.root, setup: ['noop'], runSetup: async () => void setups++ };
    const first = await new WorktreeManager(options).prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] });
    fs.writeFileSync(path.join(first.path, 'work.txt'), 'in progress\n');
    const again = await new WorktreeManager(options).prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] });
    assert.deepEqual(again, { ...first, reused: true });
    assert.equal(fs.readFileSync(path.join(first.path, 'work.txt'), 'utf8'), 'in progress\n');
    assert.equal(setups, 1);
  });

  it('prunes and recreates a worktree whose folder was deleted, keeping the branch and port', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    await manager.prepare({ sprint: 's', task: 'x', baseRef: 'main', dependencyBranches: [] });
    const first = await manager.prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] });
    fs.writeFileSync(path.join(first.path, 'done.txt'), 'done\n');
    const sha = await manager.commitAll(first.path, 'work');
    fs.rmSync(first.path, { recursive: true, force: true });
    assert.equal((await manager.list()).find((w) => w.task === 't')?.exists, false);
    const again = await manager.prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] });
    assert.deepEqual(again, { ...first, reused: false });
    assert.equal(git(again.path, 'rev-parse', 'HEAD'), sha);
    assert.ok(fs.existsSync(path.join(again.path, 'done.txt')));
  });

  it('shares one worktree and branch between tasks with the same strategyKey', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const a = await manager.prepare({ sprint: 's', task: 'a', strategyKey: 'team-frontend', baseRef: 'main', dependencyBranches: [] });
    const b = await manager.prepare({ sprint: 's', task: 'b', strategyKey: 'team-frontend', baseRef: 'main', dependencyBranches: [] });
    assert.equal(a.branch, 'baton/s/team-frontend');
    assert.deepEqual(b, { ...a, reused: true });
    const [info] = await manager.list();
    assert.equal(info?.task, 'team-frontend');
  });

  it('throws BranchCheckedOutError naming the worktree that has the branch', async () => {
    const repo = sandbox.newRepo();
    repo.git('branch', 'baton/s/t', 'main');
    // The user switches their own checkout to the task branch (same commit: files unchanged).
    repo.git('symbolic-ref', 'HEAD', 'refs/heads/baton/s/t');
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const error = await manager.prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] }).catch((e: unknown) => e);
    assert.ok(BranchCheckedOutError.is(error), String(error));
    assert.equal(error.checkedOutAt, repo.root);
    assert.match(error.message, /baton\/s\/t is checked out in/);
    assert.equal(repo.git('symbolic-ref', 'HEAD'), 'refs/heads/baton/s/t');
    assert.deepEqual(await manager.list(), []);
  });

  it('rejects ids that cannot be branch names and options out of range', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    for (const bad of [{ task: '../x' }, { task: 'a b' }, { sprint: '_s' }, { strategyKey: '-x' }, { baseRef: '--force' }]) {
      await assert.rejects(manager.prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [], ...bad }), WorktreeError);
    }
    await assert.rejects(manager.prepare({ sprint: 's', task: 't', baseRef: 'nope', dependencyBranches: [] }), /nope is not a branch or commit/);
    assert.throws(() => new WorktreeManager({ repoRoot: repo.root, basePort: 0 }), /Expected `basePort`/);
    assert.throws(() => new WorktreeManager({ repoRoot: repo.root, copy: ['../secret'] }), /inside the repository/);
  });

  it('gives live worktrees distinct ports, stable per task, and frees a removed one', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root, basePort: 5000 });
    const prepare = (task: string) => manager.prepare({ sprint: 's', task, baseRef: 'main', dependencyBranches: [] });
    assert.deepEqual([(await prepare('a')).port, (await prepare('b')).port, (await prepare('c')).port], [5000, 5001, 5002]);
    assert.equal(await manager.remove({ sprint: 's', task: 'b' }), true);
    assert.equal((await prepare('d')).port, 5001);
    assert.equal((await prepare('a')).port, 5000);
    assert.equal((await prepare('e')).port, 5003);
  });

  it('prepares 8 worktrees concurrently, each with a dependency merged', async () => {
    const repo = sandbox.newRepo();
    repo.commitTo('baton/s/dep', { 'dep.txt': 'dep\n' });
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const tasks = Array.from({ length: 8 }, (_, i) => `t${i}`);
    const results = await Promise.all(tasks.map((task) => manager.prepare({ sprint: 's', task, baseRef: 'main', dependencyBranches: ['baton/s/dep'] })));
    assert.equal(new Set(results.map((r) => r.port)).size, 8);
    assert.equal(new Set(results.map((r) => r.path)).size, 8);
    for (const r of results) assert.ok(fs.existsSync(path.join(r.path, 'dep.txt')), r.path);
    assert.equal((await manager.list()).length, 8);
    repo.assertUnchanged(before);
  });
});
