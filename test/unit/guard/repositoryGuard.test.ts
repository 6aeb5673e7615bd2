import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RepositoryGuard, TOUCHED } from '../../../src/engine/guard/repositoryGuard';
import { GitRunner } from '../../../src/engine/worktrees/gitRunner';

describe('guard/RepositoryGuard', () => {
  let root: string;
  let guardDir: string;
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const bytes = (rel: string): string => fs.readFileSync(path.join(root, rel)).toString('hex');
  const open = (): Promise<RepositoryGuard> => RepositoryGuard.open(new GitRunner(root), root, guardDir, { checks: true, log: () => undefined });

  beforeEach(() => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-guard-')));
    root = path.join(base, 'repo');
    guardDir = path.join(base, 'guard');
    fs.mkdirSync(root);
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'T');
    git('config', 'user.email', 't@example.invalid');
    fs.writeFileSync(path.join(root, 'a.txt'), 'committed\n');
    fs.writeFileSync(path.join(root, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    git('add', '-A');
    git('commit', '-qm', 'initial');
    fs.writeFileSync(path.join(root, 'a.txt'), 'staged\n');
    git('add', 'a.txt');
    fs.writeFileSync(path.join(root, 'a.txt'), 'staged, then edited\n');
    fs.writeFileSync(path.join(root, 'draft.md'), 'untracked\n');
  });
  afterEach(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('restores branches, HEAD, index and files byte for byte, keeps the changed version, and blames every attempt that ran', async () => {
    const before = { main: git('rev-parse', 'main'), head: bytes('.git/HEAD'), index: bytes('.git/index'), a: bytes('a.txt'), draft: bytes('draft.md') };
    const guard = await open();
    await guard.started('t1#1');
    await guard.started('t2#1');
    // What an uncontained agent does: moves main, resets, deletes, adds, chmods.
    git('commit', '-qam', 'agent');
    git('checkout', '-q', '-b', 'agent-branch');
    fs.rmSync(path.join(root, 'draft.md'));
    fs.writeFileSync(path.join(root, 'evil.txt'), 'x');
    fs.chmodSync(path.join(root, 'run.sh'), 0o644);
    const reason = await guard.check('t1#1');
    assert.ok(reason?.startsWith(`${TOUCHED}: `), reason);
    assert.match(reason!, /moved main|created agent-branch/);
    assert.match(reason!, /while t1#1, t2#1 ran/);
    assert.equal(await guard.check('t2#1'), reason, 'the attempt beside it is blamed too');
    assert.equal(git('rev-parse', 'main'), before.main);
    assert.equal(bytes('.git/HEAD'), before.head);
    assert.equal(bytes('.git/index'), before.index);
    assert.equal(bytes('a.txt'), before.a);
    assert.equal(bytes('draft.md'), before.draft);
    assert.equal(fs.existsSync(path.join(root, 'evil.txt')), false);
    assert.equal(fs.statSync(path.join(root, 'run.sh')).mode & 0o777, 0o755);
    assert.equal(git('branch', '--list', 'agent-branch'), '');
    const kept = /refs\/baton\/changed\/\d+/.exec(reason!)![0];
    assert.equal(git('show', `${kept}:evil.txt`), 'x', 'the changed version is kept');
    guard.finished('t1#1');
    guard.finished('t2#1');
    await guard.started('t3#1');
    assert.equal(await guard.check('t3#1'), undefined, 'a clean attempt afterwards is not blamed');
  });

  it('finishes a restore a crash interrupted when the next engine opens the guard', async () => {
    const before = bytes('a.txt');
    await open();
    fs.writeFileSync(path.join(root, 'a.txt'), 'half-restored\n');
    fs.writeFileSync(path.join(guardDir, 'restoring'), '');
    await open();
    assert.equal(bytes('a.txt'), before);
    assert.equal(fs.existsSync(path.join(guardDir, 'restoring')), false);
  });
});
