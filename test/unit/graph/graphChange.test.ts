import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findCycles, findCyclesAfterChange } from '../../../src/engine/graph/findCycle';
import { TaskGraph, type GraphNode } from '../../../src/engine/graph/taskGraph';

/** Every fact a graph answers, by index and by id. */
function factsOf(graph: TaskGraph): unknown {
  return graph.ids.map((id, i) => ({
    id,
    deps: graph.dependencyIndices(i),
    dependants: graph.dependantIndices(i),
    depIds: graph.dependenciesOf(id),
    dependantIds: graph.dependantsOf(id),
    estimate: graph.estimateAt(i),
    node: graph.node(id),
  }));
}

/** A graph of up to 30 tasks, mostly acyclic (dependencies on earlier tasks), some unknown ids and duplicates. */
const nodes = fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) =>
  fc.record({
    deps: fc.array(fc.oneof({ weight: 8, arbitrary: fc.nat(Math.max(0, i - 1)).map((j) => `t${j}`) }, { weight: 1, arbitrary: fc.constantFrom('t0', `t${i}`, `t${n - 1}`, 'ghost') }), { maxLength: 4 }),
    estimate: fc.nat(9),
  }).map((r): GraphNode => ({ id: `t${i}`, estimate: r.estimate, dependencies: i === 0 ? [] : r.deps }))),
));

/**
 * New dependencies for some tasks — written edges, often back to later tasks (closing cycles),
 * or to a renamed task's new id — and sometimes a new id.
 */
const changesFor = (count: number) => fc.array(fc.record({
  at: fc.nat(count - 1),
  deps: fc.array(fc.oneof(fc.nat(count - 1).map((j) => `t${j}`), fc.nat(count - 1).map((j) => `r${j}`)), { maxLength: 4 }),
  estimate: fc.nat(9),
  rename: fc.boolean(),
}), { maxLength: 3 });

/** The changed tasks as replacements by index (the last change to an index wins). */
function replacementsOf(list: readonly GraphNode[], changes: readonly { at: number; deps: string[]; estimate: number; rename: boolean }[]): Map<number, GraphNode> {
  return new Map(changes.map((c) => [c.at, { id: c.rename ? `r${c.at}` : list[c.at]!.id, estimate: c.estimate, dependencies: c.deps }]));
}

describe('graph/changes', () => {
  it('withReplacedNodes answers exactly as a graph built from the changed tasks', () => {
    fc.assert(fc.property(nodes.chain((list) => fc.tuple(fc.constant(list), changesFor(list.length))), ([list, changes]) => {
      const before = TaskGraph.from(list);
      const replaced = replacementsOf(list, changes);
      const after = list.map((node, i) => replaced.get(i) ?? node);
      const changed = before.withReplacedNodes(replaced);
      assert.deepEqual(factsOf(changed), factsOf(TaskGraph.from(after)));
      assert.deepEqual(factsOf(before), factsOf(TaskGraph.from(list)), 'the original graph is unchanged');
    }), { numRuns: 500, seed: 20261203 });
  });

  it('findCyclesAfterChange reports what findCycles reports on the changed graph', () => {
    let cyclic = 0;
    fc.assert(fc.property(nodes.chain((list) => fc.tuple(fc.constant(list), changesFor(list.length))), ([list, changes]) => {
      const before = TaskGraph.from(list);
      const after = before.withReplacedNodes(replacementsOf(list, changes));
      const expected = findCycles(after);
      if (expected.length > 0) cyclic++;
      assert.deepEqual(findCyclesAfterChange(before, findCycles(before), after), expected);
    }), { numRuns: 1000, seed: 20261204 });
    assert.ok(cyclic > 100, `changes that close a cycle were tried (${cyclic})`);
  });

  it('refuses an id another task has, an index out of range or a bad estimate', () => {
    const graph = TaskGraph.from([{ id: 'a', estimate: 1, dependencies: [] }, { id: 'b', estimate: 1, dependencies: [] }]);
    assert.throws(() => graph.withReplacedNodes(new Map([[0, { id: 'b', estimate: 1, dependencies: [] }]])), /`b`, which another node has/);
    assert.throws(() => graph.withReplacedNodes(new Map([[2, { id: 'c', estimate: 1, dependencies: [] }]])), RangeError);
    assert.throws(() => graph.withReplacedNodes(new Map([[0, { id: 'a', estimate: -1, dependencies: [] }]])), RangeError);
  });
});
