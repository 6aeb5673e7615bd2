import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorktreeManager } from '../../../src/engine/worktrees/worktreeManager';
import { git, useGitSandbox } from './gitSandbox';

/** The manager keeps the registered worktrees between calls; these check it never trusts that blindly. */
describe('worktrees/registry cache', () => {
  const sandbox = useGitSandbox();
  const prepare = (manager: WorktreeManager, task: string) => manager.prepare({ sprint: 's', task, baseRef: 'main', dependencyBranches: [] });

  it('sees worktrees another manager adds and removes when it hands out ports', async () => {
    const repo = sandbox.newRepo();
    const engine = new WorktreeManager({ repoRoot: repo.root });
    const other = new WorktreeManager({ repoRoot: repo.root }); // e.g. the extension's, in the same process
    assert.equal((await prepare(engine, 't0')).port, 4100);
    assert.equal((await prepare(other, 't1')).port, 4101);
    assert.equal((await prepare(engine, 't2')).port, 4102, 'the other manager\'s worktree holds 4101');
    assert.equal(await other.remove({ sprint: 's', task: 't0' }), true);
    assert.equal((await prepare(engine, 't3')).port, 4100, 'the removal behind its back freed 4100');
  });

  it('detects a worktree deleted behind its back and recreates it on its branch, keeping its port', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    await prepare(manager, 'x');
    const first = await prepare(manager, 't');
    fs.writeFileSync(path.join(first.path, 'done.txt'), 'done\n');
    const sha = await manager.commitAll(first.path, 'work');
    fs.rmSync(first.path, { recursive: true, force: true }); // no list() in between: only the cache knows it
    const again = await prepare(manager, 't');
    assert.deepEqual(again, { ...first, reused: false });
    assert.equal(git(again.path, 'rev-parse', 'HEAD'), sha);

    repo.git('worktree', 'remove', '--force', again.path); // git-level removal behind its back
    const third = await prepare(manager, 't');
    assert.equal(third.reused, false);
    assert.equal(git(third.path, 'rev-parse', 'HEAD'), sha);
    assert.equal(third.port, first.port);
  });

  it('keeps the base of a recreated worktree that has work of its own when dependencies merge in', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const first = await prepare(manager, 't');
    fs.writeFileSync(path.join(first.path, 'work.txt'), 'mine\n');
    await manager.commitAll(first.path, 'work');
    fs.rmSync(first.path, { recursive: true, force: true });
    repo.commitTo('baton/s/dep', { 'dep.txt': 'dep\n' });
    const again = await manager.prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: ['baton/s/dep'] });
    assert.equal(again.baseCommit, first.baseCommit, 'the merge must not swallow the task\'s own commit');
    assert.deepEqual(await manager.changedFiles(again.path, again.baseCommit), ['dep.txt', 'work.txt']);
  });

  it('never takes over a path someone registered behind its back', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    await prepare(manager, 'warm'); // the cache is filled before the user acts
    const target = path.join(repo.defaultLocation, 's', 't');
    repo.git('worktree', 'add', '-q', '-b', 'mine', target, 'main');
    fs.writeFileSync(path.join(target, 'precious.txt'), 'keep\n');
    await assert.rejects(prepare(manager, 't'), /is on mine, not baton\/s\/t/);
    assert.equal(fs.readFileSync(path.join(target, 'precious.txt'), 'utf8'), 'keep\n');
    assert.equal(git(target, 'symbolic-ref', '--short', 'HEAD'), 'mine');
  });

  it('falls back to git\'s list when the task branch already exists, and builds on its commits', async () => {
    const repo = sandbox.newRepo();
    const tip = repo.commitTo('baton/s/t', { 'kept.txt': 'kept\n' });
    const manager = new WorktreeManager({ repoRoot: repo.root });
    await prepare(manager, 'warm');
    const prepared = await prepare(manager, 't');
    assert.equal(prepared.reused, false);
    assert.equal(prepared.baseCommit, tip);
    assert.equal(git(prepared.path, 'rev-parse', 'HEAD'), tip);
    assert.equal(fs.readFileSync(path.join(prepared.path, 'kept.txt'), 'utf8'), 'kept\n');
  });

  it('reads everything again after its own removals, so a private directory name reused by git is not mistaken', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const t = await prepare(manager, 't');
    await prepare(manager, 'u');
    assert.deepEqual((await manager.removeMany([t.path])).removed, [t.path]);
    // git names private directories after the folder: this one takes over `worktrees/t`.
    repo.git('worktree', 'add', '-q', '-b', 'mine', path.join(path.dirname(repo.root), 't'), 'main');
    assert.equal((await prepare(manager, 'v')).port, 4100, 't\'s port is free again, whatever `worktrees/t` held before');
  });

  it('finishes a checkout a crash interrupted before anything ran in the worktree', async () => {
    const repo = sandbox.newRepo();
    const target = path.join(repo.defaultLocation, 's', 't');
    // What a crash right after `worktree add --no-checkout` leaves: registered, on its branch, empty.
    repo.git('worktree', 'add', '-q', '--no-checkout', '-b', 'baton/s/t', target, 'main');
    const prepared = await prepare(new WorktreeManager({ repoRoot: repo.root }), 't');
    assert.equal(prepared.reused, true);
    assert.equal(fs.readFileSync(path.join(prepared.path, 'README.md'), 'utf8'), '# demo\n\nline 3\n');
    assert.equal(git(prepared.path, 'status', '--porcelain'), '');
  });

  it('never runs the repository\'s hooks: not on checkout, commit or merge (an agent may have planted them)', async () => {
    const repo = sandbox.newRepo();
    const marker = path.join(repo.root, '..', 'hook-ran.txt');
    for (const name of ['post-checkout', 'post-commit', 'post-merge', 'pre-commit', 'reference-transaction']) {
      const hook = path.join(repo.root, '.git', 'hooks', name);
      fs.mkdirSync(path.dirname(hook), { recursive: true });
      fs.writeFileSync(hook, `#!/bin/sh\necho ${name} >> "${marker}"\n`, { mode: 0o755 });
    }
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const first = await prepare(manager, 't');
    fs.writeFileSync(path.join(first.path, 'work.txt'), 'work\n');
    await manager.commitAll(first.path, 'work');
    await manager.prepare({ sprint: 's', task: 'u', baseRef: 'main', dependencyBranches: ['baton/s/t'] });
    assert.ok(fs.existsSync(path.join(repo.root, '..', 'repo.baton-worktrees', 's', 'u', 'work.txt')), 'the dependency was merged');
    assert.equal(fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '', '');
  });
});
