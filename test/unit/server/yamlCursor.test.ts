import assert from 'node:assert/strict';
import { TextLines } from '../../../src/server/textLines';
import { cursorContext } from '../../../src/server/yamlCursor';

/** The context at the `§` in `text`. */
function at(text: string) {
  const offset = text.indexOf('§');
  const lines = new TextLines(text.replace('§', ''));
  return cursorContext(lines, lines.positionAt(offset));
}

const SPRINT = 'sprint:\n  id: s\n  tasks:\n    - id: a\n      title: A\n    - id: b\n';

describe('yaml cursor context', () => {
  it('knows a key being typed in a task, with the keys already there', () => {
    const c = at(SPRINT + '      pri§');
    assert.deepEqual([c?.kind, c?.path, c?.prefix], ['key', ['sprint', 'tasks', 1], 'pri']);
    assert.deepEqual([...c!.siblings], ['id']);
    assert.equal(c?.itemId, 'b');
  });

  it('knows an empty line at a task key column', () => {
    const c = at(SPRINT.replace('      title: A\n', '      title: A\n      §\n'));
    assert.deepEqual([c?.kind, c?.path, [...c!.siblings].sort()], ['key', ['sprint', 'tasks', 0], ['id', 'title']]);
  });

  it('knows a value after `key: `', () => {
    const c = at(SPRINT + '      priority: hi§');
    assert.deepEqual([c?.kind, c?.path, c?.prefix, c?.start, c?.end], ['value', ['sprint', 'tasks', 1, 'priority'], 'hi', 16, 18]);
  });

  it('knows an item of a one-line flow sequence, and what is listed', () => {
    const c = at(SPRINT + '      dependencies: [a, x§, c]');
    assert.deepEqual([c?.kind, c?.path, c?.prefix, c?.listed], ['value', ['sprint', 'tasks', 1, 'dependencies', 1], 'x', ['a', 'x', 'c']]);
  });

  it('knows an item of a block sequence (a scalar, or a key of an item map)', () => {
    const c = at('teams:\n  eng:\n    members:\n      - dev\n      - q§');
    assert.deepEqual([c?.kind, c?.path, c?.itemScalar, c?.listed], ['key', ['teams', 'eng', 'members', 1], true, ['dev']]);
  });

  it('reads a sequence at the same indentation as its key', () => {
    const c = at('sprint:\n  tasks:\n  - id: a\n  - id: b\n    dependencies: [§]');
    assert.deepEqual(c?.path, ['sprint', 'tasks', 1, 'dependencies', 0]);
  });

  it('skips block scalars and multi-line values', () => {
    const c = at('sprint:\n  description: |\n    text: with a colon\n    - and a dash\n  na§');
    assert.deepEqual([c?.kind, c?.path, [...c!.siblings]], ['key', ['sprint'], ['description']]);
    assert.equal(at('sprint:\n  description: |\n    te§xt'), undefined, 'no context inside a block scalar');
  });

  it('gives no context inside a comment', () => {
    assert.equal(at('sprint:\n  # a comm§ent'), undefined);
    assert.equal(at('sprint:\n  id: x # a comm§ent'), undefined);
  });

  it('stays linear on a 200,000-character line', () => {
    const started = performance.now();
    at(`a${' '.repeat(200_000)}§`);
    at(`key: ${'x '.repeat(100_000)}§`);
    assert.ok(performance.now() - started < 500);
  });
});
