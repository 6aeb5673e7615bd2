/** Our layered layout, in plain Node: left to right by level, no overlaps, fewer crossings, fast. */
import assert from 'node:assert/strict';
import { layoutGraph } from '../../webview-ui/src/graph/layout';
import { largeSprint } from './boardFixtures';
import { graphFacts } from '../../src/extension/board/boardModel';
import { engineTask } from './boardFixtures';

function inputOf(size: number) {
  const { specs } = largeSprint(size);
  const tasks = specs.map((s) => engineTask(s));
  const facts = graphFacts(tasks);
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  return {
    level: tasks.map((t) => facts.level.get(t.id)!),
    dependencies: tasks.map((t) => (facts.dependencies.get(t.id) ?? []).map((d) => index.get(d)!)),
  };
}

describe('graph layout', () => {
  it('untangles a crossing by barycenter ordering', () => {
    // a, b on level 0; c depends on b, d on a: written order crosses once.
    const layout = layoutGraph({ level: [0, 0, 1, 1], dependencies: [[], [], [1], [0]] });
    assert.deepEqual(layout.crossings, { initial: 1, final: 0 });
    assert.ok(layout.y[3]! < layout.y[2]!, 'd sits level with a, above c');
  });

  it('places levels left to right, keeps nodes of a level apart and routes long edges through dummies', () => {
    const input = inputOf(600);
    const layout = layoutGraph(input);
    for (const e of layout.edges) assert.ok(layout.x[e.from]! < layout.x[e.to]!, 'edges point right');
    for (const level of layout.levels) {
      for (let i = 1; i < level.length; i++) assert.ok(layout.y[level[i]!]! - layout.y[level[i - 1]!]! >= layout.nodeHeight, 'no overlap');
    }
    const long = layout.edges.find((e) => input.level[e.to]! - input.level[e.from]! > 1)!;
    assert.ok(long.points.length > 4, 'a long edge bends through its dummy nodes');
    assert.ok(layout.crossings.final < layout.crossings.initial * 0.6, `crossings ${layout.crossings.initial} → ${layout.crossings.final}`);
  });

  it('lays out 2,000 tasks in well under a second', () => {
    const input = inputOf(2000);
    const started = performance.now();
    const layout = layoutGraph(input);
    const ms = performance.now() - started;
    assert.equal(layout.x.length, 2000);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });
});
