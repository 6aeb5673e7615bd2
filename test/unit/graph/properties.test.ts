import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeCriticalPath } from '../../../src/engine/graph/criticalPath';
import { findCycle, findCycles } from '../../../src/engine/graph/findCycle';
import { listSchedule, lowerBound } from '../../../src/engine/graph/makespan';
import { TaskGraph } from '../../../src/engine/graph/taskGraph';
import type { GraphNode } from '../../../src/engine/graph/taskGraph';
import { topologicalOrder } from '../../../src/engine/graph/topology';
import { transitiveDependants, unblockedBy, wouldCreateCycle } from '../../../src/engine/graph/unblocks';
import { assertValidSchedule } from './scheduleInvariants';

interface RawDag {
  estimates: number[];
  deps: number[][];
  /** Sort keys that shuffle the input order, so it is not always topological. */
  shuffle: number[];
}

/** Random DAGs: task i may only depend on tasks with a lower index. */
function dagArbitrary(maxNodes: number): fc.Arbitrary<RawDag> {
  return fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc.record({
      estimates: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: n, maxLength: n }),
      deps: fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: n, maxLength: n }),
      shuffle: fc.array(fc.double({ noNaN: true }), { minLength: n, maxLength: n }),
    }),
  );
}

function toNodes(raw: RawDag, extraEdges: [number, number][] = []): GraphNode[] {
  const nodes = raw.estimates.map((estimate, i) => ({
    id: `t${i}`,
    estimate,
    dependencies: i === 0 ? [] : (raw.deps[i] ?? []).map((d) => `t${d % i}`),
  }));
  for (const [from, to] of extraEdges) nodes[from]!.dependencies.push(`t${to}`);
  const order = nodes.map((_, i) => i).sort((a, b) => raw.shuffle[a]! - raw.shuffle[b]! || a - b);
  return order.map((i) => nodes[i]!);
}

function assertClosedPath(graph: TaskGraph, cycle: readonly string[]): void {
  assert.ok(cycle.length >= 2);
  assert.equal(cycle[0], cycle.at(-1));
  for (let k = 0; k + 1 < cycle.length; k++) assert.ok(graph.dependenciesOf(cycle[k]!).includes(cycle[k + 1]!));
}

describe('graph/properties', () => {
  it('random DAGs: ordered, acyclic, and schedules satisfy every invariant', () => {
    fc.assert(
      fc.property(dagArbitrary(200), (raw) => {
        const graph = TaskGraph.from(toNodes(raw));
        assert.equal(findCycle(graph), undefined);
        assert.deepEqual(findCycles(graph), []);
        const order = topologicalOrder(graph);
        assert.ok(order);
        assert.equal(order.length, graph.size);
        const position = new Map(order.map((id, k) => [id, k]));
        for (const id of graph.ids) {
          for (const dep of graph.dependenciesOf(id)) assert.ok(position.get(dep)! < position.get(id)!);
        }

        const cp = analyzeCriticalPath(graph);
        assert.ok(cp);
        let chain = 0;
        cp.criticalPath.forEach((id, k) => {
          chain += graph.estimate(id)!;
          assert.equal(cp.slack.get(id), 0);
          const prev = cp.criticalPath[k - 1];
          if (prev !== undefined) assert.ok(graph.dependenciesOf(id).includes(prev));
        });
        assert.equal(chain, cp.length);
        for (const id of graph.ids) {
          assert.ok(cp.slack.get(id)! >= 0);
          assert.ok(cp.earliestFinish.get(id)! <= cp.length);
        }

        for (const workers of [1, 2, 4, 16]) {
          const result = listSchedule(graph, workers);
          assert.ok(result);
          assertValidSchedule(graph, workers, result);
          const bound = lowerBound(graph, workers);
          assert.ok(result.makespan >= bound - 1e-9, `makespan ${result.makespan} >= bound ${bound}`);
          // Graham: a list schedule never idles a worker while a task is ready.
          assert.ok(result.makespan <= cp.totalWork / workers + cp.length * (1 - 1 / workers) + 1e-9);
        }
        assert.equal(listSchedule(graph, 1)!.makespan, cp.totalWork);
      }),
      { numRuns: 150 },
    );
  });

  it('random graphs with a back edge: findCycle returns a real closed path', () => {
    const arb = dagArbitrary(60).chain((raw) =>
      fc.tuple(fc.constant(raw), fc.nat({ max: raw.estimates.length - 1 }), fc.nat({ max: raw.estimates.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 })),
    );
    fc.assert(
      fc.property(arb, ([raw, x, y, more]) => {
        const n = raw.estimates.length;
        const lo = Math.min(x, y);
        const hi = Math.max(x, y);
        // hi depends on lo (forward) and lo on hi (back), so at least one cycle is guaranteed.
        const extra: [number, number][] = [[hi, lo], [lo, hi], ...more.map(([a, b]): [number, number] => [a % n, b % n])];
        const graph = TaskGraph.from(toNodes(raw, extra));
        const cycle = findCycle(graph);
        assert.ok(cycle);
        assertClosedPath(graph, cycle);
        assert.equal(topologicalOrder(graph), undefined);
        assert.equal(analyzeCriticalPath(graph), undefined);
        assert.equal(listSchedule(graph, 2), undefined);
        const cycles = findCycles(graph);
        assert.ok(cycles.length >= 1);
        const seen = new Set<string>();
        for (const c of cycles) {
          assertClosedPath(graph, c);
          if (c.length === 2) continue;
          // Non-self-loop cycles come from distinct components, so they share no task.
          for (const id of c.slice(1)) {
            assert.ok(!seen.has(id));
            seen.add(id);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('wouldCreateCycle agrees with adding the edge, and unblockedBy with a direct check', () => {
    const arb = dagArbitrary(25).chain((raw) =>
      fc.tuple(fc.constant(raw), fc.nat({ max: raw.estimates.length - 1 }), fc.nat({ max: raw.estimates.length - 1 }), fc.array(fc.boolean(), { minLength: raw.estimates.length, maxLength: raw.estimates.length })),
    );
    fc.assert(
      fc.property(arb, ([raw, from, to, doneFlags]) => {
        const nodes = toNodes(raw);
        const graph = TaskGraph.from(nodes);
        const withEdge = TaskGraph.from(toNodes(raw, [[from, to]]));
        assert.equal(wouldCreateCycle(graph, `t${from}`, `t${to}`), findCycle(withEdge) !== undefined);
        const excluded = new Set([`t${from}`, ...transitiveDependants(graph, `t${from}`)]);
        assert.equal(excluded.has(`t${to}`), wouldCreateCycle(graph, `t${from}`, `t${to}`));

        const done = new Set(graph.ids.filter((_, k) => doneFlags[k]));
        const id = `t${from}`;
        const expected = graph.ids.filter(
          (d) => !done.has(d) && graph.dependenciesOf(d).includes(id) && graph.dependenciesOf(d).every((x) => x === id || done.has(x)),
        );
        assert.deepEqual(unblockedBy(graph, id, done), expected);
      }),
      { numRuns: 200 },
    );
  });
});
