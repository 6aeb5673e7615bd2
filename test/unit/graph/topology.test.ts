import assert from 'node:assert/strict';
import { dependencyLevels, groupByLevel, topologicalOrder } from '../../../src/engine/graph/topology';
import { graphOf } from './scheduleInvariants';

describe('graph/topology', () => {
  const diamond = graphOf({ a: [2], b: [3, 'a'], c: [1, 'a'], d: [2, 'b', 'c'] });

  it('orders a diamond', () => {
    assert.deepEqual(topologicalOrder(diamond), ['a', 'b', 'c', 'd']);
    assert.deepEqual(Object.fromEntries(dependencyLevels(diamond)!), { a: 0, b: 1, c: 1, d: 2 });
    assert.deepEqual(groupByLevel(diamond), [['a'], ['b', 'c'], ['d']]);
  });

  it('breaks ties by input order, not by when a task became ready', () => {
    // z is written first but waits for y; x and w are free from the start.
    const graph = graphOf({ z: [1, 'y'], y: [1], x: [1], w: [1, 'x'] });
    assert.deepEqual(topologicalOrder(graph), ['y', 'z', 'x', 'w']);
    assert.deepEqual(groupByLevel(graph), [['y', 'x'], ['z', 'w']]);
  });

  it('puts a dependency written later before its dependant', () => {
    const graph = graphOf({ c: [1, 'b'], b: [1, 'a'], a: [1] });
    assert.deepEqual(topologicalOrder(graph), ['a', 'b', 'c']);
    assert.deepEqual(Object.fromEntries(dependencyLevels(graph)!), { c: 2, b: 1, a: 0 });
  });

  it('levels disconnected components independently and uses the deepest dependency', () => {
    const graph = graphOf({ a: [1], b: [1, 'a'], c: [1], d: [1], e: [1, 'd'], f: [1, 'e', 'c'] });
    assert.deepEqual(groupByLevel(graph), [['a', 'c', 'd'], ['b', 'e'], ['f']]);
    assert.deepEqual(topologicalOrder(graph), ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('returns undefined on a cycle and empty results on the empty graph', () => {
    const cyclic = graphOf({ a: [1], b: [1, 'c'], c: [1, 'b'] });
    assert.equal(topologicalOrder(cyclic), undefined);
    assert.equal(dependencyLevels(cyclic), undefined);
    assert.equal(groupByLevel(cyclic), undefined);
    assert.deepEqual(topologicalOrder(graphOf({})), []);
    assert.deepEqual(groupByLevel(graphOf({})), []);
  });
});
