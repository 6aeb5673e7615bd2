import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { batonApi, EXTENSION_ID, findNode, waitFor, workspaceRoot } from './helpers';

/**
 * An agent asks a person; the person answers from VS Code's Inbox. The agent is the scripted
 * MCP client (examples/teams-talk/scripts/mcp-agent.mjs, run from the extension's own folder,
 * where the MCP SDK is), added to the workspace for this suite and removed after it.
 */
export function teamsTalkSuite(): void {
  describe('a question to a person, answered from the Inbox', () => {
    const added: string[] = [];
    let teamsBefore = '';

    after(() => {
      for (const file of added) fs.rmSync(file, { force: true });
      if (teamsBefore) fs.writeFileSync(path.join(workspaceRoot(), '.claude', 'teams.yaml'), teamsBefore);
    });

    it('shows the question with an Answer action; the answer from the Inbox resumes the parked task', async () => {
      const api = await batonApi();
      const root = workspaceRoot();
      // The agent runs unsandboxed here (`sandbox: off` below): this suite is about the Inbox, and its
      // scripted agent runs from the extension's folder, which a checkout under /tmp puts behind the
      // sandbox's private /tmp. Sandboxed MCP agents are the engine suites' (teamsTalk, hostileTeams).
      const script = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'examples', 'teams-talk', 'scripts', 'mcp-agent.mjs');
      const plan = JSON.stringify({ tasks: { '*': [{ do: 'ask', to: 'person', question: 'Which colour for the sign-in button?' }, { do: 'work' }] } });
      const teams = path.join(root, '.claude', 'teams.yaml');
      teamsBefore = fs.readFileSync(teams, 'utf8');
      fs.writeFileSync(teams, `${teamsBefore.replace(/^settings:/m, '  talkers:\n    members: [asker]\nsettings:\n  sandbox: off')}`);
      const files: Record<string, string> = {
        '.claude/agents/asker.md': `---\nname: asker\ndescription: Asks a person, through Baton's MCP server.\nrunner: command\ncommand: ${JSON.stringify(['node', script, plan])}\n---\nYou ask.\n`,
        '.claude/sprints/talk.yaml': 'sprint:\n  id: talk\n  teams: [talkers]\n  tasks:\n    - { id: pick-colour, title: Pick the colour, assignee: asker }\n',
      };
      for (const [rel, text] of Object.entries(files)) {
        const file = path.join(root, rel);
        fs.writeFileSync(file, text);
        added.push(file);
      }
      await waitFor(api, 'the talk sprint to load', async () => ((await api.trees()).sprints.some((s) => /talk/i.test(s.label)) ? true : undefined), 30_000);

      void vscode.commands.executeCommand('baton.startSprint', 'talk');
      const question = await waitFor(api, 'the question in the Inbox', async () => (await api.trees()).inbox.find((n) => n.label.startsWith('Question: ')), 90_000);
      assert.match(question.label, /^Question: q-\d+: Which colour for the sign-in button\?$/);
      // The row has its task's menu, as every task row does: Answer first, then the task's actions
      // (the task is still running or already parked, depending on when the tree was read).
      assert.match(question.contextValue ?? '', /^baton:task\+(running|waiting)\+answer\+(openDiff\+)?openLog\+edit(\+|$)/);
      const row = findNode((await api.trees()).sprints, (n) => n.contextValue?.startsWith('baton:task+') === true && /Pick the colour/.test(n.label));
      assert.match(row?.contextValue ?? '', /\+answer(\+|$)/, 'the Sprints row offers Answer too');
      assert.equal(api.inboxBadge(), 1);
      // The one attention notification asks it, with a link that answers this very question.
      const notice = await waitFor(api, 'the attention notification', () => api.attentionNotice(), 30_000);
      assert.match(notice, /^asker \(pick-colour\) asks you: Which colour for the sign-in button\?\. \[Answer\]\(command:baton\.inbox\.answer\?%5B%22q-\d+%22%5D\)/);
      await waitFor(api, 'the status bar to show the parked task and the question', () => (/1 waiting · \$\(comment-discussion\) 1$/.test(api.statusBarText() ?? '') ? true : undefined), 60_000);

      // The Inbox's inline Answer runs this command with the node; the text comes from an input box.
      const id = /q-\d+/.exec(question.label)![0];
      await vscode.commands.executeCommand('baton.inbox.answer', id, 'Teal');
      await waitFor(api, 'the run to complete', () => (api.statusBarText()?.startsWith('$(pass-filled) talk 1/1 · completed') ? true : undefined), 90_000);
      const runs = path.join(root, '.claude', 'state', 'runs');
      const newest = fs.readdirSync(runs).map((r) => path.join(runs, r)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
      const journal = fs.readFileSync(path.join(newest, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; via?: string; answer?: string; task?: string });
      assert.deepEqual(journal.filter((e) => e.type === 'question:answered').map((e) => [e.via, e.answer]), [['person', 'Teal']]);
      assert.ok(journal.some((e) => e.type === 'task:waiting' && e.task === 'pick-colour'));
      assert.deepEqual((await api.trees()).inbox, []);
      assert.equal(api.attentionNotice(), undefined, 'the notification closed with the answer');
      await waitFor(api, 'this window to stop running it', () => (api.runningHere() ? undefined : true), 30_000);
    });
  });
}
