import assert from 'node:assert/strict';
import type { ProcessExit } from '../../../src/engine/runners/agentProcess';
import { lastLines, settleResult } from '../../../src/engine/runners/agentResult';
import { readResultFile } from '../../../src/engine/runners/resultFile';
import { OutputCapture } from '../../../src/engine/runners/outputCapture';
import { parseJsonLines } from '../../../src/engine/runners/jsonLines';

function exit(overrides: Partial<ProcessExit> = {}): ProcessExit {
  return { exitCode: 0, signal: null, reason: 'exited', durationMs: 10, outputTail: '', stderrTail: '', stdout: '', ...overrides };
}

const file = (value: unknown): string => JSON.stringify(value);

describe('runners/settleResult', () => {
  it('falls back to the exit code, with the fallback summary', () => {
    assert.deepEqual(settleResult(exit(), {}, undefined, 'last lines'), { status: 'success', summary: 'last lines', artifacts: [], exitCode: 0 });
    const failed = settleResult(exit({ exitCode: 4 }), {}, undefined, '');
    assert.equal(failed.status, 'failure');
    assert.equal(failed.reason, 'the process exited with code 4');
  });

  it('treats a blank result file as absent', () => {
    assert.equal(settleResult(exit(), {}, '  \n', '').status, 'success');
  });

  it('prefers the result file, then the stream, then the exit code', () => {
    const stream = { status: 'failure' as const, summary: 'stream says no', error: 'boom' };
    const fromFile = settleResult(exit(), stream, file({ status: 'success', summary: 'file says yes', artifacts: ['a.md'], outcome: 'ok', knownIssues: ['flaky test'] }), '');
    assert.deepEqual(fromFile, { status: 'success', summary: 'file says yes', artifacts: ['a.md'], outcome: 'ok', knownIssues: ['flaky test'], exitCode: 0 });
    const fromStream = settleResult(exit(), stream, undefined, '');
    assert.equal(fromStream.status, 'failure');
    assert.equal(fromStream.reason, 'boom');
  });

  it('keeps an agent-reported failure or block on exit 0, with a reason', () => {
    const blocked = settleResult(exit(), {}, file({ status: 'blocked', summary: 'Need the API key for staging.\nMore detail.' }), '');
    assert.equal(blocked.status, 'blocked');
    assert.equal(blocked.reason, 'the result file reports blocked: Need the API key for staging.');
  });

  it('honours blocked with a non-zero exit, but never after a timeout', () => {
    assert.equal(settleResult(exit({ exitCode: 1 }), {}, file({ status: 'blocked', summary: 's' }), '').status, 'blocked');
    const timedOut = settleResult(exit({ exitCode: null, signal: 'SIGTERM', reason: 'timeout', error: 'timed out after 30 s' }), {}, file({ status: 'blocked', summary: 's' }), '');
    assert.equal(timedOut.status, 'failure');
    assert.equal(timedOut.reason, 'the process timed out after 30 s');
  });

  it('names a contradiction between a successful claim and a failed process', () => {
    const stream = settleResult(exit({ exitCode: null, signal: 'SIGKILL' }), { status: 'success', summary: 'done' }, undefined, '');
    assert.equal(stream.status, 'failure');
    assert.equal(stream.reason, "the agent's final event says success, but the process was killed by SIGKILL");
    const cancelled = settleResult(exit({ reason: 'cancelled', error: 'cancelled', exitCode: null }), {}, file({ status: 'success', summary: 'x' }), '');
    assert.equal(cancelled.reason, 'the result file says success, but the process was cancelled');
  });

  it('names what is wrong with a malformed result file', () => {
    const notJson = settleResult(exit(), {}, '{status: success}', '');
    assert.equal(notJson.status, 'failure');
    assert.match(notJson.reason!, /^the result file is malformed: it is not valid JSON \(/);
    const badShape = readResultFile(file({ status: 'done', artifacts: 'a.md' }));
    assert.equal(badShape.kind, 'malformed');
    assert.match((badShape as { problem: string }).problem, /^`status`: .*; `artifacts`: /);
    assert.equal(readResultFile(file(['success'])).kind, 'malformed');
  });

  it('flags rate limits only on failures, and not from JSON tool output', () => {
    assert.equal(settleResult(exit({ exitCode: 1, outputTail: 'Error: 429 Too Many Requests\n' }), {}, undefined, '').rateLimited, true);
    assert.equal(settleResult(exit({ outputTail: 'rate limit handling added\n' }), {}, undefined, '').rateLimited, undefined);
    const jsonOnly = exit({ exitCode: 1, outputTail: '{"type":"user","content":"expect(res.status).toBe(429)"}\n' });
    assert.equal(settleResult(jsonOnly, {}, undefined, '').rateLimited, undefined);
  });

  it('copies session, cost and usage from the stream', () => {
    const result = settleResult(exit(), { status: 'success', sessionId: 's1', costUsd: 0.5, usage: { inputTokens: 3 } }, undefined, '');
    assert.deepEqual([result.sessionId, result.costUsd, result.usage], ['s1', 0.5, { inputTokens: 3 }]);
  });
});

describe('runners/output helpers', () => {
  it('lastLines keeps the last non-empty, non-JSON lines', () => {
    assert.equal(lastLines('a\n\nb\n{"type":"x"}\nc\n\n', 2), 'b\nc');
    assert.equal(lastLines('x'.repeat(50), 5, 10), `…${'x'.repeat(10)}`);
  });

  it('parseJsonLines skips banners, torn lines and non-objects', () => {
    assert.deepEqual(parseJsonLines('banner\n{"a":1}\n{"torn":\n[1,2]\n  {"b":2}  \n'), [{ a: 1 }, { b: 2 }]);
  });

  it('OutputCapture keeps the head and the tail and marks the gap on its own line', () => {
    const capture = new OutputCapture(10, 20);
    for (let i = 0; i < 100; i++) capture.append(`line${String(i).padStart(2, '0')}\n`);
    const text = capture.text();
    assert.ok(text.startsWith('line00\nlin'));
    assert.ok(text.endsWith('line98\nline99\n'));
    assert.match(text, /\n\[… 670 characters of output omitted …\]\n/);
  });
});
