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

/** New dependencies for some tasks: written edges, often back to later tasks (closing cycles). */
const changesFor = (count: number) => fc.array(fc.record({ at: fc.nat(count - 1), deps: fc.array(fc.nat(count - 1).map((j) => `t${j}`), { maxLength: 4 }), estimate: fc.nat(9) }), { maxLength: 3 });

describe('graph/changes', () => {
  it('withReplacedNodes answers exactly as a graph built from the changed tasks', () => {
    fc.assert(fc.property(nodes.chain((list) => fc.tuple(fc.constant(list), changesFor(list.length))), ([list, changes]) => {
      const before = TaskGraph.from(list);
      const after = [...list];
      const replaced = new Map<number, GraphNode>();
      for (const c of changes) {
        const node = { id: list[c.at]!.id, estimate: c.estimate, dependencies: c.deps };
        after[c.at] = node;
        replaced.set(c.at, node);
      }
      const changed = before.withReplacedNodes(replaced);
      assert.deepEqual(factsOf(changed), factsOf(TaskGraph.from(after)));
      assert.deepEqual(factsOf(before), factsOf(TaskGraph.from(list)), 'the original graph is unchanged');
    }), { numRuns: 500, seed: 20261203 });
  });

  it('findCyclesAfterChange reports what findCycles reports on the changed graph', () => {
    let cyclic = 0;
    fc.assert(fc.property(nodes.chain((list) => fc.tuple(fc.constant(list), changesFor(list.length))), ([list, changes]) => {
      const before = TaskGraph.from(list);
      const replaced = new Map(changes.map((c) => [c.at, { id: list[c.at]!.id, estimate: 1, dependencies: c.deps }]));
      const after = before.withReplacedNodes(replaced);
      const expected = findCycles(after);
      if (expected.length > 0) cyclic++;
      assert.deepEqual(findCyclesAfterChange(before, findCycles(before), after, replaced.keys()), expected);
    }), { numRuns: 1000, seed: 20261204 });
    assert.ok(cyclic > 100, `changes that close a cycle were tried (${cyclic})`);
  });

  it('refuses a replacement with another id or a bad estimate', () => {
    const graph = TaskGraph.from([{ id: 'a', estimate: 1, dependencies: [] }]);
    assert.throws(() => graph.withReplacedNodes(new Map([[0, { id: 'b', estimate: 1, dependencies: [] }]])), /id `a` at index 0/);
    assert.throws(() => graph.withReplacedNodes(new Map([[0, { id: 'a', estimate: -1, dependencies: [] }]])), RangeError);
  });
});
