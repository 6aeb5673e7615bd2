import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BranchCheckedOutError } from '../../../src/engine/worktrees/branchCheckedOutError';
import { WorktreeManager } from '../../../src/engine/worktrees/worktreeManager';
import type { WorktreeInfo } from '../../../src/engine/worktrees/worktreeTypes';
import { git, useGitSandbox } from './gitSandbox';

describe('worktrees/lifecycle', () => {
  const sandbox = useGitSandbox();

  it('list, reconcile and prune find and clear orphans left by a crash and worktrees whose folder is gone', async () => {
    const repo = sandbox.newRepo();
    const mine = path.join(path.dirname(repo.root), 'mine');
    repo.git('worktree', 'add', '-q', '-b', 'mine', mine);
    const before = repo.snapshot();
    const crashed = new WorktreeManager({ repoRoot: repo.root });
    const prepare = (task: string) => crashed.prepare({ sprint: 's', task, baseRef: 'main', dependencyBranches: [] });
    const [t1, t2, t3] = [await prepare('t1'), await prepare('t2'), await prepare('t3')];
    fs.writeFileSync(path.join(t1.path, 'a.txt'), 'a\n');
    await crashed.commitAll(t1.path, 'work');
    fs.writeFileSync(path.join(t2.path, 'half-done.txt'), 'x\n');
    fs.rmSync(t3.path, { recursive: true, force: true });

    // A new process after the crash: only t1 is still owned by a live task.
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const byTask = new Map((await manager.list()).map((w) => [w.task, w]));
    assert.deepEqual([...byTask.keys()].sort(), ['t1', 't2', 't3'], 'the user\'s own worktree is not listed');
    assert.deepEqual(byTask.get('t1'), {
      path: t1.path, branch: 'baton/s/t1', head: git(t1.path, 'rev-parse', 'HEAD'), sprint: 's', task: 't1',
      exists: true, locked: false, prunable: false, dirty: false, ahead: 1, base: t1.baseCommit, port: 4100,
    } satisfies WorktreeInfo);
    assert.equal(byTask.get('t2')?.dirty, true);
    assert.equal(byTask.get('t3')?.exists, false);

    const result = await manager.reconcile(new Set(['t1']));
    assert.deepEqual(result.orphans.map((w) => w.task), ['t2']);
    assert.deepEqual(result.missing.map((w) => w.task), ['t3']);
    assert.deepEqual((await manager.reconcile(new Set(['s/t1', 's/t2']))).orphans, []);
    assert.deepEqual((await manager.reconcile((w) => w.task !== 't1')).orphans.map((w) => w.task), ['t1']);

    assert.deepEqual(await manager.prune({ orphans: result.orphans }), [t2.path]);
    assert.deepEqual((await manager.list()).map((w) => w.task), ['t1']);
    assert.ok(!fs.existsSync(t2.path));
    assert.equal(repo.git('branch', '--list', 'baton/*', '--format=%(refname:short)'), 'baton/s/t1\nbaton/s/t2\nbaton/s/t3');
    assert.ok(repo.git('worktree', 'list').includes(mine));
    repo.assertUnchanged(before);
  });

  it('remove deletes a worktree by task or path, optionally its branch, and is idempotent', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const a = await manager.prepare({ sprint: 's', task: 'a', baseRef: 'main', dependencyBranches: [] });
    const b = await manager.prepare({ sprint: 's', task: 'b', baseRef: 'main', dependencyBranches: [] });
    fs.writeFileSync(path.join(a.path, 'uncommitted.txt'), 'x\n');
    assert.equal(await manager.remove({ sprint: 's', task: 'a' }, { deleteBranch: true }), true);
    assert.equal(await manager.remove(b.path), true);
    assert.equal(await manager.remove(b.path), false);
    assert.ok(!fs.existsSync(a.path) && !fs.existsSync(b.path));
    assert.equal(repo.git('branch', '--list', 'baton/*', '--format=%(refname:short)'), 'baton/s/b');
    assert.deepEqual(await manager.list(), []);
    const c = await manager.prepare({ sprint: 's', task: 'c', baseRef: 'main', dependencyBranches: [] });
    const { orphans } = await manager.reconcile(new Set());
    assert.deepEqual(await manager.prune({ orphans, deleteBranches: true }), [c.path]);
    assert.equal(repo.git('branch', '--list', 'baton/*', '--format=%(refname:short)'), 'baton/s/b');
    assert.deepEqual(fs.readdirSync(repo.defaultLocation), [], 'empty sprint folders are tidied away');
  });

  it('mergeSprint merges task branches in order in a temporary worktree and stops at the first conflict', async () => {
    const repo = sandbox.newRepo();
    repo.commitTo('baton/s/a', { 'a.txt': 'from a\n' });
    repo.commitTo('baton/s/b', { 'b.txt': 'from b\n' });
    repo.commitTo('baton/s/c', { 'a.txt': 'from c\n', 'c.txt': 'c\n' });
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const branches = ['baton/s/a', 'baton/s/b', 'baton/s/c'];
    const result = await manager.mergeSprint({ sprint: 's', baseRef: 'main', taskBranches: branches });
    assert.deepEqual(result, { branch: 'baton/s/_integration', merged: ['baton/s/a', 'baton/s/b'], conflict: { branch: 'baton/s/c', files: ['a.txt'] } });
    const tip = repo.git('rev-parse', result.branch);
    assert.deepEqual(repo.git('log', '--first-parent', '--format=%s', result.branch).split('\n'), [
      "Merge branch 'baton/s/b' into baton/s/_integration",
      "Merge branch 'baton/s/a' into baton/s/_integration",
      'initial',
    ]);
    assert.equal(repo.git('show', `${result.branch}:a.txt`), 'from a');
    assert.deepEqual(await manager.list(), [], 'the temporary worktree is gone');
    assert.ok(!fs.existsSync(path.join(repo.defaultLocation, 's', '_integration')));

    // Continuing: merges already in are no-ops; `fresh` rebuilds from the base.
    const again = await manager.mergeSprint({ sprint: 's', baseRef: 'main', taskBranches: branches.slice(0, 2) });
    assert.deepEqual(again, { branch: result.branch, merged: branches.slice(0, 2) });
    assert.equal(repo.git('rev-parse', result.branch), tip);
    await manager.mergeSprint({ sprint: 's', baseRef: 'main', taskBranches: ['baton/s/c'], fresh: true });
    assert.equal(repo.git('show', `${result.branch}:a.txt`), 'from c');
    assert.throws(() => repo.git('rev-parse', '--verify', '-q', `${result.branch}:b.txt`));
    repo.assertUnchanged(before);
  });

  it('mergeSprint counts branches already contained as merged, and needs no worktree when all are', async () => {
    const repo = sandbox.newRepo();
    repo.git('branch', 'baton/s/x', 'main');
    repo.git('branch', 'baton/s/y', 'main');
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const noop = await manager.mergeSprint({ sprint: 's', baseRef: 'main', taskBranches: ['baton/s/x', 'baton/s/y'], fresh: true });
    assert.deepEqual(noop, { branch: 'baton/s/_integration', merged: ['baton/s/x', 'baton/s/y'] });
    assert.equal(repo.git('rev-parse', noop.branch), repo.git('rev-parse', 'main'));
    assert.ok(!fs.existsSync(path.join(repo.defaultLocation, 's', '_integration')));
    repo.commitTo('baton/s/z', { 'z.txt': 'z\n' });
    const result = await manager.mergeSprint({ sprint: 's', baseRef: 'main', taskBranches: ['baton/s/x', 'baton/s/z', 'baton/s/y'], fresh: true });
    assert.deepEqual(result, { branch: noop.branch, merged: ['baton/s/x', 'baton/s/z', 'baton/s/y'] });
    assert.deepEqual(repo.git('log', '--first-parent', '--format=%s', result.branch).split('\n'), ["Merge branch 'baton/s/z' into baton/s/_integration", 'initial']);
    assert.deepEqual(await manager.list(), []);
    repo.assertUnchanged(before);
  });

  it('mergeSprint refuses when the user has the integration branch checked out', async () => {
    const repo = sandbox.newRepo();
    repo.git('branch', 'baton/s/_integration', 'main');
    repo.git('symbolic-ref', 'HEAD', 'refs/heads/baton/s/_integration');
    const manager = new WorktreeManager({ repoRoot: repo.root });
    await assert.rejects(manager.mergeSprint({ sprint: 's', baseRef: 'main', taskBranches: [] }), (e: unknown) => BranchCheckedOutError.is(e) && e.checkedOutAt === repo.root);
  });
});
