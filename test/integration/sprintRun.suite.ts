import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { batonApi, findNode, groupLabels, waitFor } from './helpers';

const SPRINT = 'Authentication feature';

export function sprintRunSuite(): void {
  describe('a sprint started by command', () => {
    after(() => delete process.env.BATON_SCRIPTED_FAIL);

    it('runs with the trees and the status bar following it; a failure lands in the Inbox; Retry Task completes it', async () => {
      const api = await batonApi();
      const seenStatus = new Set<string>();
      const seenGroups = new Set<string>();
      const seenWorktrees = new Set<string>();
      let busyMember: string | undefined;
      const watch = api.onDidChange(async () => {
        const text = api.statusBarText();
        if (text) seenStatus.add(text);
        const { sprints, teams, worktrees } = await api.trees();
        worktrees.forEach((w) => seenWorktrees.add(`${w.label}: ${w.description ?? ''}`));
        groupLabels(sprints, SPRINT).forEach((g) => seenGroups.add(g.replace(/ \(\d+\)$/, '')));
        busyMember ??= findNode(teams, (n) => /^[12]\/\d running · /.test(n.description ?? ''))?.label;
      });
      // The scripted stand-in agents read this from the environment the engine gives them:
      // the last task fails (after the engine's own retries), so the run stops at 9/10.
      process.env.BATON_SCRIPTED_FAIL = 'deploy-auth';
      try {
        await vscode.commands.executeCommand('baton.startSprint', 'auth-feature');
        await waitFor(api, 'the run to stop on the failure', () => (api.statusBarText() === '$(error) auth-feature 9/10 · stopped' ? true : undefined), 150_000);
      } finally {
        watch.dispose();
      }
      assert.ok([...seenStatus].some((t) => /^\$\(sync~spin\) auth-feature \d\/10 · \d running$/.test(t)), `status bar while running: ${[...seenStatus].join(' | ')}`);
      assert.ok(seenGroups.has('Running') && seenGroups.has('Done'), `groups seen: ${[...seenGroups].join(', ')}`);
      assert.ok(busyMember, 'the Teams view showed a member at work');
      // A finished task's worktree, while its sprint still runs, is 'finished' — never 'orphan'.
      const seen = [...seenWorktrees];
      assert.deepEqual(seen.filter((w) => /\borphan\b/.test(w)), [], 'no worktree of the running sprint was called orphan');
      assert.ok(seen.some((w) => /^auth-feature\/[\w-]+: .* · finished$/.test(w)), `worktrees seen: ${seen.join(' | ')}`);

      // The run's promise settles just after its last event: then the rows lose `+here`.
      await waitFor(api, 'this window to stop running the stopped run', () => (api.runningHere() ? undefined : true), 30_000);
      const { inbox, sprints } = await api.trees();
      assert.deepEqual(groupLabels(sprints, SPRINT), ['Failed (1)', 'Done (9)']);
      // The Inbox item carries its task's context value: the same menu as in the Sprints tree.
      assert.deepEqual(inbox.map((i) => [i.label, i.contextValue]), [['Failed: Deploy auth feature', 'baton:task+failed+openDiff+openLog+reassign+edit+retry+skip+worktree']]);
      assert.equal(api.inboxBadge(), 1);
      const kept = await waitFor(api, 'only the failed task\'s worktree to remain', async () => {
        const list = (await api.trees()).worktrees;
        return list.length === 1 ? list[0] : undefined;
      }, 30_000);
      assert.equal(kept.label, 'auth-feature/deploy-auth');
      assert.match(kept.description ?? '', /^baton\/auth-feature\/deploy-auth · clean · ↑0 · devops-casey$/);

      // Open Task Log: a pseudoterminal streaming the agent's log (no process behind it).
      await vscode.commands.executeCommand('baton.openTaskLog', 'deploy-auth');
      assert.ok(vscode.window.terminals.some((t) => t.name === 'Baton: deploy-auth'), 'a terminal for the task log');

      delete process.env.BATON_SCRIPTED_FAIL;
      await vscode.commands.executeCommand('baton.retryTask', 'deploy-auth');
      await waitFor(api, 'the retried run to complete', () => (api.statusBarText() === '$(pass-filled) auth-feature 10/10 · completed' ? true : undefined), 120_000);
      const after = await api.trees();
      assert.deepEqual(groupLabels(after.sprints, SPRINT), ['Done (10)']);
      assert.equal(after.sprints.find((s) => s.label === SPRINT)?.description, '10/10 done · completed');
      // The completed sprint's result: its integration branch, first under the sprint.
      const result = await waitFor(api, 'the result to be read', async () => (await api.trees()).sprints.find((s) => s.label === SPRINT)?.children?.find((c) => c.label === 'Result' && c.contextValue?.includes('+exists')), 30_000);
      assert.match(result.description ?? '', /^baton\/auth-feature\/_integration · \d+ commits · \d+ files$/);
      assert.equal(result.contextValue, 'baton:result+exists+checkout');
      assert.deepEqual(after.inbox, []);
      assert.equal(api.inboxBadge(), undefined);
      await waitFor(api, 'the finished worktrees to be removed', async () => ((await api.trees()).worktrees.length === 0 ? true : undefined), 30_000);
      // The run's promise settles just after its last event (the journal closes first).
      await waitFor(api, 'this window to stop running it', () => (api.runningHere() ? undefined : true), 30_000);
      // The Output channel (a log channel: VS Code stamps each line) says where each run started and ended.
      const log = api.log().join('\n');
      assert.match(log, /Run \S+ of sprint auth-feature started: 10 tasks from \S+ \([0-9a-f]{8}\), at most \d+ agents? at once\./);
      assert.match(log, /Run \S+ stopped: /);
      assert.match(log, /Run \S+ completed: \d+ task branches merged into baton\/auth-feature\/_integration\./);
    });
  });
}
