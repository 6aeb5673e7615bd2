import assert from 'node:assert/strict';
import { analyzeCriticalPath } from '../../../src/engine/graph/criticalPath';
import { findCycle, findCycles } from '../../../src/engine/graph/findCycle';
import { levelByLevelSchedule, listSchedule, lowerBound } from '../../../src/engine/graph/makespan';
import { TaskGraph } from '../../../src/engine/graph/taskGraph';
import type { GraphNode } from '../../../src/engine/graph/taskGraph';
import { groupByLevel, topologicalOrder } from '../../../src/engine/graph/topology';
import { transitiveDependants, transitiveDependencies, wouldCreateCycle } from '../../../src/engine/graph/unblocks';

const N = 20_000;

/** t0 <- t1 <- ... : each task depends on the previous one. */
function chain(closeLoop: boolean): TaskGraph {
  const nodes: GraphNode[] = [];
  for (let i = 0; i < N; i++) {
    const dependencies = i > 0 ? [`t${i - 1}`] : closeLoop ? [`t${N - 1}`] : [];
    nodes.push({ id: `t${i}`, estimate: 1, dependencies });
  }
  return TaskGraph.from(nodes);
}

describe('graph/large chains (stack safety)', () => {
  it('handles a 20,000-task chain without recursion', () => {
    const graph = chain(false);
    assert.equal(findCycle(graph), undefined);
    assert.deepEqual(findCycles(graph), []);
    assert.deepEqual(topologicalOrder(graph), graph.ids);
    assert.equal(groupByLevel(graph)!.length, N);
    const cp = analyzeCriticalPath(graph)!;
    assert.equal(cp.length, N);
    assert.equal(cp.criticalPath.length, N);
    assert.equal(cp.criticalPath[0], 't0');
    assert.equal(listSchedule(graph, 64)!.makespan, N);
    assert.equal(levelByLevelSchedule(graph, 1_000_000)!.makespan, N);
    assert.equal(lowerBound(graph, 64), N);
    assert.equal(transitiveDependants(graph, 't0').length, N - 1);
    assert.equal(transitiveDependencies(graph, `t${N - 1}`).length, N - 1);
    assert.equal(wouldCreateCycle(graph, 't0', `t${N - 1}`), true);
    assert.equal(wouldCreateCycle(graph, `t${N - 1}`, 't0'), false);
  });

  it('finds the 20,000-task cycle when the chain is closed', () => {
    const graph = chain(true);
    const cycle = findCycle(graph)!;
    assert.equal(cycle.length, N + 1);
    assert.deepEqual(cycle.slice(0, 3), ['t0', `t${N - 1}`, `t${N - 2}`]);
    const cycles = findCycles(graph);
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0]!.length, N + 1);
    assert.equal(topologicalOrder(graph), undefined);
    assert.equal(analyzeCriticalPath(graph), undefined);
  });
});
