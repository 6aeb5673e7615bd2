import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TaskIdTable } from '../../../src/engine/config/taskIdTable';
import { compileSprint } from '../../../src/engine/patterns/compileSprint';
import type { CompiledTask } from '../../../src/engine/patterns/compiledTask';

const RANGE = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Really compiled tasks with these ids, as a sprint file lists them. */
function compiled(ids: readonly string[]): CompiledTask[] {
  return compileSprint({ tasks: ids.map((id) => ({ id, title: id })) }, {
    sprintId: 's', file: '/s.yaml', locate: () => ({ file: '/s.yaml', range: RANGE }), report: () => undefined,
  });
}

/** `previous` after an edit that renamed the tasks at some indices: the others are the same objects. */
function renamed(previous: readonly CompiledTask[], renames: ReadonlyMap<number, string>): CompiledTask[] {
  const fresh = compiled([...renames.values()]);
  const byIndex = new Map([...renames.keys()].map((i, k) => [i, fresh[k]!]));
  return previous.map((c, i) => byIndex.get(i) ?? c);
}

/** Names an editor asks suggestions for: misspellings of ids, old and new, and names close to nothing. */
const PROBES = ['t7q', 'task-1', 'tsk-2', 'api', 'apii', 'auth-flw', 'renamed', 'renamd', 'zz', 'build-ui', 'biuld-ui', 'ghost'];

/** Everything a table answers: ids in order, first index of each, duplicates, and its suggestions (also leaving out each id as the asker's own). */
function factsOf(table: TaskIdTable, own: readonly string[]): unknown {
  return {
    ids: table.ids,
    firstOf: [...table.firstOf].sort(([a], [b]) => a.localeCompare(b)),
    duplicates: table.duplicates,
    isDuplicate: [...table.isDuplicate],
    suggestions: PROBES.map((p) => [table.suggest(p), ...own.map((o) => table.suggest(p, o))]),
  };
}

describe('TaskIdTable after a rename (the id table the language server keeps between edits)', () => {
  const ids = ['task-1', 'task-2', 'api', 'auth-flow', 'build-ui', 't7'];

  it('is updated in place for a renamed task, with suggestions for the new id and none for the old', () => {
    const before = compiled(ids);
    const table = TaskIdTable.of(before);
    // Suggestions looked up before the rename are cached: they must not survive it.
    assert.equal(table.suggest('t7q'), 't7');
    assert.equal(table.suggest('renamd'), undefined);
    const after = renamed(before, new Map([[5, 'renamed']]));
    const kept = table.after(before, after);
    assert.ok(kept, 'a single rename to a free id keeps the table');
    assert.equal(kept.table, table);
    assert.deepEqual([...kept.renamed].sort(), ['renamed', 't7']);
    assert.equal(kept.table.suggest('t7q'), undefined);
    assert.equal(kept.table.suggest('renamd'), 'renamed');
    assert.deepEqual(factsOf(kept.table, ids), factsOf(TaskIdTable.of(after), ids));
  });

  it('stays as it is when no id changed, even if tasks were compiled again', () => {
    const before = compiled(ids);
    const table = TaskIdTable.of(before);
    const kept = table.after(before, compiled(ids));
    assert.equal(kept?.table, table);
    assert.equal(kept.renamed.size, 0);
  });

  const rebuilt: [string, string[], Map<number, string>][] = [
    ['a task renamed to an id another task has (a new duplicate)', ids, new Map([[0, 'api']])],
    ['two tasks swapping ids', ids, new Map([[0, 'task-2'], [1, 'task-1']])],
    ['the first of two tasks with one id renamed (the second one becomes the first)', [...ids, 'api'], new Map([[2, 'apis']])],
    ['the second of two tasks with one id renamed (no longer a duplicate)', [...ids, 'api'], new Map([[6, 'apis']])],
    ['two tasks renamed to the same new id', ids, new Map([[0, 'x'], [1, 'x']])],
    ['more than 8 tasks renamed', Array.from({ length: 12 }, (_, i) => `t${i}`), new Map(Array.from({ length: 9 }, (_, i) => [i, `r${i}`]))],
  ];
  for (const [what, list, renames] of rebuilt) {
    it(`is built anew for ${what}`, () => {
      const before = compiled(list);
      assert.equal(TaskIdTable.of(before).after(before, renamed(before, renames)), undefined);
    });
  }

  it('is built anew when tasks were added or removed', () => {
    const before = compiled(ids);
    assert.equal(TaskIdTable.of(before).after(before, compiled([...ids, 'more'])), undefined);
    assert.equal(TaskIdTable.of(before).after(before, compiled(ids.slice(1))), undefined);
  });

  it("does not suggest the asker's own id, before and after a rename makes it the closest", () => {
    const before = compiled(['build', 'test', 'deploy']);
    const table = TaskIdTable.of(before);
    // `deploy` depends on `deplyo`: its own id is the closest, and no other is close.
    assert.equal(table.suggest('deplyo'), 'deploy');
    assert.equal(table.suggest('deplyo', 'deploy'), undefined);
    const after = renamed(before, new Map([[0, 'deploys']]));
    const kept = table.after(before, after)!;
    assert.equal(kept.table.suggest('deplyo', 'deploy'), 'deploys');
    assert.equal(kept.table.suggest('deplyo'), 'deploy');
  });

  it('answers exactly what a table built from scratch answers, after any renames it keeps (property)', () => {
    const id = fc.constantFrom(...ids, 'task-3', 'apii', 'renamed', 'build-uix', 't7q', 'auth');
    fc.assert(fc.property(
      fc.array(id, { minLength: 1, maxLength: 14 }),
      fc.array(fc.tuple(fc.nat(), id), { maxLength: 10 }),
      fc.array(fc.constantFrom(...PROBES), { maxLength: 4 }),
      (list, changes, warm) => {
        const before = compiled(list);
        const renames = new Map(changes.map(([i, to]) => [i % list.length, to] as const).filter(([i, to]) => list[i] !== to));
        const after = renamed(before, renames);
        const table = TaskIdTable.of(before);
        for (const p of warm) table.suggest(p);
        const expected = TaskIdTable.of(after);
        // The rule: at most 8 renames, each of an id only that task had, to an id no task had, all different.
        const counts = new Map<string, number>();
        for (const x of list) counts.set(x, (counts.get(x) ?? 0) + 1);
        const names = [...renames].flatMap(([i, to]) => [list[i]!, to]);
        const keepable = renames.size <= 8 && new Set(names).size === names.length
          && [...renames].every(([i, to]) => counts.get(list[i]!) === 1 && !counts.has(to));
        const kept = table.after(before, after);
        assert.equal(kept !== undefined, keepable || renames.size === 0, `kept for ${JSON.stringify([...renames])} of ${list.join(',')}`);
        if (!kept) return;
        assert.deepEqual([...kept.renamed].sort(), [...new Set(names)].sort());
        assert.deepEqual(factsOf(kept.table, [...new Set([...list, ...after.map((c) => c.task.id)])]), factsOf(expected, [...new Set([...list, ...after.map((c) => c.task.id)])]));
      },
    ), { numRuns: 300 });
  });
});
