import assert from 'node:assert/strict';
import { analyzeCriticalPath } from '../../../src/engine/graph/criticalPath';
import { graphOf } from './scheduleInvariants';

describe('graph/analyzeCriticalPath', () => {
  it('computes the diamond by hand', () => {
    // a(2) -> b(3) -> d(2) is 7 long; a -> c(1) -> d is 5, so c has 2 of slack.
    const result = analyzeCriticalPath(graphOf({ a: [2], b: [3, 'a'], c: [1, 'a'], d: [2, 'b', 'c'] }))!;
    assert.deepEqual(Object.fromEntries(result.earliestStart), { a: 0, b: 2, c: 2, d: 5 });
    assert.deepEqual(Object.fromEntries(result.earliestFinish), { a: 2, b: 5, c: 3, d: 7 });
    assert.deepEqual(Object.fromEntries(result.remaining), { a: 7, b: 5, c: 3, d: 2 });
    assert.deepEqual(Object.fromEntries(result.latestStart), { a: 0, b: 2, c: 4, d: 5 });
    assert.deepEqual(Object.fromEntries(result.slack), { a: 0, b: 0, c: 2, d: 0 });
    assert.deepEqual(result.criticalPath, ['a', 'b', 'd']);
    assert.equal(result.length, 7);
    assert.equal(result.totalWork, 8);
  });

  it('finds the longest chain across disconnected components, in dependency order', () => {
    // Written dependants-first, so input order differs from dependency order.
    const result = analyzeCriticalPath(graphOf({
      short2: [4, 'short1'],
      short1: [4],
      c: [2, 'b'],
      b: [3, 'a'],
      a: [5],
      lone: [9],
    }))!;
    assert.deepEqual(result.criticalPath, ['a', 'b', 'c']);
    assert.equal(result.length, 10);
    assert.equal(result.totalWork, 27);
    assert.equal(result.slack.get('lone'), 1);
    assert.equal(result.slack.get('short1'), 2);
    assert.equal(result.latestStart.get('short2'), 6);
  });

  it('breaks ties by input order at the start and at every fork', () => {
    const result = analyzeCriticalPath(graphOf({
      x: [2],
      y: [2],
      p: [1, 'x'],
      q: [1, 'x', 'y'],
    }))!;
    assert.equal(result.length, 3);
    assert.deepEqual(result.criticalPath, ['x', 'p']);
    assert.deepEqual(Object.fromEntries(result.slack), { x: 0, y: 0, p: 0, q: 0 });
  });

  it('keeps zero-estimate milestones on the path and runs source to sink', () => {
    const result = analyzeCriticalPath(graphOf({
      start: [0],
      a: [2, 'start'],
      b: [3, 'start'],
      gate: [0, 'a', 'b'],
      c: [1, 'gate'],
      done: [0, 'c'],
    }))!;
    assert.deepEqual(result.criticalPath, ['start', 'b', 'gate', 'c', 'done']);
    assert.equal(result.length, 4);
    assert.equal(result.earliestStart.get('gate'), 3);
    assert.equal(result.earliestFinish.get('gate'), 3);
    assert.equal(result.slack.get('a'), 1);
  });

  it('handles all-zero and empty graphs', () => {
    const zero = analyzeCriticalPath(graphOf({ a: [0], b: [0, 'a'] }))!;
    assert.equal(zero.length, 0);
    assert.deepEqual(zero.criticalPath, ['a', 'b']);
    const empty = analyzeCriticalPath(graphOf({}))!;
    assert.equal(empty.length, 0);
    assert.equal(empty.totalWork, 0);
    assert.deepEqual(empty.criticalPath, []);
  });

  it('returns undefined on a cycle', () => {
    assert.equal(analyzeCriticalPath(graphOf({ a: [1, 'b'], b: [1, 'a'] })), undefined);
  });
});
