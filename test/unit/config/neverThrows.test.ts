import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseConfigFile, type ConfigFileKind } from '../../../src/engine/config/configFile';
import { resolveWorkspace } from '../../../src/engine/config/resolveWorkspace';

const KINDS: ConfigFileKind[] = ['teams', 'sprint', 'epic', 'agent'];
const FILES: Record<ConfigFileKind, string> = {
  teams: '/ws/.claude/teams.yaml',
  sprint: '/ws/.claude/sprints/s.yaml',
  epic: '/ws/.claude/epics/e.yaml',
  agent: '/ws/.claude/agents/a.md',
};

/** Parses and resolves one file of each kind from the given texts; must never throw. */
function loadTexts(texts: Partial<Record<ConfigFileKind, string>>): number {
  const parsed = KINDS.filter((k) => texts[k] !== undefined).map((k) => parseConfigFile(k, FILES[k], texts[k]!));
  const result = resolveWorkspace(parsed, { root: '/ws', configRoot: '/ws/.claude', fileExists: () => false });
  for (const d of result.diagnostics) {
    assert.ok(d.range.line >= 1 && d.range.column >= 1, `1-based range: ${JSON.stringify(d)}`);
    assert.ok(d.range.endLine > d.range.line || (d.range.endLine === d.range.line && d.range.endColumn >= d.range.column), `ordered range: ${JSON.stringify(d)}`);
  }
  return result.diagnostics.length;
}

/** Arbitrary YAML-ish values shaped like Baton files, so the checks get deep, not just the syntax. */
const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 50 }), fc.boolean(), fc.constant(null), fc.constantFrom('a', 'b', 'dev', 'eng', 'high', 'task_level'));
const key = fc.constantFrom('id', 'tasks', 'dependencies', 'assignee', 'team', 'members', 'agent', 'capacity', 'priority', 'estimate', 'teams', 'sprint', 'epic', 'name', 'sync_points', 'after', 'before', 'reviewers', 'validation', 'validator', 'fan_out', 'items', 'condition', 'phases', 'checklist', 'verify', 'prerequisites', 'command', 'port', 'settings', 'subscriptions', 'x');
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 5 })),
}));

describe('the loader never throws', () => {
  it('on arbitrary text in every file kind', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom(...KINDS), (text, kind) => {
      loadTexts({ [kind]: text });
    }), { numRuns: 400 });
  });

  it('on arbitrary YAML structures shaped like Baton files', () => {
    fc.assert(fc.property(tree, tree, tree, (teams, sprint, agent) => {
      loadTexts({
        teams: stringify({ teams: teams }),
        sprint: stringify({ sprint: sprint }),
        agent: `---\n${stringify(agent)}---\nbody\n`,
      });
    }), { numRuns: 400 });
  });

  it('on pathological inputs: alias bombs, deep nesting, huge values, BOMs, CRLF', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    const inputs = [
      bomb,
      '['.repeat(5000),
      'sprint:\n' + '  '.repeat(1) + 'tasks:\n' + '    - '.repeat(1) + 'id: ' + 'x'.repeat(100_000),
      '\uFEFFsprint:\r\n  id: s\r\n  tasks:\r\n    - id: a\r\n',
      '---\n---\n',
      '---\nname: [unclosed\n---\n',
      '\u0000\u0001\u0002',
      'sprint: !!binary aGVsbG8=',
      'sprint: {id: s, tasks: [{id: a, dependencies: [a, a, b]}, {id: b, dependencies: [a]}]}',
    ];
    for (const text of inputs) for (const kind of KINDS) loadTexts({ [kind]: text });
  });

  it('reports the alias bomb instead of expanding it', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    const parsed = parseConfigFile('sprint', FILES.sprint, bomb);
    assert.ok(parsed.diagnostics.some((d) => d.code === 'yaml-syntax'));
  });
});

describe('nesting guard', () => {
  it('refuses text nested deeper than the yaml parser survives, at the offending line', () => {
    // Without the guard, parsing two of these in one process aborts Node (yaml + V8 regexp OOM).
    for (const text of ['x: 1\n' + '['.repeat(1000), 'x: 1\n' + '- '.repeat(1000) + 'x', 'x: 1\n' + '['.repeat(1000)]) {
      const parsed = parseConfigFile('sprint', FILES.sprint, text);
      assert.equal(parsed.diagnostics.length, 1);
      assert.equal(parsed.diagnostics[0]!.code, 'yaml-syntax');
      assert.equal(parsed.diagnostics[0]!.range.line, 2);
    }
  });

  it('ignores brackets inside quotes and comments', () => {
    const text = `sprint:\n  id: s # ${'['.repeat(500)}\n  name: "${'{'.repeat(500)}"\n  tasks: []\n`;
    assert.deepEqual(parseConfigFile('sprint', FILES.sprint, text).diagnostics.filter((d) => d.code === 'yaml-syntax'), []);
  });
});
