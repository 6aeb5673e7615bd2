import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorktreeError } from '../../../src/engine/worktrees/worktreeError';
import { WorktreeManager } from '../../../src/engine/worktrees/worktreeManager';
import { git, type Repo, useGitSandbox } from './gitSandbox';

/** The user's untracked `.env` (not git-ignored) and an ignored `node_modules`. */
function addLocalFiles(repo: Repo): void {
  fs.writeFileSync(path.join(repo.root, '.env'), 'SECRET=1\n');
  fs.mkdirSync(path.join(repo.root, 'node_modules', 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(repo.root, 'node_modules', 'pkg', 'index.js'), 'module.exports = 1;\n');
}

describe('worktrees/setup', () => {
  const sandbox = useGitSandbox();

  it('copies files, symlinks folders and runs setup in a new worktree, and never commits them', async () => {
    const repo = sandbox.newRepo();
    addLocalFiles(repo);
    const before = repo.snapshot();
    const calls: { argv: readonly string[]; cwd: string; sawEnv: boolean }[] = [];
    const manager = new WorktreeManager({
      repoRoot: repo.root,
      copy: ['.env', 'missing.txt'],
      symlink: ['node_modules'],
      setup: ['npm', 'ci'],
      runSetup: async (argv, cwd) => void calls.push({ argv, cwd, sawEnv: fs.existsSync(path.join(cwd, '.env')) }),
    });
    const wt = await manager.prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] });
    assert.deepEqual(calls, [{ argv: ['npm', 'ci'], cwd: wt.path, sawEnv: true }]);
    assert.equal(fs.readFileSync(path.join(wt.path, '.env'), 'utf8'), 'SECRET=1\n');
    assert.equal(fs.readlinkSync(path.join(wt.path, 'node_modules')), path.join(repo.root, 'node_modules'));
    assert.ok(!fs.existsSync(path.join(wt.path, 'missing.txt')));
    assert.equal((await manager.list())[0]?.dirty, false);
    assert.equal(await manager.commitAll(wt.path, 'nothing yet'), undefined);
    fs.writeFileSync(path.join(wt.path, 'feature.ts'), 'export {};\n');
    assert.deepEqual(await manager.changedFiles(wt.path, wt.baseCommit), ['feature.ts']);
    await manager.commitAll(wt.path, 'feature');
    assert.deepEqual(git(wt.path, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n'), ['.gitignore', 'README.md', 'feature.ts', 'src/app.ts', 'src/old.ts']);
    // Removing the worktree unlinks node_modules; it must not follow the link into the user's copy.
    assert.equal(await manager.remove(wt.path), true);
    assert.ok(!fs.existsSync(wt.path));
    repo.assertUnchanged(before);
  });

  it('runs setup without a shell by default, and re-runs it on reuse until it has succeeded once', async () => {
    const repo = sandbox.newRepo();
    const failing = new WorktreeManager({ repoRoot: repo.root, setup: [process.execPath, '-e', 'console.error("boom"); process.exit(3)'] });
    const request = { sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] };
    await assert.rejects(failing.prepare(request), (error: unknown) => WorktreeError.is(error) && /Setup command .* failed/.test(error.message) && /boom/.test(error.message));
    const script = "require('fs').writeFileSync('setup.txt', 'ran with ' + process.argv[1])";
    const working = new WorktreeManager({ repoRoot: repo.root, setup: [process.execPath, '-e', script, 'a b;$(rm -rf /)'] });
    const wt = await working.prepare(request);
    assert.equal(wt.reused, true);
    assert.equal(fs.readFileSync(path.join(wt.path, 'setup.txt'), 'utf8'), 'ran with a b;$(rm -rf /)');
    fs.rmSync(path.join(wt.path, 'setup.txt'));
    await working.prepare(request);
    assert.ok(!fs.existsSync(path.join(wt.path, 'setup.txt')), 'setup runs once per worktree');
  });
});
