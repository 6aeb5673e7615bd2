import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorktreeManager } from '../../../src/engine/worktrees/worktreeManager';
import { useGitSandbox, type Repo } from './gitSandbox';

describe('worktrees/removeMany', () => {
  const sandbox = useGitSandbox();
  const prepare = (manager: WorktreeManager, task: string) => manager.prepare({ sprint: 's', task, baseRef: 'main', dependencyBranches: [] });
  const batonBranches = (repo: Repo): string[] => repo.git('branch', '--list', 'baton/*', '--format=%(refname:short)').split('\n').filter(Boolean);

  it('removes many worktrees at once, keeps their branches, never follows symlinks, and is idempotent', async () => {
    const repo = sandbox.newRepo();
    fs.mkdirSync(path.join(repo.root, 'node_modules'));
    fs.writeFileSync(path.join(repo.root, 'node_modules', 'dep.js'), 'dep\n');
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root, symlink: ['node_modules'] });
    const [a, b, c] = [await prepare(manager, 'a'), await prepare(manager, 'b'), await prepare(manager, 'c')];
    fs.writeFileSync(path.join(a.path, 'uncommitted.txt'), 'x\n');
    assert.deepEqual(await manager.removeMany([a.path, b.path]), { removed: [a.path, b.path], skipped: [] });
    assert.ok(!fs.existsSync(a.path) && !fs.existsSync(b.path) && fs.existsSync(c.path));
    assert.ok(!repo.git('worktree', 'list', '--porcelain').includes(a.path));
    assert.deepEqual((await manager.list()).map((w) => w.path), [c.path]);
    assert.deepEqual(batonBranches(repo), ['baton/s/a', 'baton/s/b', 'baton/s/c']);
    assert.deepEqual(fs.readdirSync(path.join(repo.defaultLocation, '.baton-trash')), [], 'the trash is emptied');
    assert.deepEqual(await manager.removeMany([a.path, b.path]), { removed: [], skipped: [] });
    const again = await prepare(manager, 'a');
    assert.equal(again.port, a.port, 'its port is free again');
    assert.equal(again.reused, false);
    repo.assertUnchanged(before);
  });

  it('deletes the branches when asked, also of worktrees an earlier call already removed', async () => {
    const repo = sandbox.newRepo();
    repo.git('branch', 'keep-me', 'main');
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const [a, b, c] = [await prepare(manager, 'a'), await prepare(manager, 'b'), await prepare(manager, 'c')];
    await manager.removeMany([a.path]); // a crash before its branch went, say
    assert.deepEqual(await manager.removeMany([a.path, b.path], { deleteBranches: true }), { removed: [b.path], skipped: [] });
    assert.deepEqual(batonBranches(repo), ['baton/s/c']);
    assert.ok(fs.existsSync(c.path));
    assert.match(repo.git('branch', '--list', 'keep-me'), /keep-me/);
  });

  it('refuses the main worktree and the user\'s own worktrees before removing anything', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const a = await prepare(manager, 'a');
    const mine = path.join(path.dirname(repo.root), 'mine');
    repo.git('worktree', 'add', '-q', '-b', 'mine', mine);
    const before = repo.snapshot();
    await assert.rejects(manager.removeMany([a.path, mine]), /is not a Baton worktree .* refusing/);
    await assert.rejects(manager.removeMany([a.path, repo.root]), /refusing/);
    assert.ok(fs.existsSync(a.path) && fs.existsSync(mine));
    assert.equal((await manager.list()).length, 1);
    repo.assertUnchanged(before);
  });

  it('skips locked worktrees and says why', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const [a, b] = [await prepare(manager, 'a'), await prepare(manager, 'b')];
    repo.git('worktree', 'lock', a.path);
    const result = await manager.removeMany([a.path, b.path]);
    assert.deepEqual(result.removed, [b.path]);
    assert.equal(result.skipped[0]?.path, a.path);
    assert.match(result.skipped[0]?.reason ?? '', /locked/);
    assert.ok(fs.existsSync(a.path));
  });

  it('finishes what a crash left: folders in the trash and registrations whose folder is gone', async () => {
    const repo = sandbox.newRepo();
    const [a, b] = await (async () => {
      const crashed = new WorktreeManager({ repoRoot: repo.root });
      return [await prepare(crashed, 'a'), await prepare(crashed, 'b')];
    })();
    // A call that crashed after moving a's folder into the trash, before `git worktree prune`.
    const trash = path.join(repo.defaultLocation, '.baton-trash');
    fs.mkdirSync(trash, { recursive: true });
    fs.renameSync(a.path, path.join(trash, 'a-dead'));
    const manager = new WorktreeManager({ repoRoot: repo.root });
    assert.deepEqual(await manager.removeMany([a.path]), { removed: [a.path], skipped: [] });
    assert.ok(!repo.git('worktree', 'list', '--porcelain').includes(a.path));
    assert.deepEqual(fs.readdirSync(trash), []);
    // prune() empties the trash too.
    fs.mkdirSync(path.join(trash, 'b-dead', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(trash, 'b-dead', 'deep', 'f.txt'), 'x\n');
    await manager.prune();
    assert.deepEqual(fs.readdirSync(trash), []);
    assert.ok(fs.existsSync(b.path));
  });
});

