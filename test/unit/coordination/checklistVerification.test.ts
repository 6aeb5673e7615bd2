import assert from 'node:assert/strict';
import * as os from 'node:os';
import { describeChecklistFailures, verifyChecklist } from '../../../src/engine/coordination/checklistVerification';
import type { CommandOutcome } from '../../../src/engine/run/runCommand';

const env = { PATH: process.env.PATH ?? '' };

describe('coordination/checklistVerification', () => {
  it('runs every item with a command, in order, and leaves stated items unverified', async () => {
    const ran: string[][] = [];
    const outcomes: CommandOutcome[] = [
      { ok: false, exitCode: 1, output: 'FAIL auth.test.ts\n1 failing\n', durationMs: 12, reason: 'exited 1' },
      { ok: true, exitCode: 0, output: '', durationMs: 3 },
    ];
    const result = await verifyChecklist(
      [{ item: 'unit tests pass', verify: ['npm', 'test'] }, { item: 'docs updated' }, { item: 'lint clean', verify: ['npm', 'run', 'lint'], timeoutSeconds: 5 }],
      { cwd: '/wt', env, run: async (argv, o) => (ran.push([...argv, String(o.timeoutMs)]), outcomes.shift()!) },
    );
    assert.deepEqual(ran, [['npm', 'test', '600000'], ['npm', 'run', 'lint', '5000']]);
    assert.equal(result.passed, false);
    assert.deepEqual(result.checklist, [
      { item: 'unit tests pass', verify: ['npm', 'test'], passed: false, exitCode: 1, durationMs: 12, output: 'FAIL auth.test.ts\n1 failing\n', reason: 'exited 1' },
      { item: 'docs updated' },
      { item: 'lint clean', verify: ['npm', 'run', 'lint'], passed: true, exitCode: 0, durationMs: 3 },
    ]);
    assert.equal(describeChecklistFailures(result.checklist), 'checklist item "unit tests pass" failed: `npm test` exited 1 (1 failing)');
  });

  it('passes with only stated items, and runs real commands without a shell', async () => {
    assert.equal((await verifyChecklist([{ item: 'stated' }], { cwd: os.tmpdir(), env })).passed, true);
    const real = await verifyChecklist([
      { item: 'ok', verify: [process.execPath, '-e', 'console.log("fine")'] },
      { item: 'no shell', verify: [process.execPath, '-e', 'process.exit(process.argv[1] === "$HOME" ? 0 : 1)', '$HOME'] },
      { item: 'missing', verify: ['definitely-not-a-program-xyz'] },
      { item: 'slow', verify: [process.execPath, '-e', 'setTimeout(() => {}, 5000)'], timeoutSeconds: 0.3 },
    ], { cwd: os.tmpdir(), env });
    assert.deepEqual(real.checklist.map((c) => [c.item, c.passed, c.reason]), [
      ['ok', true, undefined], ['no shell', true, undefined], ['missing', false, '`definitely-not-a-program-xyz` was not found'], ['slow', false, 'timed out after 0 s'],
    ]);
    assert.match(real.checklist[0]!.output!, /fine/);
  });

  it('keeps only the tail of long output', async () => {
    const result = await verifyChecklist([{ item: 'noisy', verify: ['x'] }], { cwd: '/', env, run: async () => ({ ok: true, exitCode: 0, output: 'y'.repeat(10_000), durationMs: 1 }) });
    assert.equal(result.checklist[0]!.output!.length, 4097);
    assert.ok(result.checklist[0]!.output!.startsWith('…'));
  });
});
