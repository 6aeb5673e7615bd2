import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prng, sprintYaml } from '../../bench/generateWorkspace';
import { positionAt, LspClient, uriOf } from './lspClient';
import { SPRINT, TEAMS, writeFixture, type Fixture } from './fixtureWorkspace';

/** How many documents go through open → edits → close; `BATON_FUZZ_DOCS` raises it for a long run. */
const DOCS = Number(process.env.BATON_FUZZ_DOCS ?? 3000);
const BATCH = 50;

const EXAMPLE = fs.readFileSync(path.resolve(__dirname, '../../examples/broken/.claude/sprints/core.yaml'), 'utf8');
const AGENT = '---\nname: fuzz\ndescription: |\n  A block scalar\n  over lines\ntools: Read, Write\nmodel: sonnet\n---\nBody.\n';
const SNIPPETS = [' ', '\n', ':', ': ', '- ', '#', '[', ']', '{', '}', ',', "'", '"', '|', '>', '&a', '*a', '!!str', '%YAML 1.1', '---', '...', '\t', '\\', '\0', '\u0007', '😀', '中文', '\uD800', '\uFEFF', 'ü', '- id: x\n', 'tasks:', 'dependencies: [', '~', 'null', '0x1F', '.inf'];
const CHARSETS = ['abcdefghij -:#[]{},\'"|>&*!%@`\n\t', '\0\u0001\u0002\u0007\b\u000b\f\r\u001b\u007f', '😀🚀👩‍💻中文字符ünïcødé', '\uD800\uDC00\uDFFF\uFFFE\uFFFF'];

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const int = (rand: Rand, max: number) => Math.floor(rand() * max);

function randomText(rand: Rand): string {
  let out = '';
  const length = int(rand, 400);
  for (let i = 0; i < length; i++) out += pick(rand, [...pick(rand, CHARSETS)]);
  return out;
}

function mangle(rand: Rand, text: string): string {
  let t = text;
  for (let k = 1 + int(rand, 6); k > 0; k--) {
    const at = int(rand, t.length + 1);
    const op = int(rand, 4);
    if (op === 0) t = t.slice(0, at) + pick(rand, SNIPPETS) + t.slice(at);
    else if (op === 1) t = t.slice(0, at) + t.slice(at + 1 + int(rand, 20));
    else if (op === 2) t = t.slice(0, at);
    else t = t.slice(0, at) + t.slice(Math.max(0, at - 40), at) + t.slice(at);
  }
  return t;
}

/** One generated document: random, mangled, huge, deep, explosive. */
function generate(rand: Rand, i: number): string {
  switch (i % 12) {
    case 0: return randomText(rand);
    case 1: return mangle(rand, SPRINT);
    case 2: return mangle(rand, EXAMPLE);
    case 3: return mangle(rand, TEAMS);
    case 4: return mangle(rand, AGENT);
    case 5: return `sprint:\n  id: big\n  tasks:\n    - id: a\n      title: ${pick(rand, ['x', '😀', 'ab ', '#'] as const).repeat(20_000 + int(rand, 40_000))}\n`;
    // Nesting just under and over the loader's limit of 128, where the `yaml` package is slowest.
    case 6: return pick(rand, ['[', '{', '- ', '? ', '[{', '? - ']).repeat(20 + int(rand, 200));
    case 7: return Array.from({ length: 40 + int(rand, 400) }, (_, d) => `${' '.repeat(d)}k${d}:`).join('\n');
    case 8: return 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + Array.from({ length: 9 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(9).fill(`*${String.fromCharCode(97 + k)}`).join(',')}]`).join('\n') + '\n';
    case 9: return mangle(rand, sprintYaml(40 + int(rand, 200), 3, i));
    case 10: return ' '.repeat(int(rand, 50_000)) + '#'.repeat(int(rand, 50_000));
    default: return mangle(rand, randomText(rand) + SPRINT);
  }
}

describe('fuzzing the server (over stdio)', function () {
  this.timeout(180000);
  let fx: Fixture;
  let client: LspClient;

  before(async () => {
    fx = writeFixture();
    client = await LspClient.start(fx.root);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(fx.root, { recursive: true, force: true });
  });

  it(`never crashes or hangs, and answers every one of ${DOCS} generated documents`, async () => {
    const rand = prng(20261121);
    const kinds = ['sprints/fuzz-%.yaml', 'agents/fuzz-%.md', 'epics/fuzz-%.yaml', 'sprints/nested/fuzz-%.yml'];
    let documents = 0;
    let answers = 0;
    for (let batch = 0; documents < DOCS; batch++) {
      const uris = Array.from({ length: Math.min(BATCH, DOCS - documents) }, (_, k) => uriOf(path.join(fx.root, '.claude', kinds[k % kinds.length]!.replace('%', `${batch}-${k}`))));
      if (batch % 5 === 0) uris[0] = fx.teams;
      for (const [k, uri] of uris.entries()) await client.open(uri, generate(rand, documents + k));
      documents += uris.length;
      for (const uri of uris) {
        for (let e = int(rand, 3); e > 0; e--) {
          const text = client.text(uri);
          const start = int(rand, text.length + 1);
          const end = Math.min(text.length, start + int(rand, 30));
          await client.change(uri, [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: pick(rand, SNIPPETS) }]);
        }
      }
      // Every document's latest version gets its diagnostics.
      await Promise.all(uris.map((uri) => client.answered(uri, 30000).then(() => answers++))).catch((error: unknown) => {
        throw new Error(`${String(error)}\nserver alive: ${client.alive}; its log:\n${client.logs.join("").slice(-3000)}`);
      });
      // And the server still answers requests on them, at arbitrary positions.
      const probe = uris[int(rand, uris.length)]!;
      const text = client.text(probe);
      const at = positionAt(text, int(rand, text.length + 1));
      await Promise.all([client.completion(probe, at), client.hover(probe, at), client.documentSymbol(probe), client.definition(probe, at), client.references(probe, at)]);
      for (const uri of uris) await client.close(uri);
      assert.ok(client.alive, `the server is alive after batch ${batch}`);
    }
    assert.equal(answers, documents);
    // Back to normal work afterwards: the fixture sprint still checks and completes.
    await client.open(fx.sprint, SPRINT);
    assert.deepEqual(await client.answered(fx.sprint), []);
    assert.ok((await client.completion(fx.sprint, { line: 7, character: 16 })).length > 0);
    console.log(`      fuzz: ${documents} documents opened, edited and closed; ${answers} answered`);
  });
});
