import assert from 'node:assert/strict';
import { AsyncMutex } from '../../../src/engine/worktrees/asyncMutex';
import { GitRunner } from '../../../src/engine/worktrees/gitRunner';
import { KeyedMutex } from '../../../src/engine/worktrees/keyedMutex';
import { WorktreeError } from '../../../src/engine/worktrees/worktreeError';
import { pickSlot } from '../../../src/engine/worktrees/portSlots';
import { parseWorktreeList } from '../../../src/engine/worktrees/worktreeList';

describe('worktrees/units', () => {
  it('AsyncMutex runs sections one at a time, in call order, and survives a failing section', async () => {
    const mutex = new AsyncMutex();
    const log: string[] = [];
    let inside = 0;
    const section = (name: string, fail = false) => mutex.run(async () => {
      inside++;
      assert.equal(inside, 1, 'sections never overlap');
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
      log.push(`end ${name}`);
      inside--;
      if (fail) throw new Error(name);
      return name;
    });
    const results = await Promise.allSettled([section('a'), section('b', true), section('c')]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('KeyedMutex runs sections with one key in order and different keys side by side', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const section = (key: string, name: string, ms: number, fail = false) => mutex.run(key, async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
    });
    const results = await Promise.allSettled([section('x', 'x1', 20, true), section('y', 'y1', 1), section('x', 'x2', 1)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled', 'fulfilled']);
    assert.deepEqual(log, ['start x1', 'start y1', 'end y1', 'end x1', 'start x2', 'end x2']);
  });

  it('GitRunner passes stdin, allowed exit codes and -c settings, and names the failing command', async () => {
    const git = new GitRunner(process.cwd());
    const cwd = process.cwd();
    assert.equal((await git.run(cwd, ['hash-object', '--stdin'], { input: 'hello\n' })).trim(), 'ce013625030ba8dba906f756967f9e9ca394464a');
    assert.deepEqual(await git.exec(cwd, ['rev-parse', '--verify', '-q', 'refs/heads/no/such/branch'], { allowExit: [1] }), { stdout: '', exitCode: 1 });
    assert.equal((await git.run(cwd, ['config', '--get', 'baton.probe'], { config: ['baton.probe=yes'] })).trim(), 'yes');
    await assert.rejects(git.run(cwd, ['rev-parse', '--verify', 'refs/heads/no/such/branch']), (e: unknown) => WorktreeError.is(e) && /git rev-parse .* \(exit 128\)/.test(e.message));
    await assert.rejects(git.run('/no/such/folder', ['status']), (e: unknown) => WorktreeError.is(e));
  });

  it('pickSlot keeps a free preferred slot, else takes the lowest free one', () => {
    assert.equal(pickSlot(new Set()), 0);
    assert.equal(pickSlot(new Set([0, 1, 3])), 2);
    assert.equal(pickSlot(new Set([0, 1]), 7), 7);
    assert.equal(pickSlot(new Set([0, 7]), 7), 1);
  });

  it('parseWorktreeList reads branches, detached, bare, locked and prunable entries', () => {
    const text = [
      'worktree /repo', 'HEAD aaa', 'branch refs/heads/main', '',
      'worktree /wt/s/t', 'HEAD bbb', 'branch refs/heads/baton/s/t', 'locked', '',
      'worktree /wt/s/gone', 'HEAD ccc', 'detached', 'prunable gitdir file points to non-existent location', '',
      'worktree /bare', 'bare', '',
    ].join('\n');
    assert.deepEqual(parseWorktreeList(text).map(({ branch, head, bare, locked, prunable }) => ({ branch, head, bare, locked, prunable })), [
      { branch: 'main', head: 'aaa', bare: false, locked: false, prunable: false },
      { branch: 'baton/s/t', head: 'bbb', bare: false, locked: true, prunable: false },
      { branch: undefined, head: 'ccc', bare: false, locked: false, prunable: true },
      { branch: undefined, head: undefined, bare: true, locked: false, prunable: false },
    ]);
  });
});
