import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { sprintYaml } from '../../../bench/generateWorkspace';
import { SprintChunkCache } from '../../../src/engine/config/chunkedSprint';
import { assertChunkedMatchesWhole, SPRINT_FILE } from './sprintEquivalence';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** Shapes the chunker and the fast scanner must get exactly right (or decline). */
const CASES: Record<string, string> = {
  generated: sprintYaml(40, 4),
  'no final newline': sprintYaml(5, 1).trimEnd(),
  'trailing spaces and comment at EOF': 'sprint:\n  id: s\n  tasks:\n    - id: a   # c',
  comments: 'sprint:\n  id: s\n  tasks:\n    # first\n    - id: a\n      title: A  # c\n    # between\n    - id: b\n  # low comment\n    - id: c\n      dependencies:\n        - a\n        - b\n      # trailing in item\n\n  # after\n  goals: [x]\n',
  'items at the key indentation': 'sprint:\n  id: s\n  tasks:\n  - id: a\n    dependencies:\n    - b\n  - id: b\n  goals: [x]\n',
  'quotes and core-schema scalars': "sprint:\n  id: s\n  tasks:\n    - id: 'a'\n      title: \"Hello: world\"\n      description: 'it''s'\n      dependencies: ['b', \"c\"]\n    - id: b\n      estimate: 0x1F\n      urgency: 1e1\n      review: True\n      timeout: .5\n      labels: [~, null, -3, +4, 0o7, .inf, -.Inf, .NaN, 1., 007]\n",
  'block scalar': 'sprint:\n  id: s\n  tasks:\n    - id: a\n      description: |\n        multi\n        line\n    - id: b\n',
  'anchor and alias': 'sprint:\n  id: s\n  tasks:\n    - &x\n      id: a\n    - id: b\n      labels: [*x]\n',
  'non-map items': 'sprint:\n  id: s\n  tasks:\n    - just a string\n    - id: b\n    - [a, b]\n    - 42\n',
  'empty values': 'sprint:\n  id: s\n  tasks:\n    - id:\n      title:\n    -\n    - id: b\n',
  'keys after tasks': 'sprint:\n  id: s\n  tasks:\n    - id: a\n  success_criteria: [ok]\nextra: 1\n',
  'only a task': 'sprint:\n  tasks:\n    - id: a',
  'nested tasks key first': 'sprint:\n  fan_out:\n    agent: x\n    tasks:\n      - a\n  tasks:\n    - id: b\n',
  'duplicate keys in a task': 'sprint:\n  id: s\n  tasks:\n    - id: a\n      id: b\n',
  'unicode': 'sprint:\n  id: s\n  tasks:\n    - id: a\n      title: Café 😀 ünïcode\n',
  'flow map and tags': 'sprint:\n  id: s\n  tasks:\n    - id: a\n      validation: { validator: v }\n      title: !!str 12\n',
  'yaml 1.1 directive': '%YAML 1.1\n---\nsprint:\n  id: s\n  tasks:\n    - id: a\n      review: yes\n',
  'document markers': '---\nsprint:\n  id: s\n  tasks:\n    - id: a\n...\n',
  'deep nesting': 'sprint:\n  id: s\n  tasks:\n    - id: a\n      labels: ' + '['.repeat(200) + ']'.repeat(200) + '\n',
  'tab indentation': 'sprint:\n  id: s\n  tasks:\n    - id: a\n\t  title: x\n',
  'crlf': 'sprint:\r\n  id: s\r\n  tasks:\r\n    - id: a\r\n',
};

/** Edits that break YAML in the ways typing does. */
const INSERTS = [' ', '  ', '-', '- ', ':', ': ', '#', ' #', '\n', '\n    - id: q\n', '\n      ', "'", '"', '[', ']', ',', '{', '}', '|', '>', '&a ', '*a', '!', '%', '?', 'x', '1', '.5', 'true', '~', '\t', 'é', '😀', '\\', '"\\n"'];

describe('chunked sprint parsing', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`matches the whole-document parse: ${name}`, () => {
      assertChunkedMatchesWhole(text, new SprintChunkCache(), name);
    });
  }

  it('matches the whole-document parse on every example sprint', () => {
    let chunked = 0;
    for (const example of fs.readdirSync(EXAMPLES)) {
      const dir = path.join(EXAMPLES, example, '.claude/sprints');
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir)) if (assertChunkedMatchesWhole(fs.readFileSync(path.join(dir, f), 'utf8'), new SprintChunkCache(), `${example}/${f}`)) chunked++;
    }
    assert.ok(chunked >= 5, `most example sprints are chunked (${chunked})`);
  });

  it('matches the whole-document parse after random edits, reusing one cache as an editor would', () => {
    const bases = [sprintYaml(12, 2, 7), CASES.comments!, CASES['quotes and core-schema scalars']!, CASES['items at the key indentation']!];
    const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 4 }), insert: fc.constantFrom(...INSERTS) });
    let chunked = 0;
    let runs = 0;
    fc.assert(fc.property(fc.constantFrom(...bases.keys()), fc.array(edit, { minLength: 1, maxLength: 3 }), (b, edits) => {
      let text = bases[b]!;
      const cache = new SprintChunkCache();
      cache.parse(SPRINT_FILE, text);
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.del);
        runs++;
        if (assertChunkedMatchesWhole(text, cache, JSON.stringify(text))) chunked++;
      }
    }), { numRuns: 2500, seed: 20261121 });
    assert.ok(chunked > runs / 5, `the chunked path is taken for most edits (${chunked} of ${runs})`);
  });

  it('re-parses only the task an edit touches', () => {
    const text = sprintYaml(200, 0);
    const cache = new SprintChunkCache();
    const first = cache.parse(SPRINT_FILE, text)!;
    const at = text.indexOf('title: Task number 100') + 7;
    const second = cache.parse(SPRINT_FILE, text.slice(0, at) + 'X' + text.slice(at))!;
    const tasks = (d: unknown) => (d as { sprint: { tasks: unknown[] } }).sprint.tasks;
    const [a, b] = [tasks(first.source!.data), tasks(second.source!.data)];
    assert.equal(a[99], b[99], 'an untouched task keeps its parsed value');
    assert.notEqual(a[100], b[100], 'the edited task is parsed again');
    assert.equal((b[100] as { title: string }).title, 'XTask number 100');
  });
});
