import assert from 'node:assert/strict';
import { TaskGraph } from '../../../src/engine/graph/taskGraph';

describe('graph/TaskGraph', () => {
  const graph = TaskGraph.from([
    { id: 'a', estimate: 2, dependencies: [] },
    { id: 'b', estimate: 3, dependencies: ['a', 'a', 'ghost'] },
    { id: 'c', estimate: 1, dependencies: ['a'] },
    { id: 'a', estimate: 99, dependencies: ['c'] },
    { id: 'd', estimate: 0, dependencies: ['c', 'b'] },
  ]);

  it('keeps input order and the first of duplicate ids', () => {
    assert.deepEqual(graph.ids, ['a', 'b', 'c', 'd']);
    assert.equal(graph.size, 4);
    assert.equal(graph.estimate('a'), 2);
    assert.deepEqual(graph.dependenciesOf('a'), []);
    assert.equal(graph.indexOf('c'), 2);
    assert.equal(graph.idAt(3), 'd');
  });

  it('drops unknown and duplicate dependencies but keeps the written order', () => {
    assert.deepEqual(graph.dependenciesOf('b'), ['a']);
    assert.deepEqual(graph.dependenciesOf('d'), ['c', 'b']);
    assert.equal(graph.edgeCount, 4);
    assert.deepEqual(graph.node('b')?.dependencies, ['a', 'a', 'ghost']);
  });

  it('lists dependants in input order', () => {
    assert.deepEqual(graph.dependantsOf('a'), ['b', 'c']);
    assert.deepEqual(graph.dependantsOf('c'), ['d']);
    assert.deepEqual(graph.dependantsOf('d'), []);
  });

  it('answers unknown ids without throwing', () => {
    assert.equal(graph.has('ghost'), false);
    assert.equal(graph.node('ghost'), undefined);
    assert.equal(graph.indexOf('ghost'), -1);
    assert.equal(graph.estimate('ghost'), undefined);
    assert.deepEqual(graph.dependenciesOf('ghost'), []);
    assert.deepEqual(graph.dependantsOf('ghost'), []);
    assert.throws(() => graph.idAt(4), RangeError);
  });

  it('rejects negative and non-finite estimates', () => {
    assert.throws(() => TaskGraph.from([{ id: 'x', estimate: -1, dependencies: [] }]), RangeError);
    assert.throws(() => TaskGraph.from([{ id: 'x', estimate: Number.NaN, dependencies: [] }]), RangeError);
    assert.throws(() => TaskGraph.from([{ id: 'x', estimate: Number.POSITIVE_INFINITY, dependencies: [] }]), RangeError);
  });

  it('handles the empty graph', () => {
    const empty = TaskGraph.from([]);
    assert.equal(empty.size, 0);
    assert.deepEqual(empty.ids, []);
  });
});
