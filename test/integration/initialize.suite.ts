import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { batonApi, waitFor, workspaceRoot } from './helpers';

/**
 * Runs last: it points `baton.configRoot` at an empty folder (the views go to their welcome
 * state), initializes a workspace there and sees the new sprint — then puts the setting back.
 */
export function initializeSuite(): void {
  describe('Initialize Workspace', () => {
    const config = vscode.workspace.getConfiguration('baton');
    after(async () => {
      await config.update('configRoot', undefined, vscode.ConfigurationTarget.Workspace);
    });

    it('scaffolds a valid workspace where there was none, and the views pick it up', async () => {
      const api = await batonApi();
      await config.update('configRoot', 'fresh-baton', vscode.ConfigurationTarget.Workspace);
      await waitFor(api, 'the views to show no workspace', async () => ((await api.trees()).sprints.length === 0 ? true : undefined), 30_000);
      const written = await vscode.commands.executeCommand<string[]>('baton.initializeWorkspace', { createRepository: false, quiet: true });
      assert.deepEqual([...written].sort(), [
        'fresh-baton/agents/builder.md', 'fresh-baton/agents/planner.md', 'fresh-baton/scripts/demo-agent.mjs',
        'fresh-baton/sprints/demo-sprint.yaml', 'fresh-baton/teams.yaml',
      ]);
      assert.ok(fs.existsSync(path.join(workspaceRoot(), 'fresh-baton', 'teams.yaml')));
      const sprints = await waitFor(api, 'the demo sprint in the Sprints view', async () => {
        const s = (await api.trees()).sprints;
        return s.some((n) => n.label === 'Demo sprint') ? s : undefined;
      }, 30_000);
      assert.deepEqual(sprints.map((s) => [s.label, s.description]), [['Demo sprint', '4 tasks']]);
      const result = await vscode.commands.executeCommand<{ errors: number; warnings: number }>('baton.validateWorkspace');
      assert.deepEqual({ errors: result.errors, warnings: result.warnings }, { errors: 0, warnings: 0 });
    });
  });
}
