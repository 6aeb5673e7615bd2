import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BoundedLogFile, markerText } from '../../../src/engine/runners/boundedLogFile';

const CUT = /\[baton: (\d+) bytes of output were cut here \(max_agent_log_size is ([^:]+): the log keeps its start and its end\)\] */;

describe('runners/BoundedLogFile', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-log-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('below the cap is a plain append', async () => {
    const file = path.join(dir, 'agent.log');
    const log = BoundedLogFile.open(file, 64 * 1024);
    for (let i = 0; i < 100; i++) log.write(`line ${i}\n`);
    await log.close('=== done ===\n');
    assert.equal(fs.readFileSync(file, 'utf8'), `${Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join('')}=== done ===\n`);
    assert.equal(log.cutBytes, 0);
  });

  it('past the cap keeps the start and the latest output, at most the cap, with a marker of exactly what was cut', async () => {
    const file = path.join(dir, 'agent.log');
    const cap = 256 * 1024;
    const log = BoundedLogFile.open(file, cap);
    let total = 0;
    let lastLine = '';
    for (let i = 0; i < 40_000; i++) {
      lastLine = `output line ${String(i).padStart(6, '0')} ${'x'.repeat(i % 50)}\n`;
      total += Buffer.byteLength(lastLine);
      log.write(lastLine);
    }
    await log.close('=== exit 0 ===\n');
    const text = fs.readFileSync(file, 'utf8');
    const size = fs.statSync(file).size;
    assert.ok(size <= cap, `${size} bytes > cap ${cap}`);
    assert.ok(size > cap / 2, 'the log is not cut far below its cap');
    assert.ok(text.startsWith('output line 000000 \n'), 'the head is kept');
    assert.ok(text.endsWith(`${lastLine}=== exit 0 ===\n`), 'the newest output and the footer are kept');
    const marker = CUT.exec(text);
    assert.ok(marker, 'a marker says what was cut');
    assert.equal(marker[2], '256 KB');
    const kept = size - Buffer.byteLength('=== exit 0 ===\n') - Buffer.byteLength(markerText(0, cap));
    assert.equal(Number(marker[1]), total - kept, 'the count is exact');
    assert.equal(log.cutBytes, total - kept);
    // Kept lines are whole: the head ends and the tail starts at a line boundary.
    const [head, tail] = text.split(marker[0]);
    assert.ok(head!.endsWith('\n') && tail!.startsWith('\n'));
    assert.match(tail!.split('\n')[1]!, /^output line \d{6} x*$/);
  });

  it('keeps only the end of a single chunk bigger than the whole budget', async () => {
    const file = path.join(dir, 'agent.log');
    const cap = 64 * 1024;
    const log = BoundedLogFile.open(file, cap);
    log.write('start\n');
    log.write(`${'a'.repeat(200_000)}\nthe end\n`);
    await log.close('');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(fs.statSync(file).size <= cap);
    assert.ok(text.startsWith('start\n'));
    assert.ok(text.endsWith('the end\n'));
    assert.match(text, CUT);
  });

  it('asks a fast producer to pause, and resumes it once the queue drained', async () => {
    const log = BoundedLogFile.open(path.join(dir, 'agent.log'), 8 * 1024 * 1024);
    let paused = false;
    for (let i = 0; i < 64 && !paused; i++) paused = !log.write('y'.repeat(64 * 1024));
    assert.equal(paused, true);
    assert.ok(paused, 'write returns false past the high-water mark');
    await new Promise<void>((resume) => log.onDrain(resume));
    await log.close('');
    assert.equal(fs.statSync(path.join(dir, 'agent.log')).size, 64 * 1024 * 17);
  });
});
