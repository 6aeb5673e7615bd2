import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandIds';
import { EXTENSION_ID, batonApi, findNode, waitFor, workspaceRoot } from './helpers';

export function activationSuite(): void {
  describe('activation', () => {
    it('activates in a folder with a .claude config root and opens the engine', async () => {
      const api = await batonApi();
      assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
      assert.equal(api.runningHere(), false);
      assert.equal(api.observing(), undefined);
    });

    it('registers every contributed command (and contributes every registered one)', async () => {
      await batonApi();
      const registered = new Set((await vscode.commands.getCommands(true)).filter((c) => c.startsWith('baton.')));
      const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map((c) => c.command);
      assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
      const ours = new Set<string>(Object.values(COMMANDS).map((c) => c.id));
      // VS Code adds `<view>.focus`, `<view>.open`… for each view; those are not ours to contribute.
      const extra = [...registered].filter((c) => !ours.has(c) && !/^baton\.(sprints|teams|worktrees|inbox)\.|^baton\.\w+\.(focus|resetViewLocation|toggleVisibility|removeView|open)$/.test(c));
      assert.deepEqual(extra, [], 'registered but not contributed');
    });

    it('populates the Sprints, Teams and Inbox trees from the workspace files', async () => {
      const api = await batonApi();
      const { sprints, teams, inbox } = await api.trees();
      assert.deepEqual(sprints.map((s) => [s.label, s.description, s.contextValue]), [
        ['Authentication feature', '10 tasks', 'baton:sprint+idle'],
        ['Observed from the CLI', '3 tasks', 'baton:sprint+idle'],
      ]);
      assert.deepEqual(sprints[0]!.children!.map((g) => g.label), ['Planned (10)']);
      const deploy = findNode(sprints, (n) => n.label === 'Deploy auth feature');
      assert.equal(deploy?.description, 'devops-casey · est 0.75 h', 'in the unit teams.yaml declares (estimate_unit: hours)');
      assert.deepEqual(teams.map((t) => t.label), ['Engineering', 'Quality', 'DevOps']);
      assert.deepEqual(teams[0]!.children!.map((m) => m.label), ['orchestrator-kai', 'security-riley', 'designer-drew', 'database-taylor', 'backend-morgan', 'frontend-sam']);
      assert.equal(findNode(teams, (n) => n.label === 'backend-morgan')?.description, '0/2 running · backend, server_actions, queries');
      assert.deepEqual(inbox, []);
      assert.equal(api.inboxBadge(), undefined);
      assert.equal(api.statusBarText(), undefined, 'nothing has run: no status bar item');
    });

    it('puts Start sprint, Run task and Open on board lenses in a sprint file', async () => {
      await batonApi();
      const uri = vscode.Uri.file(path.join(workspaceRoot(), '.claude', 'sprints', 'auth-feature.yaml'));
      const doc = await vscode.workspace.openTextDocument(uri);
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).filter((l) => l.command?.command.startsWith('baton.'));
      const titles = lenses.map((l) => l.command!.title);
      assert.equal(titles.filter((t) => t === '▶ Start sprint').length, 1);
      assert.equal(titles.filter((t) => t === '▶ Run task').length, 10);
      assert.equal(titles.filter((t) => t === 'Open on board').length, 10);
      const start = lenses.find((l) => l.command!.title === '▶ Start sprint')!;
      assert.equal(doc.lineAt(start.range.start.line).text, 'sprint:');
      assert.deepEqual(start.command!.arguments, ['auth-feature']);
      const run = lenses.find((l) => l.command!.title === '▶ Run task')!;
      assert.match(doc.lineAt(run.range.start.line).text, /- id: verify-resources/);
    });

    it('Check agents: an agent that cannot run gets a warning in the Teams tree, with the reason', async () => {
      const api = await batonApi();
      const ok = await vscode.commands.executeCommand<{ ok: boolean; agents: { name: string; canRun: boolean }[] }>('baton.checkAgents');
      assert.equal(ok?.ok, true, 'the scripted agents can all run');
      const script = path.join(workspaceRoot(), 'scripts', 'scripted-agent.mjs');
      await vscode.workspace.fs.rename(vscode.Uri.file(script), vscode.Uri.file(`${script}.away`));
      try {
        const broken = await vscode.commands.executeCommand<{ ok: boolean; agents: { name: string; canRun: boolean; problems: string[] }[] }>('baton.checkAgents');
        assert.equal(broken?.ok, false);
        assert.match(broken!.agents[0]!.problems[0]!, /script scripts\/scripted-agent\.mjs does not exist/);
        const member = findNode((await api.trees()).teams, (n) => n.label === 'backend-morgan');
        assert.match(member?.contextValue ?? '', /\+cannot-run$/);
      } finally {
        await vscode.workspace.fs.rename(vscode.Uri.file(`${script}.away`), vscode.Uri.file(script));
      }
      await vscode.commands.executeCommand('baton.checkAgents');
      const member = findNode((await api.trees()).teams, (n) => n.label === 'backend-morgan');
      assert.doesNotMatch(member?.contextValue ?? '', /cannot-run/);
    });

    it('shows the plan of a sprint rendered: the Markdown preview of its plan document', async () => {
      const api = await batonApi();
      await vscode.commands.executeCommand('baton.showPlan', 'auth-feature');
      // The preview (a webview tab), not the Markdown source in a text editor.
      const tab = await waitFor(api, 'the plan preview to be the active tab', () => {
        const active = vscode.window.tabGroups.activeTabGroup.activeTab;
        return active?.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(active.input.viewType) ? active : undefined;
      }, 30_000, vscode.window.tabGroups.onDidChangeTabs);
      assert.match(tab.label, /auth-feature\.md/);
      assert.equal(vscode.window.activeTextEditor?.document.uri.scheme === 'baton-plan', false, 'no source editor');
      // What it renders: the plan document (the Markdown extension may read it in another host).
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'baton-plan', path: '/auth-feature.md' }));
      assert.equal(doc.languageId, 'markdown');
      assert.match(doc!.getText(), /\*\*Critical path\*\* \(length [\d.]+ h\): `verify-resources` → /);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('opens a task in its sprint file once however often it is asked, at the task (the board once opened a second copy)', async () => {
      await batonApi();
      await vscode.commands.executeCommand('baton.openBoard');
      await vscode.commands.executeCommand('baton.editTask', 'deploy-auth');
      await vscode.commands.executeCommand('baton.editTask', 'deploy-auth');
      const file = path.join(workspaceRoot(), '.claude', 'sprints', 'auth-feature.yaml');
      const open = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === file);
      assert.equal(open.length, 1, `tabs of the sprint file: ${open.length}`);
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.fsPath, file);
      assert.match(editor!.document.lineAt(editor!.selection.active.line).text, /deploy-auth/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });
}
