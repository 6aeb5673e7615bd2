import * as vscode from 'vscode';
import { UntrustedWorkspaceError } from '../../engine/session/untrustedWorkspaceError';
import { LeaseHeldError } from '../../engine/state/lease';
import { COMMANDS, type CommandName } from '../commandIds';
import type { DisposableStore } from '../lifecycle';
import type { OutputLog } from '../outputLog';

/** A handler per command name: the compiler makes sure none is missing. */
export type CommandHandlers = { readonly [K in CommandName]: (...args: never[]) => unknown };

/**
 * Registers every command of {@link COMMANDS} — and nothing else registers commands, which is
 * what makes the manifest test's "registered == contributed" hold. Commands that start or
 * control processes check Workspace Trust here again, whatever the menus showed.
 */
export function registerCommands(store: DisposableStore, handlers: CommandHandlers, output: OutputLog): void {
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    const spec = COMMANDS[name];
    const handler = handlers[name] as (...args: unknown[]) => unknown;
    store.add(vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
      if (spec.trustedOnly && !vscode.workspace.isTrusted) {
        void restricted(spec.title);
        return undefined;
      }
      try {
        return await handler(...args);
      } catch (error) {
        report(spec.title, error, output);
        return undefined;
      }
    }));
  }
}

async function restricted(title: string): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(`Baton: ${title} is not available in Restricted Mode, because it starts or controls processes. Trust this folder to use it.`, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}

/** Errors the user can act on get their message; anything else also goes to the output channel. */
export function report(action: string, error: unknown, output: OutputLog): void {
  if (UntrustedWorkspaceError.is(error)) {
    void restricted(action);
    return;
  }
  if (LeaseHeldError.is(error)) {
    void vscode.window.showInformationMessage(`Baton: the workspace is running in ${error.owner} (pid ${error.pid}); this window observes that run instead of starting a second one.`);
    return;
  }
  const message = output.redact(error instanceof Error ? error.message : String(error));
  output.appendLine(`${action} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
  void vscode.window.showErrorMessage(`Baton: ${message}`, 'Show Output').then((c) => c && output.show());
}
