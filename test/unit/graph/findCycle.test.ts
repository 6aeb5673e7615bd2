import assert from 'node:assert/strict';
import { findCycle, findCycles, stronglyConnectedComponents } from '../../../src/engine/graph/findCycle';
import type { TaskGraph } from '../../../src/engine/graph/taskGraph';
import { graphOf } from './scheduleInvariants';

function assertClosedPath(graph: TaskGraph, cycle: readonly string[]): void {
  assert.ok(cycle.length >= 2);
  assert.equal(cycle[0], cycle.at(-1));
  for (let k = 0; k + 1 < cycle.length; k++) {
    assert.ok(graph.dependenciesOf(cycle[k]!).includes(cycle[k + 1]!), `${cycle[k]} depends on ${cycle[k + 1]}`);
  }
}

describe('graph/findCycle', () => {
  it('returns undefined for acyclic graphs, including the empty one', () => {
    assert.equal(findCycle(graphOf({})), undefined);
    assert.equal(findCycle(graphOf({ a: [1], b: [1, 'a'], c: [1, 'a'], d: [1, 'b', 'c'] })), undefined);
    assert.deepEqual(findCycles(graphOf({ a: [1], b: [1, 'a'] })), []);
  });

  it('finds a 3-cycle as a closed path where each depends on the next', () => {
    const graph = graphOf({ a: [1, 'b'], b: [1, 'c'], c: [1, 'a'] });
    assert.deepEqual(findCycle(graph), ['a', 'b', 'c', 'a']);
    assert.deepEqual(findCycles(graph), [['a', 'b', 'c', 'a']]);
  });

  it('reports a self-dependency as [a, a]', () => {
    const graph = graphOf({ x: [1], a: [1, 'x', 'a'] });
    assert.deepEqual(findCycle(graph), ['a', 'a']);
    assert.deepEqual(findCycles(graph), [['a', 'a']]);
  });

  it('finds a cycle reachable only from a later task, without the path leading to it', () => {
    const graph = graphOf({ a: [1], x: [1, 'a', 'y'], y: [1, 'z'], z: [1, 'y'] });
    assert.deepEqual(findCycle(graph), ['y', 'z', 'y']);
  });

  it('finds every separate cycle, in order of their first task', () => {
    const graph = graphOf({
      p: [1, 'q'],
      a: [1, 'b'],
      b: [1, 'a'],
      free: [1, 'a'],
      q: [1, 'r'],
      r: [1, 'p'],
      s: [1, 's'],
    });
    const cycles = findCycles(graph);
    assert.deepEqual(cycles, [['p', 'q', 'r', 'p'], ['a', 'b', 'a'], ['s', 's']]);
    for (const cycle of cycles) assertClosedPath(graph, cycle);
    assert.deepEqual(findCycle(graph), ['p', 'q', 'r', 'p']);
  });

  it('returns the shortest cycle through the first task of a tangled component, plus its self-loops', () => {
    // a -> b -> c -> d -> a is the long way round; a -> d -> a is shorter.
    const graph = graphOf({ a: [1, 'b', 'd'], b: [1, 'c'], c: [1, 'c', 'd'], d: [1, 'a'] });
    assert.deepEqual(findCycles(graph), [['a', 'd', 'a'], ['c', 'c']]);
    const cycle = findCycle(graph);
    assert.ok(cycle);
    assertClosedPath(graph, cycle);
  });

  it('groups strongly connected components', () => {
    const graph = graphOf({ a: [1, 'b'], b: [1, 'a'], c: [1, 'a'], d: [1] });
    const { component, componentSize } = stronglyConnectedComponents(graph);
    assert.equal(component[0], component[1]);
    assert.notEqual(component[0], component[2]);
    assert.deepEqual([...componentSize].sort(), [1, 1, 2]);
  });
});
