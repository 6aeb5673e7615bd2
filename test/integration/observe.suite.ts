import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, batonApi, groupLabels, waitFor, workspaceRoot } from './helpers';

export function observeSuite(): void {
  describe('a run in another process (the CLI)', () => {
    let cli: ChildProcess | undefined;
    after(() => {
      if (cli?.exitCode === null) cli.kill('SIGTERM');
    });

    it('is observed live and said to be, and Start Sprint does not start a second writer', async () => {
      const api = await batonApi();
      const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
      let output = '';
      const exited = new Promise<number | null>((resolve) => {
        cli = spawn(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), 'run', 'observed', workspaceRoot()], {
          env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', BATON_SCRIPTED_DELAY_MS: '1500', NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        cli.stdout!.on('data', (d: Buffer) => (output += d.toString()));
        cli.stderr!.on('data', (d: Buffer) => (output += d.toString()));
        cli.on('exit', (code) => resolve(code));
      });
      const observing = await waitFor(api, 'the window to notice the CLI run', () => api.observing(), 30_000);
      assert.match(observing, /^Running in .+ \(pid \d+\) — observing$/);
      await waitFor(api, 'the status bar to show the observed run', () => (/^\$\(sync~spin\) observed \d\/3.*\$\(eye\)$/.test(api.statusBarText() ?? '') ? true : undefined), 30_000);
      assert.equal(api.runningHere(), false);
      const sprint = (await api.trees()).sprints.find((s) => s.label === 'Observed from the CLI');
      assert.match(sprint?.contextValue ?? '', /^baton:sprint\+current\+active\+elsewhere$/, 'no start, pause or resume action on it');
      // Start says who runs the workspace and starts nothing.
      await vscode.commands.executeCommand('baton.startSprint', 'auth-feature');
      assert.equal(api.runningHere(), false);
      assert.equal(await exited, 0, `the CLI run finished on its own:\n${output}`);
      await waitFor(api, 'the observed run to complete in the views', async () => {
        const done = groupLabels((await api.trees()).sprints, 'Observed from the CLI').join() === 'Done (3)';
        return done && api.observing() === undefined ? true : undefined;
      }, 30_000);
      assert.equal(api.statusBarText(), '$(pass-filled) observed 3/3 · completed');
    });
  });
}
