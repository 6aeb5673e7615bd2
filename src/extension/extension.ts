import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BatonWorkspace } from './batonWorkspace';
import { boardLink } from './boardLink';
import { registerCommands } from './commands/registerCommands';
import type { Services } from './commands/services';
import { sprintCommands } from './commands/sprintCommands';
import { resultCommands } from './commands/resultCommands';
import { reviewCommands } from './commands/reviewCommands';
import { taskActionCommands } from './commands/taskActionCommands';
import { taskCommands } from './commands/taskCommands';
import { PLAN_SCHEME, workspaceCommands } from './commands/workspaceCommands';
import { worktreeCommands } from './commands/worktreeCommands';
import { teamCommands } from './commands/teamCommands';
import { registerLanguageModelTools } from './languageModelTools';
import { createLanguageClient } from './languageClient';
import { DisposableStore } from './lifecycle';
import { Redactor } from '../engine/secrets/redactor';
import { BatonOutput, runEventLine, type OutputLog } from './outputLog';
import { SprintCodeLensProvider } from './sprintCodeLens';
import { BatonStatusBar } from './statusBar';
import { createApi, type BatonApi } from './testApi';
import { InboxProvider } from './views/inbox/inboxProvider';
import { SprintsProvider } from './views/sprints/sprintsProvider';
import { TeamsProvider } from './views/teams/teamsProvider';
import { WorktreesProvider } from './views/worktrees/worktreesProvider';
import { BASE_SCHEME, WorktreeBaseContent } from './worktreeBaseContent';

let extension: DisposableStore | undefined;

/**
 * Activation: cheap. Views, commands and the status bar are registered; the engine session
 * opens on first need (it is needed at once in a Baton folder, for the status bar and the
 * views; elsewhere not at all), and the language client starts once the folder turns out to
 * be a Baton workspace.
 */
export async function activate(context: vscode.ExtensionContext): Promise<BatonApi> {
  const store = (extension = new DisposableStore());
  // The one place the extension reads its secrets: redactor for the engine and every text shown.
  const output = store.add(new BatonOutput(Redactor.fromEnv(process.env)));
  const ws = store.add(new BatonWorkspace(output));
  output.appendLine(`Baton ${String((context.extension.packageJSON as { version?: string }).version ?? '')} started in ${ws.folder?.uri.fsPath ?? 'a window with no folder'}.`);
  store.add({ dispose: () => output.appendLine('Baton is stopping: agents of a run in this window are stopped; `baton resume` or Resume Sprint carries it on.') });
  const services: Services = {
    context, ws, output,
    sprints: store.add(new SprintsProvider(ws)),
    teams: store.add(new TeamsProvider(ws)),
    worktrees: store.add(new WorktreesProvider(ws)),
    inbox: store.add(new InboxProvider(ws)),
    statusBar: store.add(new BatonStatusBar(ws)),
  };

  const plans = new Map<string, string>();
  const planChanged = store.add(new vscode.EventEmitter<vscode.Uri>());
  store.add(vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, { onDidChange: planChanged.event, provideTextDocumentContent: (uri) => plans.get(uri.toString()) ?? '' }));
  store.add(vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, new WorktreeBaseContent()));
  store.add(vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/sprints/**/*.{yaml,yml}' }, store.add(new SprintCodeLensProvider(ws))));

  registerCommands(store, {
    ...workspaceCommands(services, plans, (uri) => planChanged.fire(uri)),
    ...sprintCommands(services),
    ...taskCommands(services),
    ...taskActionCommands(services),
    ...reviewCommands(services),
    ...resultCommands(services),
    ...worktreeCommands(services),
    ...teamCommands(services),
  }, output);
  registerLanguageModelTools(store, ws);

  startLanguageClientWhenNeeded(context, store, ws, output);
  store.add(ws.onEvent((e) => {
    const line = runEventLine(e);
    if (line) output.appendLine(line);
  }));
  const changed = announceChanges(store, ws, [services.sprints, services.teams, services.worktrees, services.inbox], [services.statusBar.onDidChange]);
  // In a Baton folder the engine is needed at once (views, status bar). The board's serializers
  // revive panels with the session they are handed synchronously, so they are registered once
  // it is open; VS Code waits for activation before it restores a panel.
  await ws.session().catch((e: Error) => output.appendLine(`Could not open the Baton workspace: ${e.message}`));
  store.add(boardLink.register(context, () => ws.current));
  return createApi({ ...services, output, onDidChange: changed });
}

/**
 * The API's change event: after every engine event, reload, runner change, tree change and
 * status bar change, once the views and the status bar (which subscribed first, and redraw on
 * the next tick) have caught up.
 */
function announceChanges(store: DisposableStore, ws: BatonWorkspace, views: ReadonlyArray<{ onDidChangeTreeData: vscode.Event<unknown> }>, others: ReadonlyArray<vscode.Event<void>>): vscode.Event<void> {
  const changed = store.add(new vscode.EventEmitter<void>());
  let queued = false;
  const fire = (): void => {
    if (queued) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      if (!store.isDisposed) changed.fire();
    });
  };
  store.add(ws.onEvent(fire));
  store.add(ws.onDidReload(fire));
  store.add(ws.onDidChangeRunner(fire));
  for (const view of views) store.add(view.onDidChangeTreeData(fire));
  // The status bar redraws on the tick after an event: an event arriving after this tick's
  // announcement was queued would otherwise be announced before the status bar showed it.
  for (const other of others) store.add(other(fire));
  return changed.event;
}

/** The client starts when the folder is a Baton workspace and restarts when the config root moves. */
function startLanguageClientWhenNeeded(context: vscode.ExtensionContext, store: DisposableStore, ws: BatonWorkspace, output: OutputLog): void {
  let client: LanguageClient | undefined;
  let started: { root: string; folder: string } | undefined;
  const stop = async (): Promise<void> => {
    const c = client;
    client = undefined;
    started = undefined;
    if (c?.isRunning()) await c.stop(2000).catch(() => undefined);
  };
  const sync = async (): Promise<void> => {
    const folder = ws.folder;
    const wanted = ws.state === 'ready' && folder ? { root: ws.configRoot, folder: folder.uri.toString() } : undefined;
    if (started && wanted && started.root === wanted.root && started.folder === wanted.folder) return;
    await stop();
    if (!wanted || !folder || store.isDisposed) return;
    started = wanted;
    client = createLanguageClient(context, folder, wanted.root);
    await client.start().catch((e: Error) => output.appendLine(`The Baton language server did not start: ${e.message}`));
  };
  store.add(ws.onDidReload(() => void sync()));
  store.add({ dispose: stop });
}

/** Stops agent process trees of a run in this window (the session) and the language client. */
export async function deactivate(): Promise<void> {
  const store = extension;
  extension = undefined;
  await store?.disposeAsync();
}
