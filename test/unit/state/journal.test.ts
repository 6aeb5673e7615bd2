import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { NewEvent } from '../../../src/engine/state/events';
import { Journal } from '../../../src/engine/state/journal';
import { JournalCorruptError, JournalError, JournalTamperedError } from '../../../src/engine/state/journalErrors';
import { manualClock, runStarted, tempDir } from './helpers';

describe('state/Journal', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    file = path.join(dir, 'journal.jsonl');
  });
  afterEach(() => cleanup());

  async function writeEvents(n: number): Promise<void> {
    const j = await Journal.open(file, { mode: 'writer', runId: 'r1' });
    await j.append(Array.from({ length: n }, (_, i): NewEvent => ({ type: 'task:ready', task: `t${i}` })));
    await j.close();
  }

  it('round-trips events with seq, at and runId stamped', async () => {
    const clock = manualClock();
    const j = await Journal.open(file, { mode: 'writer', runId: 'r1', clock });
    const first = await j.append([runStarted(2)]);
    clock.advance(1500);
    const second = await j.append([{ type: 'task:ready', task: 't0' }, { type: 'task:assigned', task: 't0', agent: 'eng', team: 'core' }]);
    assert.deepEqual([...first, ...second].map((e) => e.seq), [1, 2, 3]);
    assert.equal(first[0]!.at, '2025-01-13T09:00:00.000Z');
    assert.equal(second[1]!.at, '2025-01-13T09:00:01.500Z');
    assert.ok([...first, ...second].every((e) => e.runId === 'r1'));
    await j.close();

    const text = await fs.readFile(file, 'utf8');
    assert.ok(text.startsWith('{"seq":1,"at":'), 'the envelope leads each line');
    const reader = await Journal.open(file, { mode: 'reader' });
    assert.equal(reader.lastSeq, 3);
    assert.equal(reader.runId, 'r1');
    assert.deepEqual(await reader.readFrom(1), [...first, ...second]);
    assert.deepEqual((await reader.readFrom(3)).map((e) => e.type), ['task:assigned']);
    const iterated = [];
    for await (const e of reader.events(2)) iterated.push(e.seq);
    assert.deepEqual(iterated, [2, 3]);
    await assert.rejects(reader.append([{ type: 'task:ready', task: 'x' }]), (e: unknown) => JournalError.is(e, 'read-only'));
  });

  it('continues seqs and the runId after reopening, and refuses another run', async () => {
    await writeEvents(3);
    const j = await Journal.open(file, { mode: 'writer' });
    const [e] = await j.append([{ type: 'task:ready', task: 'x' }]);
    assert.equal(e!.seq, 4);
    assert.equal(e!.runId, 'r1');
    await j.close();
    await assert.rejects(Journal.open(file, { mode: 'writer', runId: 'other' }), (err: unknown) => JournalError.is(err, 'run-mismatch'));
    const fresh = await Journal.open(path.join(dir, 'new.jsonl'), { mode: 'writer' });
    await assert.rejects(fresh.append([{ type: 'task:ready', task: 'x' }]), (err: unknown) => JournalError.is(err, 'no-run-id'));
    await fresh.close();
  });

  it('group-commits 1,000 concurrent appends: all present, seqs 1..1000 in call order, fewer fsyncs', async () => {
    const j = await Journal.open(file, { mode: 'writer', runId: 'r1' });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => j.append([{ type: 'task:ready', task: `t${i}` }])));
    assert.deepEqual(results.map((r) => r[0]!.seq), Array.from({ length: 1000 }, (_, i) => i + 1));
    assert.deepEqual(results.map((r) => r[0]!.type === 'task:ready' && r[0]!.task), Array.from({ length: 1000 }, (_, i) => `t${i}`));
    assert.equal(j.stats.appends, 1000);
    assert.ok(j.stats.fsyncs < 1000, `expected batching, got ${j.stats.fsyncs} fsyncs`);
    assert.ok(j.stats.fsyncs >= 1);
    await j.close();
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 1000);
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { seq: number }).seq), Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('resolves an append only after its events are on disk and readable', async () => {
    const j = await Journal.open(file, { mode: 'writer', runId: 'r1' });
    const seen: number[] = [];
    await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const [e] = await j.append([{ type: 'task:ready', task: `t${i}` }]);
      const text = await fs.readFile(file, 'utf8');
      assert.ok(text.includes(`"seq":${e!.seq},`));
      seen.push(e!.seq);
    }));
    assert.equal(seen.length, 50);
    await j.close();
  });

  it('truncates a torn last line (no newline) on writer open, keeping every event before it', async () => {
    await writeEvents(5);
    const torn = '{"seq":6,"at":"2025-01-1';
    await fs.appendFile(file, torn);
    const j = await Journal.open(file, { mode: 'writer' });
    assert.deepEqual(j.recovered, { tornBytes: Buffer.byteLength(torn) });
    assert.equal(j.lastSeq, 5);
    assert.deepEqual((await j.readFrom(1)).map((e) => e.seq), [1, 2, 3, 4, 5]);
    const [e] = await j.append([{ type: 'task:ready', task: 'after' }]);
    assert.equal(e!.seq, 6);
    await j.close();
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    assert.equal(lines.pop(), '', 'the file ends with a newline');
    assert.ok(lines.every((l) => JSON.parse(l) !== null));
  });

  it('treats an unparsable last line as torn, and a reader leaves the file alone', async () => {
    await writeEvents(3);
    await fs.appendFile(file, '{"seq":4,"at":"x","runId":"r1","type":"task:re\n');
    const sizeBefore = (await fs.stat(file)).size;
    const reader = await Journal.open(file, { mode: 'reader' });
    assert.equal(reader.lastSeq, 3);
    assert.equal(reader.recovered, undefined);
    assert.equal((await fs.stat(file)).size, sizeBefore);
    const writer = await Journal.open(file, { mode: 'writer' });
    assert.equal(writer.recovered?.tornBytes, sizeBefore - writer.size);
    assert.equal(writer.lastSeq, 3);
    await writer.close();
  });

  it('refuses a corrupt line in the middle with JournalCorruptError naming the line', async () => {
    await writeEvents(4);
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    lines.splice(2, 0, 'this is not json');
    await fs.writeFile(file, lines.join('\n'));
    await assert.rejects(Journal.open(file, { mode: 'writer' }), (error: unknown) => {
      assert.ok(JournalCorruptError.is(error));
      assert.equal(error.line, 3);
      assert.equal(error.snippet, 'this is not json');
      assert.match(error.message, /line 3/);
      return true;
    });
    await assert.rejects(Journal.open(file, { mode: 'reader' }), JournalCorruptError);
    const j = await Journal.open(file, { mode: 'writer', allowCorruptLines: true });
    assert.equal(j.problems.length, 1);
    assert.equal(j.problems[0]!.line, 3);
    assert.deepEqual((await j.readFrom(1)).map((e) => e.seq), [1, 2, 3, 4]);
    await j.close();
  });

  it('refuses lines moved out of order, naming the first line that no longer chains', async () => {
    await writeEvents(3);
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\n');
    await fs.writeFile(file, `${[lines[0], lines[2], lines[1], lines[2]].join('\n')}\n`);
    await assert.rejects(Journal.open(file, { mode: 'writer' }), (e: unknown) => JournalTamperedError.is(e) && e.line === 2 && /does not chain to line 1/.test(e.message));
  });

  it('rejects an oversized event or an unknown type whole, writing nothing', async () => {
    const j = await Journal.open(file, { mode: 'writer', runId: 'r1', maxEventBytes: 4096 });
    await assert.rejects(
      j.append([{ type: 'task:ready', task: 'ok' }, { type: 'task:blocked', task: 'big', reason: 'x'.repeat(5000) }]),
      (e: unknown) => JournalError.is(e, 'event-too-large') && /task:blocked for task big is \d+ bytes; .* at most 4096/.test(e.message),
    );
    await assert.rejects(j.append([{ type: 'task:exploded', task: 'x' } as unknown as NewEvent]), (e: unknown) => JournalError.is(e, 'invalid-event'));
    assert.equal(j.lastSeq, 0);
    const [e] = await j.append([{ type: 'task:ready', task: 'ok' }]);
    assert.equal(e!.seq, 1);
    await j.close();
    await assert.rejects(j.append([{ type: 'task:ready', task: 'late' }]), (err: unknown) => JournalError.is(err, 'closed'));
  });

  it('rejects a default-sized event over 1 MiB', async () => {
    const j = await Journal.open(file, { mode: 'writer', runId: 'r1' });
    await assert.rejects(j.append([{ type: 'task:blocked', task: 'big', reason: 'y'.repeat(1 << 20) }]), (e: unknown) => JournalError.is(e, 'event-too-large'));
    await j.close();
  });

  it('seeks with its index: readFrom deep into a long journal', async () => {
    const j = await Journal.open(file, { mode: 'writer', runId: 'r1' });
    for (let k = 0; k < 6; k++) await j.append(Array.from({ length: 500 }, (_, i): NewEvent => ({ type: 'task:ready', task: `t${k}-${i}` })));
    const tail = await j.readFrom(2500);
    assert.equal(tail.length, 501);
    assert.equal(tail[0]!.seq, 2500);
    await j.close();
    const reopened = await Journal.open(file, { mode: 'reader' });
    assert.deepEqual((await reopened.readFrom(2049)).map((e) => e.seq), Array.from({ length: 952 }, (_, i) => 2049 + i));
  });

  it('lets a follower tail appended lines from an offset, skipping an incomplete one', async () => {
    const j = await Journal.open(file, { mode: 'writer', runId: 'r1' });
    await j.append([{ type: 'task:ready', task: 'a' }, { type: 'task:ready', task: 'b' }]);
    const first = await Journal.tail(file, 0);
    assert.deepEqual(first.events.map((e) => e.seq), [1, 2]);
    assert.equal(first.nextOffset, j.size);
    await j.append([{ type: 'task:ready', task: 'c' }]);
    await fs.appendFile(file, '{"seq":4,"at'); // a line still being written
    const second = await Journal.tail(file, first.nextOffset);
    assert.deepEqual(second.events.map((e) => e.seq), [3]);
    assert.equal(second.reset, false);
    assert.deepEqual(await Journal.tail(file, (await fs.stat(file)).size + 10), { events: [], nextOffset: 0, reset: true });
    assert.deepEqual(await Journal.tail(path.join(dir, 'missing.jsonl'), 0), { events: [], nextOffset: 0, reset: false });
    await j.close();
  });
});
