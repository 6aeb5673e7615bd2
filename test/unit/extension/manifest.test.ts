import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_CATEGORY, COMMANDS, VIEW_CONTAINER, VIEWS } from '../../../src/extension/commandIds';
import { ContextKeys, type WorkspaceContext } from '../../../src/extension/contextKeys';
import type { BoardTaskStatus } from '../../../src/shared/boardTypes';
import { TASK_ACTION_IDS, TASK_ACTIONS, taskActions, taskContextValue, type TaskActionFacts } from '../../../src/shared/taskActions';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

interface MenuEntry { command: string; when?: string; group?: string }
interface Manifest {
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; description?: string } };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string; icon?: string; enablement?: string }>;
    menus: Record<string, MenuEntry[]>;
    views: Record<string, Array<{ id: string; name: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
    walkthroughs: Array<{ id: string; steps: Array<{ id: string; description: string; media: { markdown?: string; image?: string } }> }>;
    configuration: { properties: Record<string, unknown> };
    yamlValidation?: unknown;
    jsonValidation?: unknown;
  };
}

const specs = Object.values(COMMANDS);
const contributed = new Map(pkg.contributes.commands.map((c) => [c.command, c]));
const allMenuEntries = Object.entries(pkg.contributes.menus).flatMap(([menu, entries]) => entries.map((e) => ({ menu, ...e })));

/** Every `registerCommand(` in src/extension, outside the one registry that iterates COMMANDS. */
function registerCommandCalls(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && /\bregister(Text Editor)?Command\s*\(/.test(fs.readFileSync(full, 'utf8').replace(/\s/g, ' ').replace('Text Editor', 'TextEditor'))) out.push(path.relative(ROOT, full));
    }
  };
  walk(path.join(ROOT, 'src/extension'));
  return out.sort();
}

describe('extension manifest (package.json) against the command table', () => {
  it('contributes exactly the commands the extension registers, in both directions', () => {
    assert.deepEqual([...contributed.keys()].sort(), specs.map((s) => s.id).sort());
    // The table is the only registration path: nothing else in src/extension calls registerCommand.
    assert.deepEqual(registerCommandCalls(), ['src/extension/commands/registerCommands.ts']);
  });

  it('gives every command the Baton category, its title and a codicon', () => {
    for (const spec of specs) {
      const c = contributed.get(spec.id)!;
      assert.equal(c.category, COMMAND_CATEGORY, spec.id);
      assert.equal(c.title, spec.title, spec.id);
      assert.equal(c.icon, `$(${spec.icon})`, spec.id);
    }
  });

  it('gates every process-starting command on Workspace Trust: enablement, palette and every menu entry', () => {
    for (const spec of specs.filter((s) => s.trustedOnly)) {
      assert.equal(contributed.get(spec.id)!.enablement, ContextKeys.trusted, `${spec.id} enablement`);
      const entries = allMenuEntries.filter((e) => e.command === spec.id);
      for (const e of entries.filter((x) => x.when !== 'false')) assert.match(e.when ?? '', new RegExp(`(^|&& )${ContextKeys.trusted}( &&|$)`), `${spec.id} in ${e.menu}`);
    }
    for (const spec of specs.filter((s) => !s.trustedOnly)) assert.equal(contributed.get(spec.id)!.enablement, undefined, `${spec.id} needs no trust`);
  });

  it('hides node-only commands from the Command Palette', () => {
    const palette = new Map(pkg.contributes.menus.commandPalette!.map((e) => [e.command, e.when]));
    for (const spec of specs) {
      if (!spec.palette) assert.equal(palette.get(spec.id), 'false', spec.id);
      else if (spec.trustedOnly) assert.equal(palette.get(spec.id), ContextKeys.trusted, spec.id);
      else assert.equal(palette.has(spec.id), false, spec.id);
    }
  });

  it('has menus that name only contributed commands, in Baton views, with regex-matched context values', () => {
    for (const e of allMenuEntries) {
      assert.ok(contributed.has(e.command), `${e.menu} names unknown ${e.command}`);
      if (e.menu === 'view/item/context') assert.match(e.when ?? '', /viewItem =~ \/\^baton:/, `${e.command}: match contextValue by regex`);
    }
  });

  it('offers every task action in the trees, the Inbox and the board exactly where the shared declaration says it applies', () => {
    const statuses: BoardTaskStatus[] = ['planning', 'ready', 'running', 'review', 'blocked', 'done', 'failed', 'cancelled', 'skipped'];
    const facts: TaskActionFacts[] = [];
    for (const status of statuses) for (const attempts of [0, 2]) for (const handoff of [false, true]) for (const diff of [false, true]) for (const acceptable of [false, true]) for (const answerable of [false, true]) facts.push({ status, attempts, handoff, diff, acceptable, answerable });
    const when = (menu: string, command: string, key: 'viewItem' | 'batonTask') => {
      const entries = pkg.contributes.menus[menu]!.filter((e) => e.command === command && (e.when ?? '').includes(`${key} =~`));
      assert.ok(entries.length > 0, `${command} in ${menu}`);
      return entries.map((e) => new RegExp(/=~ \/(.+?)\/(?: |$)/.exec(e.when!.slice(e.when!.indexOf(`${key} =~`)))![1]!));
    };
    for (const action of TASK_ACTION_IDS) {
      const { command, title } = TASK_ACTIONS[action];
      assert.equal(contributed.get(command)?.title, title, `${action}: the menu title is the command's`);
      for (const [menu, key] of [['view/item/context', 'viewItem'], ['webview/context', 'batonTask']] as const) {
        const regexes = when(menu, command, key);
        for (const f of facts) {
          const value = taskContextValue(f, ['worktree', 'here']);
          const offered = regexes.some((r) => r.test(value));
          assert.equal(offered, taskActions(f).includes(action), `${menu}: ${command} on ${value}`);
        }
      }
    }
    // The same entries serve the Sprints tree and the Inbox, whose items carry their task's context value.
    for (const action of TASK_ACTION_IDS) {
      const inTrees = pkg.contributes.menus['view/item/context']!.filter((e) => e.command === TASK_ACTIONS[action].command && /viewItem =~ \/\^baton:task/.test(e.when ?? ''));
      assert.ok(inTrees.every((e) => (e.when ?? '').includes('view =~ /^baton\\.(sprints|inbox)$/')), `${action} in both trees`);
    }
  });

  it('declares the Baton container with its four views, and activates on them and on the config root', () => {
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c) => c.id), [VIEW_CONTAINER]);
    assert.ok(fs.existsSync(path.join(ROOT, pkg.contributes.viewsContainers.activitybar[0]!.icon)));
    assert.deepEqual(pkg.contributes.views[VIEW_CONTAINER]!.map((v) => v.id), Object.values(VIEWS));
    assert.deepEqual(pkg.contributes.views[VIEW_CONTAINER]!.map((v) => v.name), ['Sprints', 'Teams', 'Worktrees', 'Inbox']);
    for (const v of Object.values(VIEWS)) assert.ok(pkg.activationEvents.includes(`onView:${v}`), v);
    assert.ok(pkg.activationEvents.includes('workspaceContains:.claude/teams.yaml'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:baton.board'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:baton.review'));
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('has welcome content whose buttons run contributed (or built-in) commands', () => {
    const links = pkg.contributes.viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!));
    assert.ok(links.includes(COMMANDS.initializeWorkspace.id), 'the empty state offers Initialize');
    for (const id of links) assert.ok(contributed.has(id) || !id.startsWith('baton.'), id);
    for (const w of pkg.contributes.viewsWelcome) assert.ok(Object.values(VIEWS).includes(w.view as never), w.view);
  });

  it('shows every view one welcome in every state, in plain text, with Initialize offered once', () => {
    // Welcome content is not Markdown beyond links: backticks showed literally. Two entries true at
    // once stack, which is how the Sprints view once offered two identical Initialize buttons.
    const states: WorkspaceContext[] = ['none', 'ready', 'noFolder'];
    const holds = (when: string | undefined, state: WorkspaceContext, trusted: boolean) =>
      (when ?? 'true').split('&&').map((c) => c.trim()).every((c) => {
        if (c === 'true') return true;
        if (c === ContextKeys.trusted) return trusted;
        if (c === `!${ContextKeys.trusted}`) return !trusted;
        const m = new RegExp(`^${ContextKeys.workspace.replace('.', '\\.')} == (\\w+)$`).exec(c);
        assert.ok(m, `a when clause this test does not know: ${c}`);
        return m[1] === state;
      });
    for (const w of pkg.contributes.viewsWelcome) assert.doesNotMatch(w.contents, /`/, `${w.view}: ${w.contents}`);
    for (const view of Object.values(VIEWS)) {
      for (const state of states) {
        for (const trusted of [true, false]) {
          const shown = pkg.contributes.viewsWelcome.filter((w) => w.view === view && holds(w.when, state, trusted));
          assert.equal(shown.length, 1, `${view} in state ${state}, ${trusted ? 'trusted' : 'Restricted Mode'}: ${shown.length} welcome entries`);
          const initialize = shown[0]!.contents.split(`(command:${COMMANDS.initializeWorkspace.id})`).length - 1;
          assert.equal(initialize, view === VIEWS.sprints && state === 'none' ? 1 : 0, `${view} in state ${state}: Initialize buttons`);
        }
      }
    }
  });

  it('declares limited support in Restricted Mode, with a description', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok((pkg.capabilities.untrustedWorkspaces.description ?? '').length > 40);
  });

  it('does not contribute yamlValidation (Red Hat YAML would report our diagnostics twice)', () => {
    assert.equal(pkg.contributes.yamlValidation, undefined);
  });

  it('has every setting the issue names, and a walkthrough whose pages exist', () => {
    for (const key of ['configRoot', 'maxParallelAgents', 'defaultRunner', 'worktreeLocation', 'requireReview', 'trace.server']) {
      assert.ok(pkg.contributes.configuration.properties[`baton.${key}`], key);
    }
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.ok(walkthrough);
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['initialize', 'validate', 'views', 'plan', 'run', 'board']);
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && fs.existsSync(path.join(ROOT, media)), `${step.id}: ${media}`);
      for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(contributed.has(m[1]!) || !m[1]!.startsWith('baton.'), m[1]);
    }
  });
});
