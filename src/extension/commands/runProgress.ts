import * as vscode from 'vscode';
import type { RunResult } from '../../engine/run/sprintRunner';
import type { BatonWorkspace } from '../batonWorkspace';
import { COMMANDS } from '../commandIds';

/**
 * A run started from this window: a progress notification until its first agent starts (or
 * the run ends first), then a notification of how it ended, with the board or the inbox one
 * click away. The run itself carries on in the background; the caller does not wait for it.
 */
export async function followRun(ws: BatonWorkspace, title: string, run: Promise<RunResult>, onError: (error: unknown) => void): Promise<void> {
  const tracked = ws.trackRunHere(run);
  const firstAgent = new Promise<void>((resolve) => {
    const sub = ws.onEvent((e) => {
      if (e.type === 'task:started' || e.type === 'run:completed' || e.type === 'run:stopped' || e.type === 'run:cancelled' || e.type === 'run:paused') {
        sub.dispose();
        resolve();
      }
    });
    tracked.then(() => sub.dispose(), () => sub.dispose()).finally(resolve);
  });
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, () => firstAgent);
  tracked.then((result) => void announce(result), onError);
}

async function announce(result: RunResult): Promise<void> {
  const board = 'Open Board';
  const inbox = 'Show Inbox';
  let choice: string | undefined;
  if (result.status === 'completed') {
    const compare = 'Compare with Base';
    const merge = 'Merge…';
    const where = result.integrationBranch ? ` Its work is on ${result.integrationBranch}.` : '';
    choice = await vscode.window.showInformationMessage(`Baton: sprint ${result.sprint} completed.${where}`, ...(result.integrationBranch ? [compare, merge] : []), board);
    if (choice === compare) await vscode.commands.executeCommand(COMMANDS.compareResult.id, { sprintId: result.sprint });
    if (choice === merge) await vscode.commands.executeCommand(COMMANDS.mergeResult.id, { sprintId: result.sprint });
  } else if (result.status === 'paused') {
    choice = await vscode.window.showInformationMessage(`Baton: sprint ${result.sprint} paused; Resume Sprint carries it on.`, board);
  } else if (result.status === 'cancelled') {
    choice = await vscode.window.showInformationMessage(`Baton: sprint ${result.sprint} was cancelled.`);
  } else {
    choice = await vscode.window.showWarningMessage(`Baton: sprint ${result.sprint} stopped: ${describe(result)}`, inbox, board);
  }
  if (choice === board) await vscode.commands.executeCommand(COMMANDS.openBoard.id);
  if (choice === inbox) await vscode.commands.executeCommand('baton.inbox.focus');
}

function describe(result: RunResult): string {
  const parts = [];
  if (result.failed.length) parts.push(`failed ${result.failed.join(', ')}`);
  if (result.blocked.length) parts.push(`blocked ${result.blocked.join(', ')}`);
  return parts.join('; ') || result.reason || result.status;
}
