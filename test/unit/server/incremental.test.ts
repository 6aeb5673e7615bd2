import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { sprintYaml } from '../../../bench/generateWorkspace';
import { BatonLanguageService } from '../../../src/server/languageService';
import {
  AGENTS, agentFile, assertMatchesScratch, CODEX_AGENT, CODEX_AGENT_FILE, CONFIG, patternSprint, PLAIN_FILE, ROOT, SPRINT_FILE, TEAMS, TEAMS_FILE,
  VSCODE_AGENT, VSCODE_AGENT_FILE,
} from './incrementalWorkspace';

type Texts = Map<string, string>;

/** Characters typing inserts, including the ones that break YAML or restructure the tasks. */
const TYPED = ['x', ' ', '  ', '\n', '\n\n', '-', '- ', ':', ': ', '#', ' #', '[', ']', ',', "'", '"', '{', '}', '1', '\t', 'é', '😀', '    - id: fresh\n', '\n      - y', '\n  goals: [g]'];

const agentPath = (name: string) => path.join(CONFIG, `agents/${name}.md`);

/** Offsets of every line that starts a task item (`    - ` at the items' indentation). */
function itemStarts(text: string): number[] {
  const starts: number[] = [];
  for (const m of text.matchAll(/^ {4}- /gm)) starts.push(m.index);
  return starts;
}

/** The text of item `k` (mod the item count), with its bounds. */
function item(text: string, k: number): { from: number; to: number } | undefined {
  const starts = itemStarts(text);
  if (starts.length === 0) return undefined;
  const i = k % starts.length;
  const end = text.slice(starts[i]!).search(/\n {2}\S/);
  const to = starts[i + 1] ?? (end < 0 ? text.length : starts[i]! + end + 1);
  return { from: starts[i]!, to };
}

const splice = (text: string, at: number, remove: number, insert: string) => text.slice(0, at) + insert + text.slice(at + remove);

/** One edit an editor session makes, chosen by `a` and placed by `b`. */
const EDITS: ((texts: Texts, a: number, b: number) => void)[] = [
  // A keystroke anywhere in a sprint.
  (t, a, b) => {
    const file = a % 3 === 0 ? PLAIN_FILE : SPRINT_FILE;
    const text = t.get(file)!;
    t.set(file, splice(text, b % (text.length + 1), a % 4 === 0 ? (a >> 2) % 4 : 0, TYPED[a % TYPED.length]!));
  },
  // A keystroke in a title (the benchmark's edit), or a new line after it.
  (t, a, b) => {
    const text = t.get(SPRINT_FILE)!;
    const titles = [...text.matchAll(/title: /g)];
    if (titles.length === 0) return;
    const at = titles[b % titles.length]!.index + 7;
    t.set(SPRINT_FILE, splice(text, at, 0, a % 3 === 0 ? 'Z\n        ' : 'Z'));
  },
  // A dependency added (maybe closing a cycle) or the first one removed.
  (t, a, b) => {
    const text = t.get(SPRINT_FILE)!;
    const lists = [...text.matchAll(/dependencies: \[/g)];
    if (lists.length === 0) return;
    const at = lists[b % lists.length]!.index + 15;
    const ids = [...text.matchAll(/- id: (\S+)/g)].map((m) => m[1]!);
    if (a % 3 === 0) t.set(SPRINT_FILE, text.slice(0, at) + text.slice(at).replace(/^[^,\]]*(, )?/, ''));
    else t.set(SPRINT_FILE, splice(text, at, 0, `${ids[a % ids.length] ?? 'zz'}, `));
  },
  // A letter typed into (or taken out of) a task id: references to it break or mend.
  (t, a, b) => {
    const file = a % 4 === 0 ? PLAIN_FILE : SPRINT_FILE;
    const text = t.get(file)!;
    const ids = [...text.matchAll(/- id: (\S+)/g)];
    if (ids.length === 0) return;
    const m = ids[b % ids.length]!;
    const end = m.index + m[0].length;
    t.set(file, a % 3 === 0 && m[1]!.length > 1 ? splice(text, end - 1, 1, '') : splice(text, end, 0, 'abc'[a % 3]!));
  },
  // A task renamed, duplicated, deleted or moved.
  (t, a, b) => {
    const file = a % 5 === 0 ? PLAIN_FILE : SPRINT_FILE;
    const text = t.get(file)!;
    const it = item(text, b);
    if (!it) return;
    const chunk = text.slice(it.from, it.to);
    switch (a % 4) {
      case 0: t.set(file, splice(text, it.from, 0, chunk.replace(/- id: \S+/, '- id: renamed').replace(/^( {4}- )(?!id)/, '$1'))); return;
      case 1: t.set(file, splice(text, it.to, 0, chunk)); return;
      case 2: t.set(file, splice(text, it.from, chunk.length, '')); return;
      default: {
        const without = splice(text, it.from, chunk.length, '');
        const other = item(without, a >> 2);
        if (other) t.set(file, splice(without, other.from, 0, chunk));
      }
    }
  },
  // The sprint's own keys: id, primary agent, reviewers, teams.
  (t, a) => {
    const text = t.get(SPRINT_FILE)!;
    const edits: [RegExp, string][] = [[/id: pat\n/, 'id: pat2\n'], [/primary_agent: \S+/, `primary_agent: dev${a % 3}`], [/reviewer_agents: \[[^\]]*\]/, a % 2 ? 'reviewer_agents: [rev, qa0]' : 'reviewer_agents: []'], [/ {2}teams: \[eng\]\n/, ''], [/ {2}primary_agent: \S+\n/, '']];
    const [find, replace] = edits[a % edits.length]!;
    t.set(SPRINT_FILE, text.replace(find, replace));
  },
  // Another file changes: a team requires review or not, loses a member; an agent comes or goes.
  (t, a) => {
    switch (a % 4) {
      case 0: t.set(TEAMS_FILE, t.get(TEAMS_FILE)!.includes('require_review: true') ? t.get(TEAMS_FILE)!.replace('require_review: true', 'require_review: false') : TEAMS); return;
      case 1: t.set(TEAMS_FILE, t.get(TEAMS_FILE)!.replace('dev1, ', '')); return;
      case 2: if (t.has(agentPath('rev'))) t.delete(agentPath('rev')); else t.set(agentPath('rev'), agentFile('rev')); return;
      default: t.set(agentPath('ghost'), agentFile('ghost'));
    }
  },
  // A team's subscriptions change: their actions, templates and assignees (a member or not, an agent or not), events.
  (t, a) => {
    const teams = t.get(TEAMS_FILE)!;
    const edits: [string | RegExp, string][] = [
      ['assignee: dev1, priority', 'assignee: qa0, priority'], // not a member of eng
      ['assignee: dev1, priority', 'assignee: dve1, priority'], // no such agent
      [', task: { title: Fix the gate, assignee: dev1, priority: high }', ''], // a task action without its template
      ["command: 'npm run smoke', timeout: 60", 'timeout: 60'], // a command action without its command
      ['action: command', 'action: notify'], // command and timeout have no effect
      ['critical: true, task', 'critical: true, action: notify, task'], // critical without a task, task without effect
      ['- bug_discovered', '- bug_discoverd'], // not in the catalogue
      ["command: 'npm run smoke'", "command: 'npm run \"smoke'"], // a command line that does not parse
      [/ {4}subscriptions: \[qa_testing_completed\]\n/, ''],
    ];
    const [find, replace] = edits[a % edits.length]!;
    t.set(TEAMS_FILE, teams.replace(find, replace));
  },
  // A VS Code or Codex agent file changes: keys with no effect, broken syntax, a new name; the file goes or comes back.
  (t, a) => {
    const [file, original] = a % 2 === 0 ? [VSCODE_AGENT_FILE, VSCODE_AGENT] : [CODEX_AGENT_FILE, CODEX_AGENT];
    const text = t.get(file);
    if (text === undefined) return void t.set(file, original);
    const edits: [string, string][] = a % 2 === 0
      ? [['tools: [read, search]', 'tools: [read, search]\nhandoffs: [{ label: Go, agent: x }]'], ['name: pr-reviewer', 'name: pr-reviewr'], ['model: gpt-5', 'model: [GPT-5 (copilot)]'], ['---\nname', '---\nname: [broken\nname']]
      : [['sandbox_mode', 'nickname_candidates = ["b"]\nsandbox_mode'], ['name = "builder"', 'name = "bilder"'], ['developer_instructions = """', 'developer_instructions = """\n[unclosed'], ['model_reasoning_effort = "high"', 'model_reasoning_effort = "hgh"\nrunner = "claude-code"'], ['sandbox_mode = "workspace-write"', 'sandbox_mode = "workspace-write']];
    const choice = (a >> 1) % (edits.length + 1);
    if (choice === edits.length) return void t.delete(file);
    t.set(file, text.replace(edits[choice]![0], edits[choice]![1]));
  },
];

function startingTexts(tasks: number): Texts {
  const texts: Texts = new Map([
    [TEAMS_FILE, TEAMS], [SPRINT_FILE, patternSprint(tasks)], [PLAIN_FILE, sprintYaml(Math.max(10, tasks), 3, tasks)],
    [VSCODE_AGENT_FILE, VSCODE_AGENT], [CODEX_AGENT_FILE, CODEX_AGENT],
  ]);
  for (const a of AGENTS) texts.set(agentPath(a), agentFile(a));
  return texts;
}

/** A service that has seen `texts`, as the editor and the disk gave them. */
function serviceFor(texts: Texts): BatonLanguageService {
  const service = new BatonLanguageService(ROOT, CONFIG);
  for (const [file, text] of texts) service.openOrChange(file, text);
  return service;
}

/** Hands the service every text that changed or appeared; a file that went away is closed (and is not on disk). */
async function sync(service: BatonLanguageService, before: Texts, after: Texts): Promise<void> {
  for (const [file, text] of after) if (before.get(file) !== text) service.openOrChange(file, text);
  for (const file of before.keys()) if (!after.has(file)) await service.close(file);
}

describe('incremental checking (plain Node)', function () {
  this.timeout(120000);

  it('equals a from-scratch validation after every edit of a random editing session', async () => {
    let steps = 0;
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(EDITS.length - 1), fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }), async (session) => {
      let texts = startingTexts(60);
      const service = serviceFor(texts);
      service.diagnosticsByFile();
      for (const [n, [kind, a, b]] of session.entries()) {
        const next = new Map(texts);
        EDITS[kind]!(next, a, b);
        await sync(service, texts, next);
        texts = next;
        steps++;
        assertMatchesScratch(service, texts, `edit ${n} (${kind}, ${a}, ${b})`);
        for (const list of service.diagnosticsByFile().values()) for (const d of list) seen.add(d.code);
      }
    }), { numRuns: 120, seed: 20261203 });
    assert.ok(steps > 600, `${steps} edits checked`);
    // The sessions reached every kind of diagnostic the sprints, teams and agents can have.
    const expected = ['unknown-task', 'self-dependency', 'duplicate-task-id', 'dependency-cycle', 'unknown-agent', 'unknown-team', 'assignee-not-in-team', 'unassigned-task',
      'unknown-event', 'subscription-incomplete', 'subscription-no-effect', 'agent-key-no-effect', 'toml-syntax', 'yaml-syntax', 'bad-format', 'unused-agent'];
    assert.deepEqual(expected.filter((c) => !seen.has(c)), [], `codes seen: ${[...seen].sort().join(', ')}`);
  });

  it('reuses the compiled tasks an edit did not touch, and moves the ones below a new line', () => {
    const texts = startingTexts(300);
    const service = serviceFor(texts);
    const tasksOf = () => service.snapshot().workspace.sprints.get('big')!.tasks;
    const before = tasksOf();
    const text = texts.get(PLAIN_FILE)!;
    const at = text.indexOf('title: Task number 150') + 7;
    service.openOrChange(PLAIN_FILE, splice(text, at, 0, 'X'));
    const after = tasksOf();
    assert.equal(after.filter((t, i) => t !== before[i]).length, 1, 'one task compiled again');
    assert.equal(after[150]!.title, 'XTask number 150');
    service.openOrChange(PLAIN_FILE, splice(text, at, 0, '\n        X'));
    const moved = tasksOf();
    assert.ok(moved.slice(0, 150).every((t, i) => t === before[i]), 'tasks above the edit are the same objects');
    assert.deepEqual(moved[151]!.location.range.line, before[151]!.location.range.line + 1);
    assertMatchesScratch(service, new Map([...texts, [PLAIN_FILE, splice(text, at, 0, '\n        X')]]), 'after a new line');
  });

  it('suggests a renamed task for a dependency that names nothing, as soon as it is renamed', () => {
    const texts = startingTexts(40);
    const base = texts.get(PLAIN_FILE)!.replace('dependencies: [t0]', 'dependencies: [t7q]');
    texts.set(PLAIN_FILE, base);
    const service = serviceFor(texts);
    const suggestionFor = () => service.diagnosticsByFile().get(PLAIN_FILE)!.find((d) => d.code === 'unknown-task' && d.message.includes('`t7q`, which'))?.data?.suggestion;
    assert.equal(suggestionFor(), 't7');
    const expected = { t7qq: 't7qq', t7q: undefined };
    for (const [id, suggestion] of Object.entries(expected)) {
      texts.set(PLAIN_FILE, base.replace('- id: t7\n', `- id: ${id}\n`));
      service.openOrChange(PLAIN_FILE, texts.get(PLAIN_FILE)!);
      assertMatchesScratch(service, texts, `renamed to ${id}`);
      assert.equal(suggestionFor(), suggestion, `renamed to ${id}`);
    }
  });

  it("suggests renamed tasks to sync points' `before` and to dependencies, never the asking task's own id", () => {
    const texts = startingTexts(40);
    const base = texts.get(SPRINT_FILE)!.replace('dependencies: [t0, nope]', 'dependencies: [t0, renamd]');
    assert.notEqual(base, texts.get(SPRINT_FILE), 'task t21 depends on `renamd`');
    texts.set(SPRINT_FILE, base);
    const service = serviceFor(texts);
    const suggestionFor = (name: string) => {
      const found = service.diagnosticsByFile().get(SPRINT_FILE)!.filter((d) => d.code === 'unknown-task' && d.message.includes(`\`${name}\``));
      assert.equal(found.length, 1, `one diagnostic about \`${name}\``);
      return found[0]!.data?.suggestion;
    };
    const steps: [string, Record<string, string>, Record<string, string | undefined>][] = [
      ['nothing renamed', {}, { 'ghost-task': undefined, renamd: undefined }],
      ['a task renamed close to `before`\'s unknown name', { t10: 'ghost-tasks' }, { 'ghost-task': 'ghost-tasks', renamd: undefined }],
      ['the asking task renamed to the closest id', { t21: 'renamed' }, { 'ghost-task': undefined, renamd: undefined }],
      ['the asking task and another renamed', { t21: 'renamed', t5: 'renamed2' }, { renamd: 'renamed2' }],
      ['a task renamed to an id that is taken', { t10: 't9', t5: 'renamed2' }, { renamd: 'renamed2' }],
      ['a duplicated id renamed', { t12: 'ghost-tasks' }, { 'ghost-task': 'ghost-tasks', renamd: undefined }],
      ['back as it was', {}, { 'ghost-task': undefined, renamd: undefined }],
    ];
    for (const [what, renames, expected] of steps) {
      let text = base;
      for (const [from, to] of Object.entries(renames)) text = text.replace(`- id: ${from}\n`, `- id: ${to}\n`);
      texts.set(SPRINT_FILE, text);
      service.openOrChange(SPRINT_FILE, text);
      assertMatchesScratch(service, texts, what);
      for (const [name, suggestion] of Object.entries(expected)) assert.equal(suggestionFor(name), suggestion, `${what}: suggestion for ${name}`);
    }
  });
});
