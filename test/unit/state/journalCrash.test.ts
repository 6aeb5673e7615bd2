import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Journal } from '../../../src/engine/state/journal';
import { spawnFixture, tempDir } from './helpers';

describe('state/Journal after SIGKILL', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  // Three kills at random moments of a writer with eight appenders in flight.
  for (let round = 1; round <= 3; round++) {
    it(`reopens cleanly with consecutive seqs (round ${round})`, async () => {
      const file = path.join(dir, 'journal.jsonl');
      const writer = spawnFixture('appendLoop.ts', [file, 'crash-run']);
      assert.equal(await writer.line(), 'ready');
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 300));
      writer.child.kill('SIGKILL');
      assert.equal((await writer.exited).signal, 'SIGKILL');

      // Every complete line on disk is valid JSON with consecutive seqs; at most the unterminated tail is not.
      const raw = await fs.readFile(file, 'utf8');
      const complete = raw.slice(0, raw.lastIndexOf('\n') + 1).split('\n').slice(0, -1);
      assert.ok(complete.length > 0, 'the writer appended before it was killed');
      complete.forEach((line, i) => assert.equal((JSON.parse(line) as { seq: number }).seq, i + 1, `line ${i + 1}`));

      const journal = await Journal.open(file, { mode: 'writer' });
      assert.equal(journal.lastSeq, complete.length);
      const events = await journal.readFrom(1);
      assert.deepEqual(events.map((e) => e.seq), complete.map((_, i) => i + 1));
      assert.ok(events.every((e) => e.runId === 'crash-run'));
      const [next] = await journal.append([{ type: 'task:ready', task: 'after-crash' }]);
      assert.equal(next!.seq, complete.length + 1);
      await journal.close();
    });
  }
});
