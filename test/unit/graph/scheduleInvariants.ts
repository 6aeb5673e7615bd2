import assert from 'node:assert/strict';
import type { ScheduleResult } from '../../../src/engine/graph/makespan';
import { TaskGraph } from '../../../src/engine/graph/taskGraph';
import type { GraphNode } from '../../../src/engine/graph/taskGraph';

/** Shorthand for literal graphs: `{ a: [2], b: [3, 'a'] }` = a(2), b(3) depends on a. */
export function graphOf(spec: Record<string, [number, ...string[]]>): TaskGraph {
  const nodes: GraphNode[] = Object.entries(spec).map(([id, [estimate, ...dependencies]]) => ({ id, estimate, dependencies }));
  return TaskGraph.from(nodes);
}

/**
 * Checks what every valid schedule must satisfy: durations match estimates, dependencies
 * finish first, each worker runs one task at a time and at most `workers` run at once.
 */
export function assertValidSchedule(graph: TaskGraph, workers: number, result: ScheduleResult): void {
  assert.equal(result.start.size, graph.size);
  let makespan = 0;
  const byWorker = new Map<number, [number, number][]>();
  const events: [number, number][] = [];
  for (const id of graph.ids) {
    const start = result.start.get(id);
    const finish = result.finish.get(id);
    const worker = result.workerOf.get(id);
    assert.ok(start !== undefined && finish !== undefined && worker !== undefined, `${id} scheduled`);
    assert.equal(finish, start + graph.estimate(id)!, `${id} runs for its estimate`);
    assert.ok(start >= 0);
    assert.ok(Number.isInteger(worker) && worker >= 0 && worker < workers, `${id} worker in range`);
    for (const dep of graph.dependenciesOf(id)) {
      assert.ok(start >= result.finish.get(dep)!, `${id} starts after ${dep} finishes`);
    }
    makespan = Math.max(makespan, finish);
    if (finish > start) {
      events.push([start, 1], [finish, -1]);
      const list = byWorker.get(worker) ?? [];
      list.push([start, finish]);
      byWorker.set(worker, list);
    }
  }
  assert.equal(result.makespan, makespan);
  // Ends sort before starts at the same instant: [s, f) intervals that touch do not overlap.
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let running = 0;
  for (const [, delta] of events) {
    running += delta;
    assert.ok(running <= workers, `at most ${workers} running`);
  }
  for (const [worker, intervals] of byWorker) {
    intervals.sort((x, y) => x[0] - y[0]);
    for (let k = 1; k < intervals.length; k++) {
      assert.ok(intervals[k]![0] >= intervals[k - 1]![1], `worker ${worker} runs one task at a time`);
    }
  }
}
