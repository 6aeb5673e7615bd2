import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { writeWorkspace } from '../../bench/generateWorkspace';
import { loadWorkspace } from '../../src/engine/config/loadWorkspace';
import { toLspDiagnostic } from '../../src/server/diagnosticsHandler';
import { copyExample, LspClient, positionOf, uriOf } from './lspClient';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const codes = (list: Diagnostic[]) => list.map((d) => d.code);

/** Waits until the server has published for every file and returns what it published. */
async function publishedFor(client: LspClient, files: readonly string[]): Promise<Map<string, Diagnostic[]>> {
  const out = new Map<string, Diagnostic[]>();
  await Promise.all(files.map(async (f) => out.set(f, await client.diagnosticsFor(uriOf(f)))));
  return out;
}

/** The server's diagnostics for a workspace must be exactly the loader's, converted to LSP. */
async function assertSameAsLoader(root: string): Promise<number> {
  const loaded = await loadWorkspace(root);
  const client = await LspClient.start(root);
  try {
    const published = await publishedFor(client, loaded.files);
    let count = 0;
    for (const file of loaded.files) {
      const expected = loaded.diagnostics.filter((d) => d.file === file).map(toLspDiagnostic);
      assert.deepEqual(published.get(file), expected, `diagnostics of ${path.relative(root, file)}`);
      count += expected.length;
    }
    return count;
  } finally {
    await client.stop();
  }
}

describe('server diagnostics (over stdio)', function () {
  this.timeout(30000);
  const temps: string[] = [];
  after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

  for (const example of ['ecommerce', 'auth', 'broken']) {
    it(`publishes exactly the loader's diagnostics for examples/${example}`, async () => {
      const count = await assertSameAsLoader(path.join(EXAMPLES, example));
      if (example === 'broken') assert.equal(count, 30, 'the 30 diagnostics of examples/broken/EXPECTED.md');
    });
  }

  it('publishes unsafe worktree paths on their lines, as `baton validate` does (issue 10 case 9)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-lsp-paths-'));
    temps.push(root);
    fs.mkdirSync(path.join(root, '.claude', 'agents'), { recursive: true });
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'index.ts'), 'export {};\n');
    fs.writeFileSync(path.join(root, '.claude', 'teams.yaml'), 'teams:\n  eng:\n    members: [dev]\nsettings:\n  worktrees:\n    location: src\n    copy: [../secrets.env]\n');
    fs.writeFileSync(path.join(root, '.claude', 'agents', 'dev.md'), '---\nname: dev\ndescription: d\n---\nbody\n');
    assert.equal(await assertSameAsLoader(root), 2);
    const client = await LspClient.start(root);
    try {
      const published = await client.diagnosticsFor(uriOf(path.join(root, '.claude', 'teams.yaml')));
      assert.deepEqual(published.map((d) => [d.code, d.range.start.line + 1, d.severity]), [['worktree-location-unsafe', 6, 1], ['path-outside-workspace', 7, 1]]);
    } finally {
      await client.stop();
    }
  });

  it("publishes exactly the loader's diagnostics for a generated 2,000-task sprint with errors", async () => {
    const root = writeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-lsp-gen-')), 2000, 6);
    temps.push(root);
    assert.ok((await assertSameAsLoader(root)) >= 6);
  });

  it('re-checks an open sprint after incremental edits, and the loader agrees', async () => {
    const root = copyExample('broken');
    temps.push(root);
    const client = await LspClient.start(root);
    try {
      const file = path.join(root, '.claude/sprints/core.yaml');
      const uri = uriOf(file);
      await client.open(uri, fs.readFileSync(file, 'utf8'));
      await client.diagnosticsFor(uri, (d) => codes(d).includes('bad-enum'));
      const fixed = client.waitForDiagnostics(uri, (d) => !codes(d).includes('bad-enum'));
      await client.replace(uri, 'hgh', 'hig');
      await client.replace(uri, 'hig', 'high');
      const after = await fixed;
      fs.writeFileSync(file, client.text(uri));
      const loaded = await loadWorkspace(root);
      assert.deepEqual(after, loaded.diagnostics.filter((d) => d.file === file).map(toLspDiagnostic));
    } finally {
      await client.stop();
    }
  });

  it('answers typed edits one by one and a burst at its last version, never going back to an older one', async () => {
    const root = writeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-lsp-tiers-')), 2000, 6);
    temps.push(root);
    const client = await LspClient.start(root);
    try {
      const file = path.join(root, '.claude/sprints/big.yaml');
      const uri = uriOf(file);
      await client.open(uri, fs.readFileSync(file, 'utf8'));
      await client.answered(uri);
      const typeAt = (needle: string) => client.change(uri, [{ range: { start: positionOf(client.text(uri), needle, needle.length), end: positionOf(client.text(uri), needle, needle.length) }, text: 'x' }]);
      // Typed: each edit waits for its answer, which is for that very version.
      for (let i = 0; i < 6; i++) {
        await typeAt('title: Task number 1000');
        await client.answered(uri);
        assert.equal(client.publishedVersions.get(uri)!.at(-1), client.version(uri));
      }
      // A burst: 30 keystrokes sent back to back, in a dependency (the graph and its diagnostics change) and a title.
      for (let i = 0; i < 30; i++) await typeAt(i % 2 ? 'title: Task number 1500' : 'dependencies: [t');
      const final = await client.answered(uri);
      const versions = client.publishedVersions.get(uri)!
      assert.ok(versions.every((v, i) => i === 0 || v >= versions[i - 1]!), `published versions in order: ${versions.join(' ')}`);
      fs.writeFileSync(file, client.text(uri));
      const loaded = await loadWorkspace(root);
      assert.deepEqual(final, loaded.diagnostics.filter((d) => d.file === file).map(toLspDiagnostic));
      assert.ok(final.some((d) => d.code === 'unknown-task'), 'the burst typed into a dependency');
    } finally {
      await client.stop();
    }
  });

  it('re-checks the sprints that depend on teams.yaml when it changes', async () => {
    const root = copyExample('broken');
    temps.push(root);
    const client = await LspClient.start(root);
    try {
      const teams = uriOf(path.join(root, '.claude/teams.yaml'));
      const core = uriOf(path.join(root, '.claude/sprints/core.yaml'));
      const about = (name: string) => (d: Diagnostic[]) => d.filter((x) => x.code === 'unknown-team').map((x) => (x.data as { name: string }).name).includes(name);
      await client.diagnosticsFor(core, about('desing'));
      await client.open(teams, fs.readFileSync(path.join(root, '.claude/teams.yaml'), 'utf8'));
      // Renaming team `design` to `desing` makes the task's `team: desing` right and the sprint's `teams: [.., design]` wrong.
      const resolved = client.waitForDiagnostics(core, (d) => !about('desing')(d) && about('design')(d));
      await client.replace(teams, '  design:', '  desing:');
      await resolved;
    } finally {
      await client.stop();
    }
  });

  it('picks up files created and deleted on disk (workspace/didChangeWatchedFiles)', async () => {
    const root = copyExample('broken');
    temps.push(root);
    const client = await LspClient.start(root);
    try {
      const core = uriOf(path.join(root, '.claude/sprints/core.yaml'));
      await client.diagnosticsFor(core, (d) => codes(d).includes('unknown-agent'));
      assert.ok(client.registrations.includes('workspace/didChangeWatchedFiles'), 'the server asks to watch the config files');
      const agent = path.join(root, '.claude/agents/frontnd-dev.md');
      fs.writeFileSync(agent, '---\nname: frontnd-dev\ndescription: typo twin\n---\nHi.\n');
      const gone = client.waitForDiagnostics(core, (d) => !codes(d).includes('unknown-agent'));
      await client.filesChanged([{ uri: uriOf(agent), type: 1 }]);
      await gone;
      fs.rmSync(agent);
      const back = client.waitForDiagnostics(core, (d) => codes(d).includes('unknown-agent'));
      await client.filesChanged([{ uri: uriOf(agent), type: 3 }]);
      await back;
    } finally {
      await client.stop();
    }
  });

  it("checks an agent's frontmatter as it is typed, with exact ranges", async () => {
    const root = copyExample('broken');
    temps.push(root);
    const client = await LspClient.start(root);
    try {
      const uri = uriOf(path.join(root, '.claude/agents/lead.md'));
      await client.open(uri, fs.readFileSync(path.join(root, '.claude/agents/lead.md'), 'utf8'));
      await client.diagnosticsFor(uri);
      const warned = client.waitForDiagnostics(uri, (d) => codes(d).includes('agent-unknown-key'));
      await client.replace(uri, '---\n\nYou', 'colour: blue\n---\n\nYou');
      const [d] = (await warned).filter((x) => x.code === 'agent-unknown-key');
      const line = client.text(uri).split('\n').indexOf('colour: blue');
      assert.deepEqual(d!.range, { start: { line, character: 0 }, end: { line, character: 6 } });
      assert.equal((d!.data as { suggestion?: string }).suggestion, 'color');
    } finally {
      await client.stop();
    }
  });

  it('drops the editor text on close: the disk version is what remains', async () => {
    const root = copyExample('broken');
    temps.push(root);
    const client = await LspClient.start(root);
    try {
      const file = path.join(root, '.claude/sprints/release-a.yaml');
      const uri = uriOf(file);
      await client.open(uri, fs.readFileSync(file, 'utf8'));
      const broken = client.waitForDiagnostics(uri, (d) => codes(d).includes('yaml-syntax'));
      await client.replace(uri, 'id: release', 'id: [release');
      await broken;
      const restored = client.waitForDiagnostics(uri, (d) => !codes(d).includes('yaml-syntax'));
      await client.close(uri);
      assert.deepEqual(codes(await restored), ['duplicate-sprint-id']);
    } finally {
      await client.stop();
    }
  });
});
