import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sprintYaml } from '../../../bench/generateWorkspace';
import { SprintChunkCache } from '../../../src/engine/config/chunkedSprint';
import { excessiveNestingAt, scanNesting, startOfText } from '../../../src/engine/config/nestingGuard';
import { layoutTasks, relayoutTasks } from '../../../src/engine/config/taskLayout';
import { changedRegion } from '../../../src/engine/config/textChange';
import { assertChunkedMatchesWhole } from './sprintEquivalence';

const ALPHABET = ['a', 'b', ' ', '\n', '-', ':', '#', '[', ']', '"', "'", '\\', '    - id: n\n', '\n      k: v', '\n  goals: [g]\n', '\r'];
const typed = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 3 }).map((parts) => parts.join(''));
const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: typed });

const apply = (text: string, e: { at: number; remove: number; insert: string }) => {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
};

const BASES = [
  sprintYaml(30, 2, 3),
  sprintYaml(4, 0, 1).trimEnd(),
  'sprint:\n  id: s\n  tasks:\n    - id: a\n\n    # note\n    - id: b\n      title: "x [ y"\n  goals: [x]\n',
  'sprint:\n  tasks:\n  - id: a\n    dependencies:\n    - b\n  - id: b\n',
];

describe('incremental parsing of big sprints', () => {
  it('finds the one changed stretch between two texts', () => {
    fc.assert(fc.property(fc.constantFrom(...BASES), edit, (base, e) => {
      const after = apply(base, e);
      const change = changedRegion(base, after);
      if (base === after) return assert.equal(change, undefined);
      assert.ok(change);
      assert.equal(base.slice(0, change.start) + after.slice(change.start, change.newEnd) + base.slice(change.oldEnd), after);
      // Maximal: the texts differ right at both ends of the stretch.
      const prefixStops = change.start === Math.min(change.oldEnd, change.newEnd) || base[change.start] !== after[change.start];
      const suffixStops = change.oldEnd === change.start || change.newEnd === change.start || base[change.oldEnd - 1] !== after[change.newEnd - 1];
      assert.ok(prefixStops && suffixStops, JSON.stringify({ change, e }));
    }), { numRuns: 3000, seed: 1 });
  });

  it('lays out the task items after an edit exactly as a fresh layout does, whenever it answers', () => {
    let answered = 0;
    fc.assert(fc.property(fc.constantFrom(...BASES), fc.array(edit, { minLength: 1, maxLength: 4 }), (base, edits) => {
      let text = base;
      let layout = layoutTasks(text);
      for (const e of edits) {
        const next = apply(text, e);
        const change = changedRegion(text, next);
        const fresh = layoutTasks(next);
        const moved = layout && change ? relayoutTasks(layout, text, next, change) : undefined;
        if (moved && layout) {
          answered++;
          assert.deepEqual(moved.layout, fresh, JSON.stringify({ text, next }));
          // Items outside the reported window keep their text.
          const itemText = (t: string, starts: readonly number[], end: number, i: number) => t.slice(starts[i], starts[i + 1] ?? end);
          for (let i = 0; i < moved.from; i++) assert.equal(itemText(next, moved.layout.itemStarts, moved.layout.regionEnd, i), itemText(text, layout.itemStarts, layout.regionEnd, i));
          const after = layout.itemStarts.length - moved.from - moved.removed;
          for (let k = 1; k <= after; k++) {
            assert.equal(itemText(next, moved.layout.itemStarts, moved.layout.regionEnd, moved.layout.itemStarts.length - k), itemText(text, layout.itemStarts, layout.regionEnd, layout.itemStarts.length - k));
          }
        }
        text = next;
        layout = fresh;
      }
    }), { numRuns: 3000, seed: 2 });
    assert.ok(answered > 1000, `the incremental layout answered ${answered} times`);
  });

  it('scans nesting in pieces cut at line starts exactly as in one piece', () => {
    const piece = fc.array(fc.constantFrom('[', '{', ']', '}', '"', "'", '\\', '#', ' ', '- ', '? ', ': ', 'x', '\n'), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 6 }), (pieces, limit) => {
      const lines = pieces.map((p, i) => (i < pieces.length - 1 ? `${p}\n` : p));
      const state = startOfText();
      const found = lines.some((line) => scanNesting(line, state, limit) >= 0);
      assert.equal(found, excessiveNestingAt(lines.join(''), limit) >= 0);
    }), { numRuns: 3000, seed: 3 });
  });

  it('matches the whole-document parse of a 200-task sprint through a session of edits, with one cache', () => {
    // Mostly what typing inside tasks does, so most versions keep the chunked path.
    const typing = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc.constantFrom('x', '1', ' ', '\n', '\n        more', '\n    - id: n\n', '\n    # c\n', '\n\n', '-', ': ', '[', '#'),
    });
    let chunked = 0;
    let versions = 0;
    fc.assert(fc.property(fc.array(typing, { minLength: 1, maxLength: 6 }), (edits) => {
      let text = sprintYaml(200, 3, 9);
      const cache = new SprintChunkCache();
      cache.parse('/ws/.claude/sprints/s.yaml', text);
      for (const e of edits) {
        // At the end of a line, where typing mostly happens.
        const ends = [...text.matchAll(/\n/g)];
        text = apply(text, { ...e, at: ends[e.at % ends.length]!.index, remove: 0 });
        versions++;
        if (assertChunkedMatchesWhole(text, cache, JSON.stringify(e))) chunked++;
      }
    }), { numRuns: 30, seed: 4 });
    assert.ok(chunked > versions / 3, `a good share of the edits keep the chunked path (${chunked} of ${versions})`);
  });
});
