import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { CompletionItem, MarkupContent, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdit, LspClient, positionOf } from './lspClient';
import { SPRINT, TEAMS, writeFixture, type Fixture } from './fixtureWorkspace';

const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
const markdown = (h: { contents: unknown } | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';

/** Applies a workspace edit's changes for one URI to `text` (last edit first, as they do not overlap). */
function applyChanges(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  return sorted.reduce((t, e) => applyEdit(t, e.range, e.newText), text);
}

describe('server features (over stdio)', function () {
  this.timeout(30000);
  let fx: Fixture;
  let client: LspClient;

  before(async () => {
    fx = writeFixture();
    client = await LspClient.start(fx.root);
    await client.open(fx.sprint, SPRINT);
    await client.open(fx.teams, TEAMS);
    await client.diagnosticsFor(fx.sprint);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(fx.root, { recursive: true, force: true });
  });

  describe('completion', () => {
    it('offers the keys the schema allows in a task, with their descriptions, minus those written', async () => {
      await client.replace(fx.sprint, '      assignee: dev\n    - id: build', '      assignee: dev\n      \n    - id: build');
      const items = await client.completion(fx.sprint, positionOf(client.text(fx.sprint), '      \n    - id: build', 6));
      await client.replace(fx.sprint, '      assignee: dev\n      \n', '      assignee: dev\n');
      const names = labels(items);
      assert.ok(names.includes('priority') && names.includes('dependencies') && names.includes('reviewers'), names.join());
      assert.ok(!names.includes('id') && !names.includes('title') && !names.includes('assignee'), 'keys already written are not offered');
      const estimate = items.find((i) => i.label === 'review');
      assert.match((estimate?.documentation as MarkupContent).value, /review/);
    });

    it('offers enum values', async () => {
      await client.replace(fx.sprint, '      estimate: 2\n', '      estimate: 2\n      priority: \n');
      const items = await client.completion(fx.sprint, positionOf(client.text(fx.sprint), 'priority: ', 10));
      await client.replace(fx.sprint, '      priority: \n', '');
      assert.deepEqual(labels(items), ['critical', 'high', 'low', 'medium']);
    });

    it('offers agents for an assignee, with their model', async () => {
      const items = await client.completion(fx.sprint, positionOf(client.text(fx.sprint), 'assignee: qa', 10));
      assert.deepEqual(labels(items), ['artist', 'dev', 'qa']);
      assert.equal(items.find((i) => i.label === 'dev')?.detail, 'agent · sonnet');
    });

    it('offers teams for a task team', async () => {
      await client.replace(fx.sprint, '      assignee: qa\n', '      team: \n');
      const items = await client.completion(fx.sprint, positionOf(client.text(fx.sprint), 'team: ', 6));
      await client.replace(fx.sprint, '      team: \n', '      assignee: qa\n');
      assert.deepEqual(labels(items), ['design', 'eng']);
    });

    it('offers only dependencies that close no cycle and are not listed yet', async () => {
      await client.replace(fx.sprint, 'dependencies: [plan]', 'dependencies: [plan, ]');
      const build = await client.completion(fx.sprint, positionOf(client.text(fx.sprint), 'dependencies: [plan, ]', 21));
      assert.deepEqual(labels(build), ['docs'], 'build: not itself, not test (it depends on build), not plan (listed)');
      await client.replace(fx.sprint, 'dependencies: [plan, ]', 'dependencies: [plan]');
      const afterDocs = client.text(fx.sprint).indexOf('id: docs');
      await client.replace(fx.sprint, 'dependencies: [plan]', 'dependencies: [plan, ]', 'id: docs');
      const docs = await client.completion(fx.sprint, positionOf(client.text(fx.sprint), 'dependencies: [plan, ]', 21, 'id: docs'));
      await client.replace(fx.sprint, 'dependencies: [plan, ]', 'dependencies: [plan]', 'id: docs');
      assert.ok(afterDocs > 0);
      assert.deepEqual(labels(docs), ['build', 'test']);
    });

    it('offers event names for team subscriptions and agents for members', async () => {
      await client.replace(fx.teams, 'subscriptions: [task_completed]', 'subscriptions: [task_completed, task_f]');
      const events = await client.completion(fx.teams, positionOf(client.text(fx.teams), 'task_f]', 6));
      await client.replace(fx.teams, 'subscriptions: [task_completed, task_f]', 'subscriptions: [task_completed]');
      assert.ok(labels(events).includes('task_failed') && !labels(events).includes('task_completed'));
      const members = await client.completion(fx.teams, positionOf(client.text(fx.teams), 'members: [dev, qa]', 17));
      assert.ok(labels(members).includes('artist') && !labels(members).includes('dev'), labels(members).join());
    });
  });

  describe('hover', () => {
    it("shows an agent's description and model", async () => {
      const text = markdown(await client.hover(fx.sprint, positionOf(SPRINT, 'assignee: dev', 11)));
      assert.match(text, /Builds features\./);
      assert.match(text, /sonnet/);
    });

    it("shows a task's title, estimate, dependencies, dependants and critical path", async () => {
      const text = markdown(await client.hover(fx.sprint, positionOf(SPRINT, 'dependencies: [build]', 16)));
      assert.match(text, /Build it/);
      assert.match(text, /estimate 5/);
      assert.match(text, /Depends on: `plan`/);
      assert.match(text, /Unblocks: `test`/);
      assert.match(text, /On the critical path \(step 2 of 3, length 10\)/);
      const docs = markdown(await client.hover(fx.sprint, positionOf(SPRINT, 'id: docs', 5)));
      assert.match(docs, /Not on the critical path: slack 7/);
    });

    it("shows a key's documentation from the schema", async () => {
      const text = markdown(await client.hover(fx.sprint, positionOf(SPRINT, 'estimate: 5', 3)));
      assert.match(text, /Effort in points or hours/);
    });
  });

  describe('navigation', () => {
    it('goes from a dependency to its task, from an agent to its file, from a team to teams.yaml', async () => {
      const [task] = await client.definition(fx.sprint, positionOf(SPRINT, 'dependencies: [plan]', 16));
      assert.equal(task?.uri, fx.sprint);
      assert.deepEqual(task?.range.start, positionOf(SPRINT, 'id: plan', 4));
      const [agent] = await client.definition(fx.sprint, positionOf(SPRINT, 'assignee: qa', 10));
      assert.match(agent!.uri, /agents\/qa\.md$/);
      assert.deepEqual(agent!.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 8 } });
      const [team] = await client.definition(fx.sprint, positionOf(SPRINT, 'teams: [eng]', 8));
      assert.equal(team?.uri, fx.teams);
      assert.deepEqual(team?.range.start, { line: 1, character: 2 });
    });

    it('finds every reference of a task id and of an agent', async () => {
      const tasks = await client.references(fx.sprint, positionOf(SPRINT, 'id: plan', 5));
      assert.equal(tasks.length, 3, 'the id and two dependencies');
      const agents = await client.references(fx.sprint, positionOf(SPRINT, 'assignee: dev', 10));
      assert.equal(agents.length, 5, 'the agent file, the team member and three assignees');
      assert.equal(new Set(agents.map((l) => l.uri)).size, 3);
    });

    it('outlines a sprint as its tasks', async () => {
      const [sprint] = await client.documentSymbol(fx.sprint);
      assert.equal(sprint?.name, 'sprint s1');
      assert.deepEqual(sprint?.children?.map((c) => [c.name, c.detail]), [['plan', 'Plan the work'], ['build', 'Build it'], ['test', 'Test it'], ['docs', 'Write docs']]);
      assert.deepEqual(sprint?.children?.[1]?.selectionRange.start, positionOf(SPRINT, 'id: build', 4));
    });
  });

  describe('rename', () => {
    it('renames a task id and every dependency on it', async () => {
      const prepared = await client.prepareRename(fx.sprint, positionOf(SPRINT, 'id: plan', 5));
      assert.deepEqual(prepared, { range: { start: positionOf(SPRINT, 'id: plan', 4), end: positionOf(SPRINT, 'id: plan', 8) }, placeholder: 'plan' });
      const edit = (await client.rename(fx.sprint, positionOf(SPRINT, 'dependencies: [plan]', 16), 'kickoff')) as WorkspaceEdit;
      const renamed = applyChanges(SPRINT, edit.changes![fx.sprint]!);
      assert.equal(renamed, SPRINT.replaceAll('plan', 'kickoff').replace('Plan the work', 'Plan the work'));
      assert.deepEqual(Object.keys(edit.changes!), [fx.sprint]);
    });

    it('renames an agent across its file, teams.yaml and every sprint', async () => {
      const edit = (await client.rename(fx.sprint, positionOf(SPRINT, 'assignee: dev', 10), 'developer')) as WorkspaceEdit;
      assert.equal(Object.keys(edit.changes!).length, 3);
      assert.equal(applyChanges(TEAMS, edit.changes![fx.teams]!), TEAMS.replace('[dev, qa]', '[developer, qa]'));
      assert.equal(applyChanges(SPRINT, edit.changes![fx.sprint]!), SPRINT.replaceAll('assignee: dev', 'assignee: developer'));
      assert.match(applyChanges(fs.readFileSync(new URL(fx.dev), 'utf8'), edit.changes![fx.dev]!), /^name: developer$/m);
    });

    it('refuses a name that would not be a valid id', async () => {
      await assert.rejects(client.rename(fx.sprint, positionOf(SPRINT, 'id: plan', 5), 'has space'), /not a valid name/);
      await assert.rejects(client.rename(fx.sprint, positionOf(SPRINT, 'id: plan', 5), 'build'), /already exists/);
    });
  });

  it('answers the sprint graph request: levels, critical path, earliest starts', async () => {
    const graph = await client.sprintGraph({ uri: fx.sprint });
    assert.equal(graph?.sprint, 's1');
    assert.deepEqual(graph?.levels, [['plan'], ['build', 'docs'], ['test']]);
    assert.deepEqual(graph?.criticalPath, ['plan', 'build', 'test']);
    assert.equal(graph?.length, 10);
    assert.equal(graph?.totalWork, 11);
    const docs = graph?.tasks.find((t) => t.id === 'docs');
    assert.deepEqual([docs?.level, docs?.critical, docs?.earliestStart, docs?.earliestFinish, docs?.slack], [1, false, 2, 3, 7]);
    assert.deepEqual(graph?.tasks.find((t) => t.id === 'build')?.dependants, ['test']);
    assert.equal((await client.sprintGraph({ sprint: 's1' }))?.tasks.length, 4);
    assert.equal(await client.sprintGraph({ sprint: 'nope' }), null);
  });
});
