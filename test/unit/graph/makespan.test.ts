import assert from 'node:assert/strict';
import { levelByLevelSchedule, listSchedule, lowerBound } from '../../../src/engine/graph/makespan';
import { assertValidSchedule, graphOf } from './scheduleInvariants';

describe('graph/makespan', () => {
  const diamond = graphOf({ a: [2], b: [3, 'a'], c: [1, 'a'], d: [2, 'b', 'c'] });
  // Three free unit tasks written before a unit chain p -> q -> r.
  const chainAfterFree = graphOf({ x: [1], y: [1], z: [1], p: [1], q: [1, 'p'], r: [1, 'q'] });
  // Fan-out from r to six 2-point tasks, fan-in to s.
  const fan = graphOf({
    r: [1], m1: [2, 'r'], m2: [2, 'r'], m3: [2, 'r'], m4: [2, 'r'], m5: [2, 'r'], m6: [2, 'r'],
    s: [1, 'm1', 'm2', 'm3', 'm4', 'm5', 'm6'],
  });

  describe('lowerBound', () => {
    it('is the total work on one worker and the critical path on many', () => {
      assert.equal(lowerBound(diamond, 1), 8);
      assert.equal(lowerBound(diamond, 2), 7);
      assert.equal(lowerBound(diamond, 100), 7);
      assert.equal(lowerBound(fan, 1), 14);
      assert.equal(lowerBound(fan, 2), 7);
      assert.equal(lowerBound(fan, 3), 14 / 3);
      assert.equal(lowerBound(fan, 6), 4);
      assert.equal(lowerBound(graphOf({}), 3), 0);
    });

    it('is infinite on a cycle', () => {
      assert.equal(lowerBound(graphOf({ a: [1, 'a'] }), 2), Number.POSITIVE_INFINITY);
    });

    it('validates workers', () => {
      assert.throws(() => lowerBound(diamond, 0), { name: 'RangeError', message: 'Expected `workers` to be an integer >= 1, got `0`' });
      assert.throws(() => lowerBound(diamond, 1.5), RangeError);
      assert.throws(() => listSchedule(diamond, Number.NaN), RangeError);
      assert.throws(() => levelByLevelSchedule(diamond, -1), RangeError);
    });
  });

  describe('listSchedule', () => {
    it('schedules the diamond on 2 workers', () => {
      const result = listSchedule(diamond, 2)!;
      assertValidSchedule(diamond, 2, result);
      assert.equal(result.makespan, 7);
      assert.deepEqual(Object.fromEntries(result.start), { a: 0, b: 2, c: 2, d: 5 });
      assert.deepEqual(Object.fromEntries(result.workerOf), { a: 0, b: 0, c: 1, d: 0 });
    });

    it('runs the critical chain first and beats input-order priority', () => {
      const cp = listSchedule(chainAfterFree, 2)!;
      assertValidSchedule(chainAfterFree, 2, cp);
      assert.equal(cp.makespan, 3);
      assert.deepEqual(Object.fromEntries(cp.start), { x: 0, y: 1, z: 2, p: 0, q: 1, r: 2 });
      const fifo = listSchedule(chainAfterFree, 2, { priority: (id) => [-chainAfterFree.indexOf(id)] })!;
      assertValidSchedule(chainAfterFree, 2, fifo);
      assert.equal(fifo.makespan, 4);
      assert.deepEqual(Object.fromEntries(fifo.start), { x: 0, y: 0, z: 1, p: 1, q: 2, r: 3 });
    });

    it('falls back to input order when custom keys tie', () => {
      const result = listSchedule(chainAfterFree, 1, { priority: () => [0] })!;
      assert.deepEqual(Object.fromEntries(result.start), { x: 0, y: 1, z: 2, p: 3, q: 4, r: 5 });
    });

    it('schedules fan-out/fan-in', () => {
      const three = listSchedule(fan, 3)!;
      assertValidSchedule(fan, 3, three);
      assert.equal(three.makespan, 6);
      const six = listSchedule(fan, 6)!;
      assertValidSchedule(fan, 6, six);
      assert.equal(six.makespan, 4);
      assert.equal(listSchedule(fan, 1)!.makespan, 14);
    });

    it('uses only as many workers as it needs on disconnected chains', () => {
      const graph = graphOf({ a: [2], b: [2, 'a'], c: [3], d: [1], e: [1, 'd'], f: [1, 'e'] });
      const result = listSchedule(graph, 1000)!;
      assertValidSchedule(graph, 1000, result);
      assert.equal(result.makespan, 4);
      assert.deepEqual(new Set(result.workerOf.values()), new Set([0, 1, 2]));
    });

    it('handles zero-estimate tasks (finish = start) and releases their dependants at once', () => {
      const graph = graphOf({ a: [2], b: [3], m: [0, 'a', 'b'], c: [1, 'm'] });
      const one = listSchedule(graph, 1)!;
      assertValidSchedule(graph, 1, one);
      assert.deepEqual(Object.fromEntries(one.start), { a: 3, b: 0, m: 5, c: 5 });
      assert.equal(one.makespan, 6);
      const two = listSchedule(graph, 2)!;
      assertValidSchedule(graph, 2, two);
      assert.equal(two.finish.get('m'), 3);
      assert.equal(two.makespan, 4);
      assert.equal(listSchedule(graphOf({ a: [0], b: [0, 'a'] }), 1)!.makespan, 0);
    });

    it('returns an empty schedule for an empty graph and undefined on a cycle', () => {
      assert.deepEqual(listSchedule(graphOf({}), 2), { makespan: 0, start: new Map(), finish: new Map(), workerOf: new Map() });
      const cyclic = graphOf({ a: [1], b: [1, 'c'], c: [1, 'b'] });
      assert.equal(listSchedule(cyclic, 2), undefined);
      assert.equal(listSchedule(cyclic, 2, { priority: () => [] }), undefined);
      assert.equal(levelByLevelSchedule(cyclic, 2), undefined);
    });
  });

  describe('levelByLevelSchedule', () => {
    it('waits for each level, so a long task delays an unrelated chain', () => {
      // Levels: {long, b}, {c}. The barrier holds c until long finishes at 10.
      const graph = graphOf({ long: [10], b: [1], c: [1, 'b'] });
      const naive = levelByLevelSchedule(graph, 2)!;
      assertValidSchedule(graph, 2, naive);
      assert.equal(naive.makespan, 11);
      assert.equal(naive.start.get('c'), 10);
      const list = listSchedule(graph, 2)!;
      assert.equal(list.makespan, 10);
      assert.ok(naive.makespan > list.makespan);
    });

    it('places longest first within a level', () => {
      const graph = graphOf({ a: [1], b: [2], c: [3], d: [2, 'a'] });
      const result = levelByLevelSchedule(graph, 2)!;
      assertValidSchedule(graph, 2, result);
      assert.deepEqual(Object.fromEntries(result.start), { a: 2, b: 0, c: 0, d: 3 });
      assert.equal(result.makespan, 5);
    });

    it('equals the critical path on the diamond with many workers', () => {
      const result = levelByLevelSchedule(diamond, 10)!;
      assertValidSchedule(diamond, 10, result);
      assert.equal(result.makespan, 7);
    });
  });
});
