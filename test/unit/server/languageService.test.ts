import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Position } from 'vscode-languageserver';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import { removeListItem } from '../../../src/server/codeActions';
import { BatonLanguageService } from '../../../src/server/languageService';
import { TextLines } from '../../../src/server/textLines';
import { removeTemp } from '../../support/tempWorkspace';
import { SPRINT, writeFixture, type Fixture } from '../../server/fixtureWorkspace';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function positionOf(text: string, needle: string, shift = 0): Position {
  return new TextLines(text).positionAt(text.indexOf(needle) + shift);
}

describe('language service (plain Node)', () => {
  it("reports exactly the loader's diagnostics for VS Code and Codex agent files, and a TOML agent's hover does not throw", async () => {
    const root = path.resolve(__dirname, '../../fixtures/foreign-agents');
    const service = new BatonLanguageService(root, path.join(root, '.claude'));
    await service.loadFromDisk();
    const loaded = await loadWorkspace(root);
    const byFile = service.diagnosticsByFile();
    assert.deepEqual([...byFile.keys()].sort(), [...loaded.files].sort());
    for (const file of loaded.files) assert.deepEqual(byFile.get(file), loaded.diagnostics.filter((d) => d.file === file), file);
    assert.ok(service.isBatonFile(path.join(root, '.codex/agents/code-reviewer.toml')));
    assert.ok(service.isBatonFile(path.join(root, '.github/agents/pr-reviewer.agent.md')));
    const toml = path.join(root, '.codex/agents/code-reviewer.toml');
    service.openOrChange(toml, 'name = "code-reviewer"\ndescription = \n');
    assert.ok(service.diagnosticsByFile().get(toml)!.some((d) => d.code === 'toml-syntax'));
    service.hover(toml, { line: 0, character: 2 });
    service.completion(toml, { line: 0, character: 2 }, 'name = "code-reviewer"\n');
  });

  for (const example of ['ecommerce', 'auth', 'broken']) {
    it(`reports exactly the loader's diagnostics for examples/${example}`, async () => {
      const root = path.join(EXAMPLES, example);
      const service = new BatonLanguageService(root, path.join(root, '.claude'));
      await service.loadFromDisk();
      const loaded = await loadWorkspace(root);
      const byFile = service.diagnosticsByFile();
      assert.deepEqual([...byFile.keys()].sort(), [...loaded.files].sort());
      for (const file of loaded.files) assert.deepEqual(byFile.get(file), loaded.diagnostics.filter((d) => d.file === file), file);
    });
  }

  describe('on the fixture', () => {
    let fx: Fixture;
    let service: BatonLanguageService;
    let sprintFile: string;
    before(async () => {
      fx = writeFixture();
      service = new BatonLanguageService(fx.root, path.join(fx.root, '.claude'));
      await service.loadFromDisk();
      service.diagnosticsByFile();
      sprintFile = path.join(fx.root, '.claude/sprints/s1.yaml');
    });
    after(() => removeTemp(fx.root));

    it('completes dependencies while the text does not parse, from the last good version', () => {
      const broken = SPRINT.replace('dependencies: [build]', 'dependencies: [build, ');
      service.openOrChange(sprintFile, broken);
      assert.ok(service.diagnosticsByFile().get(sprintFile)!.some((d) => d.code === 'yaml-syntax'));
      const items = service.completion(sprintFile, positionOf(broken, 'dependencies: [build, ', 22), broken);
      assert.deepEqual(items.map((i) => i.label).sort(), ['docs', 'plan']);
      service.openOrChange(sprintFile, SPRINT);
    });

    it('completes keys from the live text before the index has it', () => {
      const live = SPRINT.replace('      estimate: 2\n', '      estimate: 2\n      acc\n');
      const items = service.completion(sprintFile, positionOf(live, '      acc\n', 9), live);
      // The client filters by what is typed; the server offers every key that fits, with the range to replace.
      const item = items.find((i) => i.label === 'acceptance_criteria');
      assert.deepEqual(item?.textEdit, { range: { start: positionOf(live, 'acc\n'), end: positionOf(live, 'acc\n', 3) }, newText: 'acceptance_criteria: ' });
      assert.ok(!items.some((i) => i.label === 'estimate' || i.label === 'id'));
    });

    it('completes frontmatter keys in an agent file, and nothing in its body', () => {
      const agent = path.join(fx.root, '.claude/agents/qa.md');
      const text = '---\nname: qa\nmo\n---\nBody mo\n';
      service.openOrChange(agent, text);
      const keys = service.completion(agent, { line: 2, character: 2 }, text).map((i) => i.label);
      assert.ok(keys.includes('model') && keys.includes('runner') && !keys.includes('name'), keys.join());
      assert.deepEqual(service.completion(agent, { line: 4, character: 7 }, text), []);
    });

    it('outlines teams and their members', () => {
      const [eng, design] = service.documentSymbols(path.join(fx.root, '.claude/teams.yaml'));
      assert.deepEqual([eng?.name, eng?.children?.map((c) => c.name), design?.name], ['eng', ['dev', 'qa'], 'design']);
    });
  });

  describe('removing a dependency edge', () => {
    /** Removes `name`, written as `token` (quoted or not) — the range a diagnostic carries. */
    const edit = (text: string, name: string, token = name) => {
      const lines = new TextLines(text);
      const start = text.lastIndexOf(token);
      const range = { start: lines.positionAt(start), end: lines.positionAt(start + token.length) };
      const e = removeListItem(lines, range, name);
      return e && text.slice(0, lines.offsetAt(e.range.start)) + e.newText + text.slice(lines.offsetAt(e.range.end));
    };
    it('takes an item and its comma out of a flow sequence', () => {
      assert.equal(edit('deps: [a, b, c]\n', 'b'), 'deps: [a, c]\n');
      assert.equal(edit('deps: [a, b, c]\n', 'c'), 'deps: [a, b]\n');
      assert.equal(edit("deps: ['c']\n", 'c', "'c'"), 'deps: []\n');
    });
    it('takes a line out of a block sequence, leaving [] for the last one', () => {
      assert.equal(edit('deps:\n  - a\n  - b\nx: 1\n', 'b'), 'deps:\n  - a\nx: 1\n');
      assert.equal(edit('deps:\n  - b\nx: 1\n', 'b'), 'deps: []\nx: 1\n');
    });
    it('refuses when the range does not hold the name', () => {
      assert.equal(edit('deps: [a, b]\n', 'zz'), undefined);
    });
  });
});

