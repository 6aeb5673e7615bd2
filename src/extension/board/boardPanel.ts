/**
 * The board's VS Code panel: one per window, restored after a reload by its serializer. A thin
 * adapter: `BoardController` does the work; this wires it to a webview and to the editor.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EngineSession } from '../../engine/session/engineSession';
import type { BoardTab } from '../../shared/boardTypes';
import { TASK_ACTIONS } from '../../shared/taskActions';
import { RESULT_COMMANDS } from '../commandIds';
import { readResult } from '../result/readResult';
import { BoardController } from './boardController';
import { boardHtml } from './boardHtml';
import { ReviewPanel } from './reviewPanel';
import { chooseRunRules } from '../commands/runRules';

/** Options of the webview panels: scripts on, files only from `dist/` and `media/`. */
export function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  };
}

/** The page of a board or review webview, with a fresh nonce. */
export function webviewHtml(context: vscode.ExtensionContext, webview: vscode.Webview, app: 'board' | 'review', title: string): string {
  return boardHtml({
    nonce: randomUUID(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'board.css')).toString(),
    cspSource: webview.cspSource,
    app,
    title,
  });
}

export class BoardPanel {
  static readonly viewType = 'baton.board';
  static #current: BoardPanel | undefined;

  readonly #panel: vscode.WebviewPanel;
  readonly #session: EngineSession;
  readonly #controller: BoardController;
  readonly #disposables: vscode.Disposable[] = [];

  private constructor(context: vscode.ExtensionContext, session: EngineSession, panel: vscode.WebviewPanel) {
    this.#panel = panel;
    this.#session = session;
    this.#controller = new BoardController({
      session,
      post: (m) => panel.webview.postMessage(m),
      isTrusted: () => vscode.workspace.isTrusted,
      effects: {
        openTask: async (file, line) => {
          const position = new vscode.Position(Math.max(0, line - 1), 0);
          await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside, preview: false });
        },
        openReview: (taskId) => ReviewPanel.show(context, session, taskId),
        chooseRunRules: () => chooseRunRules(session),
        runTaskAction: async (action, taskId, sprintId) => {
          await vscode.commands.executeCommand(TASK_ACTIONS[action].command, { taskId, sprintId });
        },
        runResultAction: async (action, sprintId) => {
          await vscode.commands.executeCommand(RESULT_COMMANDS[action], { sprintId });
        },
        readResult: async () => readResult(session),
        worktreeExists: (p) => fs.existsSync(p),
        log: (message) => console.warn(`[baton] ${message}`),
      },
    });
    panel.webview.options = webviewOptions(context);
    panel.webview.html = webviewHtml(context, panel.webview, 'board', 'Baton board');
    this.#disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.#controller.receive(m)),
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.#controller.webviewHidden();
      }),
      panel.onDidDispose(() => this.#dispose()),
    );
  }

  /**
   * Registers the serializers that bring the board (and open review panels) back after a
   * window reload. Their UI state comes back from the webview's own `getState`.
   */
  static register(context: vscode.ExtensionContext, getSession: () => EngineSession | undefined): vscode.Disposable {
    const revive = (panel: vscode.WebviewPanel, restore: (session: EngineSession) => void) => {
      const session = getSession();
      if (session) restore(session);
      else panel.dispose(); // nothing to show without a Baton workspace
    };
    return vscode.Disposable.from(
      vscode.window.registerWebviewPanelSerializer(BoardPanel.viewType, {
        deserializeWebviewPanel: async (panel) => revive(panel, (session) => {
          if (BoardPanel.#current) BoardPanel.#current.#panel.dispose();
          BoardPanel.#current = new BoardPanel(context, session, panel);
        }),
      }),
      vscode.window.registerWebviewPanelSerializer(ReviewPanel.viewType, {
        deserializeWebviewPanel: async (panel, state: unknown) => revive(panel, (session) => ReviewPanel.revive(context, session, panel, state)),
      }),
    );
  }

  /** Opens the board (or brings it to the front), optionally on a tab and a task. */
  static show(context: vscode.ExtensionContext, session: EngineSession, options: { taskId?: string; tab?: BoardTab } = {}): void {
    const current = BoardPanel.#current;
    if (current && current.#session === session) {
      current.#panel.reveal(undefined, false);
      current.#controller.reveal(options);
      return;
    }
    if (current) current.#panel.dispose();
    const panel = vscode.window.createWebviewPanel(BoardPanel.viewType, 'Baton Board', vscode.ViewColumn.Active, webviewOptions(context));
    BoardPanel.#current = new BoardPanel(context, session, panel);
    BoardPanel.#current.#controller.reveal(options);
  }

  #dispose(): void {
    if (BoardPanel.#current === this) BoardPanel.#current = undefined;
    this.#controller.dispose();
    for (const d of this.#disposables.splice(0).reverse()) d.dispose();
  }
}
