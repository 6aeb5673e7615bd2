import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogTail } from '../../../src/extension/taskLog/logTail';

/** Resolves when `pred` holds, checking on every chunk; rejects after `ms`. */
function until(chunks: string[], pred: (all: string) => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      if (pred(chunks.join(''))) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out; got ${JSON.stringify(chunks.join(''))}`));
      setTimeout(check, 10);
    };
    check();
  });
}

describe('LogTail (the task log terminal\'s reader)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-tail-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('waits for a file that does not exist yet, then streams what is appended, split UTF-8 included', async () => {
    const file = path.join(dir, 'agent.log');
    const chunks: string[] = [];
    const tail = new LogTail(file, (c) => chunks.push(c), 20);
    try {
      fs.writeFileSync(file, 'starting\n');
      await until(chunks, (all) => all === 'starting\n');
      const euro = Buffer.from('€');
      fs.appendFileSync(file, Buffer.concat([Buffer.from('cost '), euro.subarray(0, 1)]));
      await until(chunks, (all) => all.startsWith('starting\ncost '));
      fs.appendFileSync(file, Buffer.concat([euro.subarray(1), Buffer.from('5\n')]));
      await until(chunks, (all) => all === 'starting\ncost €5\n');
    } finally {
      tail.stop();
    }
  });

  it('starts over when the file is replaced by a shorter one', async () => {
    const file = path.join(dir, 'agent.log');
    fs.writeFileSync(file, 'first attempt, long line\n');
    const chunks: string[] = [];
    const tail = new LogTail(file, (c) => chunks.push(c), 20);
    try {
      await until(chunks, (all) => all.includes('long line'));
      fs.writeFileSync(file, 'again\n');
      await until(chunks, (all) => all.endsWith('again\n'));
    } finally {
      tail.stop();
    }
  });

  it('carries on from the new end when a capped agent log cuts its middle (same start, shorter)', async () => {
    const file = path.join(dir, 'agent.log');
    const head = '=== baton agent run 2025-01-13T09:00:00.000Z ===\n$ agent --do-things\n\n';
    fs.writeFileSync(file, `${head}${'old output\n'.repeat(100)}`);
    const chunks: string[] = [];
    const tail = new LogTail(file, (c) => chunks.push(c), 20);
    try {
      await until(chunks, (all) => all.endsWith('old output\n'));
      // As BoundedLogFile compacts: the marker written in place after the head, the file truncated.
      const marker = '[baton: 900 bytes of output were cut here]\n';
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, marker, Buffer.byteLength(head));
      fs.ftruncateSync(fd, Buffer.byteLength(head + marker));
      fs.closeSync(fd);
      await until(chunks, (all) => all.includes('older output was cut'));
      fs.appendFileSync(file, 'new output\n');
      await until(chunks, (all) => all.endsWith('new output\n'));
      const all = chunks.join('');
      assert.equal(all.split(head).length, 2, 'the head is not shown twice');
      assert.match(all, /older output was cut/);
    } finally {
      tail.stop();
    }
  });
});
