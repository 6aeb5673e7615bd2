import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorktreeError } from '../../../src/engine/worktrees/worktreeError';
import { WorktreeManager } from '../../../src/engine/worktrees/worktreeManager';
import { git, hashTree, useGitSandbox } from './gitSandbox';

const request = { sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] };

describe('worktrees/changes', () => {
  const sandbox = useGitSandbox();

  it('checkpoint then rollback restores the worktree exactly, deleting new untracked files', async () => {
    const repo = sandbox.newRepo();
    fs.writeFileSync(path.join(repo.root, '.env'), 'SECRET=1\n');
    fs.mkdirSync(path.join(repo.root, 'node_modules'));
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root, copy: ['.env'], symlink: ['node_modules'] });
    const wt = await manager.prepare(request);
    const file = (rel: string): string => path.join(wt.path, rel);
    assert.equal(await manager.checkpoint(wt.path), wt.baseCommit, 'a clean worktree checkpoints at HEAD');
    fs.writeFileSync(file('README.md'), 'edited\n');
    fs.writeFileSync(file('new.txt'), 'new\n');
    fs.rmSync(file('src/old.ts'));
    const sha = await manager.checkpoint(wt.path);
    assert.equal(git(wt.path, 'log', '-1', '--format=%s'), 'baton: checkpoint');
    // The copied .env is not git-ignored in this repo: git sees it, Baton never commits it.
    assert.equal(git(wt.path, 'status', '--porcelain'), '?? .env');
    const saved = hashTree(wt.path);

    fs.writeFileSync(file('README.md'), 'broken\n');
    fs.writeFileSync(file('stray.txt'), 'stray\n');
    fs.mkdirSync(file('junk/deep'), { recursive: true });
    fs.writeFileSync(file('junk/deep/a.txt'), 'a\n');
    fs.rmSync(file('src/app.ts'));
    fs.rmSync(file('.env'));
    git(wt.path, 'add', 'stray.txt');
    await manager.commitAll(wt.path, 'bad attempt');
    fs.writeFileSync(file('after.txt'), 'uncommitted\n');
    await manager.rollback(wt.path, sha);
    assert.deepEqual(hashTree(wt.path), saved);
    assert.equal(git(wt.path, 'rev-parse', 'HEAD'), sha);
    assert.equal((await manager.list())[0]?.dirty, false);
    repo.assertUnchanged(before);
  });

  it('commitAll commits everything when something changed and returns undefined otherwise', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const wt = await manager.prepare(request);
    assert.equal(await manager.commitAll(wt.path, 'empty'), undefined);
    assert.deepEqual(await manager.commit(wt.path, 'empty'), { sha: undefined, head: wt.baseCommit });
    fs.writeFileSync(path.join(wt.path, 'a.txt'), 'a\n');
    fs.rmSync(path.join(wt.path, 'src', 'old.ts'));
    const sha = await manager.commitAll(wt.path, 'task t: done');
    assert.equal(sha, git(wt.path, 'rev-parse', 'HEAD'));
    assert.equal(git(wt.path, 'log', '-1', '--format=%s|%an <%ae>'), 'task t: done|Test User <test@example.com>');
    assert.equal(git(wt.path, 'show', '--name-status', '--format=', 'HEAD'), 'A\ta.txt\nD\tsrc/old.ts');
    fs.writeFileSync(path.join(wt.path, 'b.txt'), 'b\n');
    const second = await manager.commit(wt.path, 'task t: more');
    assert.deepEqual(second, { sha: git(wt.path, 'rev-parse', 'HEAD'), head: git(wt.path, 'rev-parse', 'HEAD') });
    assert.notEqual(second.sha, sha);
    await assert.rejects(manager.commitAll(wt.path, '  '), WorktreeError);
  });

  it('commits and merges as Baton when the repository has no identity configured', async () => {
    const repo = sandbox.newRepo({ identity: false });
    repo.commitTo('baton/s/dep', { 'dep.txt': 'dep\n' });
    const before = repo.snapshot();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const wt = await manager.prepare({ ...request, dependencyBranches: ['baton/s/dep'] });
    assert.throws(() => git(wt.path, 'commit', '--allow-empty', '-m', 'x'), 'git itself refuses to commit here');
    assert.equal(git(wt.path, 'log', '-1', '--format=%an <%ae>'), 'Baton <baton@localhost>');
    fs.writeFileSync(path.join(wt.path, 'a.txt'), 'a\n');
    await manager.commitAll(wt.path, 'work');
    await manager.checkpoint(wt.path);
    assert.equal(git(wt.path, 'log', '-1', '--format=%an <%ae>|%cn'), 'Baton <baton@localhost>|Baton');
    repo.assertUnchanged(before);
  });

  it('diffStat and changedFiles cover committed work plus uncommitted and untracked files', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const wt = await manager.prepare(request);
    fs.writeFileSync(path.join(wt.path, 'README.md'), '# demo\n\nline three\n');
    fs.renameSync(path.join(wt.path, 'src', 'old.ts'), path.join(wt.path, 'src', 'renamed.ts'));
    await manager.commitAll(wt.path, 'rename');
    fs.rmSync(path.join(wt.path, 'src', 'app.ts'));
    fs.writeFileSync(path.join(wt.path, 'notes.md'), 'one\ntwo\nthree');
    fs.writeFileSync(path.join(wt.path, 'blob.bin'), Buffer.from([0, 1, 2, 0]));
    fs.mkdirSync(path.join(wt.path, 'dist'));
    fs.writeFileSync(path.join(wt.path, 'dist', 'ignored.js'), 'x\n');
    assert.deepEqual(await manager.diffStat(wt.path, wt.baseCommit), {
      files: [
        { path: 'README.md', status: 'M', insertions: 1, deletions: 1 },
        { path: 'blob.bin', status: 'A', insertions: 0, deletions: 0 },
        { path: 'notes.md', status: 'A', insertions: 3, deletions: 0 },
        { path: 'src/app.ts', status: 'D', insertions: 0, deletions: 1 },
        { path: 'src/renamed.ts', oldPath: 'src/old.ts', status: 'R', insertions: 0, deletions: 0 },
      ],
      insertions: 4,
      deletions: 2,
    });
    assert.deepEqual(await manager.changedFiles(wt.path, wt.baseCommit), ['README.md', 'blob.bin', 'notes.md', 'src/app.ts', 'src/old.ts', 'src/renamed.ts']);
  });

  it('refuses to touch the main worktree, the user\'s own worktrees and sub-folders', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const wt = await manager.prepare(request);
    const mine = path.join(path.dirname(repo.root), 'mine');
    repo.git('worktree', 'add', '-q', '-b', 'mine', mine);
    fs.writeFileSync(path.join(mine, 'precious.txt'), 'keep\n');
    const before = repo.snapshot();
    const head = repo.git('rev-parse', 'HEAD');
    // A folder with a copy of a Baton worktree's `.git` file is not that worktree.
    const forged = path.join(repo.defaultLocation, 's', 'forged');
    fs.mkdirSync(forged);
    fs.copyFileSync(path.join(wt.path, '.git'), path.join(forged, '.git'));
    for (const target of [repo.root, mine, path.join(wt.path, 'src'), path.join(repo.root, 'src'), forged]) {
      await assert.rejects(manager.rollback(target, head), /not a Baton worktree/, target);
      await assert.rejects(manager.checkpoint(target), /not a Baton worktree/, target);
      await assert.rejects(manager.commitAll(target, 'x'), /not a Baton worktree/, target);
    }
    await assert.rejects(manager.remove(repo.root), /refusing/);
    await assert.rejects(manager.remove(mine), /refusing/);
    assert.equal(fs.readFileSync(path.join(mine, 'precious.txt'), 'utf8'), 'keep\n');
    assert.deepEqual((await manager.list()).map((w) => w.path), [wt.path]);
    repo.assertUnchanged(before);
  });
});
