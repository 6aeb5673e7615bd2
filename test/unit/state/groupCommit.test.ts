import assert from 'node:assert/strict';
import type { FileHandle } from 'node:fs/promises';
import { GroupCommitter } from '../../../src/engine/state/groupCommit';

/** A file handle that records writes, writes at most `chunk` bytes per call, and can fail its fsync. */
function fakeFile(chunk = Infinity): { fh: FileHandle; written: () => string; syncs: () => number; failNextSync(): void } {
  let text = '';
  let syncs = 0;
  let fail = false;
  const fh = {
    write: async (buf: Buffer, off: number, len: number) => {
      const n = Math.min(len, chunk);
      text += buf.toString('utf8', off, off + n);
      return { bytesWritten: n, buffer: buf };
    },
    datasync: async () => {
      await new Promise((r) => setTimeout(r, 2));
      if (fail) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      syncs++;
    },
  } as unknown as FileHandle;
  return { fh, written: () => text, syncs: () => syncs, failNextSync: () => void (fail = true) };
}

describe('state/GroupCommitter', () => {
  it('gathers everything submitted in one turn into one round, and later arrivals into the next', async () => {
    const file = fakeFile();
    const rounds: string[][] = [];
    const gc = new GroupCommitter<{ text: string }>(file.fh, (r) => rounds.push(r.map((e) => e.text)), (c) => c as Error);
    const first = Array.from({ length: 100 }, (_, i) => gc.submit({ text: `${i}\n` }));
    await Promise.all(first);
    const second = [gc.submit({ text: 'a\n' }), gc.submit({ text: 'b\n' })];
    await Promise.all(second);
    assert.equal(rounds.length, 2);
    assert.equal(rounds[0]!.length, 100);
    assert.deepEqual(rounds[1], ['a\n', 'b\n']);
    assert.equal(gc.rounds, 2);
    assert.equal(file.syncs(), 2);
    assert.equal(file.written(), `${Array.from({ length: 100 }, (_, i) => `${i}\n`).join('')}a\nb\n`);
  });

  it('finishes short writes before syncing', async () => {
    const file = fakeFile(3);
    const gc = new GroupCommitter<{ text: string }>(file.fh, () => undefined, (c) => c as Error);
    await Promise.all([gc.submit({ text: 'hello\n' }), gc.submit({ text: 'world\n' })]);
    assert.equal(file.written(), 'hello\nworld\n');
  });

  it('fails every waiting submitter on a failed fsync, and refuses from then on', async () => {
    const file = fakeFile();
    const gc = new GroupCommitter<{ text: string }>(file.fh, () => assert.fail('no round is durable'), (c) => new Error(`journal failed: ${(c as Error).message}`));
    file.failNextSync();
    const results = await Promise.allSettled([gc.submit({ text: 'x\n' }), gc.submit({ text: 'y\n' })]);
    assert.ok(results.every((r) => r.status === 'rejected' && /journal failed: EIO/.test((r.reason as Error).message)));
    assert.match(gc.failed!.message, /EIO/);
    await assert.rejects(gc.submit({ text: 'z\n' }), /journal failed/);
    await gc.drain();
  });

  it('keeps going when onRound throws: the entries are durable regardless', async () => {
    const file = fakeFile();
    const gc = new GroupCommitter<{ text: string }>(file.fh, () => { throw new Error('hook bug'); }, (c) => c as Error);
    await gc.submit({ text: 'a\n' });
    await gc.submit({ text: 'b\n' });
    assert.equal(file.written(), 'a\nb\n');
  });
});
