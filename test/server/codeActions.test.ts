import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdit, copyExample, LspClient, uriOf } from './lspClient';

function only(list: Diagnostic[], code: string, name?: string): Diagnostic {
  const found = list.filter((d) => d.code === code && (name === undefined || (d.data as { name?: string; task?: string }).name === name || (d.data as { task?: string }).task === name));
  assert.ok(found.length > 0, `a ${code} diagnostic`);
  return found[0]!;
}

function edits(action: CodeAction | undefined, uri: string): TextEdit[] {
  assert.ok(action, 'the action is offered');
  return action.edit?.changes?.[uri] ?? [];
}

describe('code actions (over stdio)', function () {
  this.timeout(30000);
  let root: string;
  let client: LspClient;
  let core: string;
  let coreText: string;

  before(async () => {
    root = copyExample('broken');
    client = await LspClient.start(root);
    core = uriOf(path.join(root, '.claude/sprints/core.yaml'));
    coreText = fs.readFileSync(path.join(root, '.claude/sprints/core.yaml'), 'utf8');
    await client.open(core, coreText);
    await client.diagnosticsFor(core, (d) => d.some((x) => x.code === 'dependency-cycle'));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('replaces a mistyped enum value with the suggestion', async () => {
    const d = only(client.diagnostics.get(core)!, 'bad-enum');
    const actions = await client.codeAction(core, d.range, [d]);
    const fix = actions.find((a) => a.title === 'Change to `high`');
    assert.equal(fix?.isPreferred, true);
    assert.match(applyEdit(coreText, edits(fix, core)[0]!.range, edits(fix, core)[0]!.newText), /priority: high\n/);
  });

  it('replaces a mistyped reference, or creates the missing agent file from a template', async () => {
    const d = only(client.diagnostics.get(core)!, 'unknown-agent', 'frontnd-dev');
    const actions = await client.codeAction(core, d.range, [d]);
    assert.deepEqual(actions.map((a) => a.title), ['Change to `frontend-dev`', 'Create agent file agents/frontnd-dev.md']);
    const [create, write] = actions[1]!.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    const file = path.join(root, '.claude/agents/frontnd-dev.md');
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, uriOf(file));
    // Applying the edit as an editor would: the new agent resolves the reference.
    fs.writeFileSync(file, (write.edits[0] as TextEdit).newText);
    const fixed = client.waitForDiagnostics(core, (list) => !list.some((x) => x.code === 'unknown-agent'));
    await client.filesChanged([{ uri: create.uri, type: 1 }]);
    await fixed;
    const agent = await client.diagnosticsFor(create.uri);
    assert.deepEqual(agent.map((x) => x.code), ['unused-agent'], 'the template is a valid agent (only not in a team yet)');
  });

  it('removes the dependency edge that closes a cycle', async () => {
    const d = only(client.diagnostics.get(core)!, 'dependency-cycle', 'loop-a');
    const [action] = await client.codeAction(core, d.range, [d]);
    assert.equal(action?.title, 'Remove the dependency of `loop-a` on `loop-c`');
    const [edit] = edits(action, core);
    const gone = client.waitForDiagnostics(core, (list) => !list.some((x) => x.code === 'dependency-cycle'));
    await client.change(core, [{ range: edit!.range, text: edit!.newText }]);
    await gone;
    assert.match(client.text(core), /- id: loop-a\n {6}assignee: backend-dev\n {6}dependencies: \[\]\n/);
  });

  it('removes a block-sequence dependency line, leaving a list', async () => {
    const d = only(client.diagnostics.get(core)!, 'self-dependency');
    const back = client.waitForDiagnostics(core, (list) => list.some((x) => x.code === 'self-dependency' && x.range.start.line !== d.range.start.line));
    await client.replace(core, 'dependencies: [selfish]', 'dependencies:\n        - selfish');
    const [moved] = (await back).filter((x) => x.code === 'self-dependency');
    const [action] = await client.codeAction(core, moved!.range, [moved!]);
    const [edit] = edits(action, core);
    assert.match(applyEdit(client.text(core), edit!.range, edit!.newText), /- id: selfish\n {6}assignee: backend-dev\n {6}dependencies: \[\]\n/);
  });

  it('renames one of two agents sharing a name', async () => {
    const twin = uriOf(path.join(root, '.claude/agents/twin-b.md'));
    const d = only(await client.diagnosticsFor(twin), 'duplicate-agent-name');
    const [action] = await client.codeAction(twin, d.range, [d]);
    assert.equal(action?.title, 'Rename this agent to `twin-b`');
    assert.deepEqual(edits(action, twin), [{ range: d.range, newText: 'twin-b' }]);
  });
});
