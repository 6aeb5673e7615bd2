import assert from 'node:assert/strict';
import { transitiveDependants, transitiveDependencies, unblockedBy, wouldCreateCycle } from '../../../src/engine/graph/unblocks';
import { graphOf } from './scheduleInvariants';

describe('graph/unblocks', () => {
  // a -> {b, c}; d needs b and c; e needs a only; f needs d and x; x is independent.
  const graph = graphOf({
    a: [1],
    x: [1],
    f: [1, 'd', 'x'],
    b: [1, 'a'],
    c: [1, 'a'],
    d: [1, 'b', 'c'],
    e: [1, 'a'],
  });

  describe('unblockedBy', () => {
    it('lists dependants whose other dependencies are done, in input order', () => {
      assert.deepEqual(unblockedBy(graph, 'a', new Set()), ['b', 'c', 'e']);
      assert.deepEqual(unblockedBy(graph, 'b', new Set(['a'])), []);
      assert.deepEqual(unblockedBy(graph, 'b', new Set(['a', 'c'])), ['d']);
      assert.deepEqual(unblockedBy(graph, 'd', new Set(['a', 'b', 'c'])), []);
      assert.deepEqual(unblockedBy(graph, 'd', new Set(['x'])), ['f']);
      assert.deepEqual(unblockedBy(graph, 'x', new Set(['d'])), ['f']);
    });

    it('skips dependants that are already done and unknown ids', () => {
      assert.deepEqual(unblockedBy(graph, 'a', new Set(['c'])), ['b', 'e']);
      assert.deepEqual(unblockedBy(graph, 'ghost', new Set()), []);
      assert.deepEqual(unblockedBy(graph, 'e', new Set()), []);
    });
  });

  describe('transitive closure', () => {
    it('walks downstream and upstream in input order', () => {
      assert.deepEqual(transitiveDependants(graph, 'a'), ['f', 'b', 'c', 'd', 'e']);
      assert.deepEqual(transitiveDependants(graph, 'x'), ['f']);
      assert.deepEqual(transitiveDependants(graph, 'f'), []);
      assert.deepEqual(transitiveDependencies(graph, 'f'), ['a', 'x', 'b', 'c', 'd']);
      assert.deepEqual(transitiveDependencies(graph, 'e'), ['a']);
      assert.deepEqual(transitiveDependencies(graph, 'ghost'), []);
    });

    it('never includes the task itself, even on a cycle', () => {
      const cyclic = graphOf({ a: [1, 'b'], b: [1, 'a'], c: [1, 'c'] });
      assert.deepEqual(transitiveDependants(cyclic, 'a'), ['b']);
      assert.deepEqual(transitiveDependencies(cyclic, 'c'), []);
    });
  });

  describe('wouldCreateCycle', () => {
    it('is true when the target already depends on the source, or for a self-edge', () => {
      assert.equal(wouldCreateCycle(graph, 'a', 'd'), true);
      assert.equal(wouldCreateCycle(graph, 'a', 'b'), true);
      assert.equal(wouldCreateCycle(graph, 'x', 'f'), true);
      assert.equal(wouldCreateCycle(graph, 'a', 'a'), true);
      assert.equal(wouldCreateCycle(graph, 'ghost', 'ghost'), true);
    });

    it('is false for edges that keep the graph acyclic', () => {
      assert.equal(wouldCreateCycle(graph, 'd', 'a'), false);
      assert.equal(wouldCreateCycle(graph, 'f', 'e'), false);
      assert.equal(wouldCreateCycle(graph, 'b', 'c'), false);
      assert.equal(wouldCreateCycle(graph, 'a', 'x'), false);
      assert.equal(wouldCreateCycle(graph, 'a', 'ghost'), false);
      assert.equal(wouldCreateCycle(graph, 'ghost', 'a'), false);
    });
  });
});
