/**
 * The review surface: one panel per window, reused for every handoff (like the PR extension's
 * single description panel) — opening another task's review retargets it instead of opening a
 * tab, and its queue moves on to the next handoff waiting. A thin adapter: `ReviewController`
 * builds the review and validates decisions; this wires it to a webview, to VS Code's diff
 * editor (the file at the task's base on the left, through the extension's read-only
 * `baton-base:` documents), to the editor for artifacts, and to the task actions' commands.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inspectRepository } from '../../engine/run/repository';
import { worktreeManager } from '../../engine/run/sprintRunner';
import type { EngineSession } from '../../engine/session/engineSession';
import type { ReviewFile } from '../../shared/boardTypes';
import { TASK_ACTIONS } from '../../shared/taskActions';
import { baseUri } from '../worktreeBaseContent';
import { webviewHtml, webviewOptions } from './boardPanel';
import { ReviewController } from './reviewController';

export class ReviewPanel {
  static readonly viewType = 'baton.review';
  static #current: ReviewPanel | undefined;

  readonly #panel: vscode.WebviewPanel;
  readonly #session: EngineSession;
  readonly #controller: ReviewController;
  readonly #disposables: vscode.Disposable[] = [];

  private constructor(context: vscode.ExtensionContext, session: EngineSession, taskId: string, panel: vscode.WebviewPanel) {
    this.#panel = panel;
    this.#session = session;
    const root = () => session.workspace?.workspace.root;
    this.#controller = new ReviewController({
      session, taskId,
      post: (m) => panel.webview.postMessage(m),
      reviewer: 'VS Code',
      isTrusted: () => vscode.workspace.isTrusted,
      diffStat: async (worktree, base) => {
        const workspace = session.workspace?.workspace;
        if (!workspace) throw new Error('no workspace');
        return worktreeManager(workspace, await inspectRepository(workspace.root, process.env), process.env).diffStat(worktree, base);
      },
      effects: {
        openDiff: (file, base, worktree) => openDiff(file, base, worktree, this.#controller.taskId),
        openFile: async (file, worktree, line) => {
          const within = worktree ?? root();
          const target = path.isAbsolute(file) ? file : path.resolve(within ?? '/', file);
          if (!path.isAbsolute(file) && within && path.relative(within, target).startsWith('..')) throw new Error(`${file} is outside the task's worktree.`);
          const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
          await vscode.window.showTextDocument(vscode.Uri.file(target), { selection: new vscode.Range(position, position), preview: true, viewColumn: vscode.ViewColumn.Beside });
        },
        runTaskAction: async (action, id, sprintId) => {
          await vscode.commands.executeCommand(TASK_ACTIONS[action].command, { taskId: id, ...(sprintId ? { sprintId } : {}) });
        },
        reassign: async (id, agent) => {
          await vscode.commands.executeCommand(TASK_ACTIONS.reassign.command, { taskId: id }, agent);
        },
        confirm: async (message, detail, button) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button,
        taskChanged: (id) => (panel.title = `Review: ${id}`),
        worktreeExists: (p) => fs.existsSync(p),
        log: (message) => console.warn(`[baton] ${message}`),
      },
    });
    panel.title = `Review: ${taskId}`;
    panel.webview.options = webviewOptions(context);
    panel.webview.html = webviewHtml(context, panel.webview, 'review', 'Baton review');
    this.#disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.#controller.receive(m)),
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.#controller.webviewHidden();
      }),
      panel.onDidDispose(() => this.#dispose()),
    );
    ReviewPanel.#current = this;
  }

  /** The task the open review panel shows, if one is open (for tests and the commands). */
  static get currentTask(): string | undefined {
    const current = ReviewPanel.#current;
    return current ? current.#controller.taskId : undefined;
  }

  /** Shows a task's handoff in the review panel: the open one, retargeted, or a new one. */
  static show(context: vscode.ExtensionContext, session: EngineSession, taskId: string): void {
    const current = ReviewPanel.#current;
    if (current && current.#session === session) {
      current.#controller.setTask(taskId);
      current.#panel.reveal(undefined, false);
      return;
    }
    if (current) current.#panel.dispose();
    const panel = vscode.window.createWebviewPanel(ReviewPanel.viewType, `Review: ${taskId}`, vscode.ViewColumn.Active, webviewOptions(context));
    new ReviewPanel(context, session, taskId, panel);
  }

  /** Restores the panel after a reload from the webview's saved state (`{ taskId }`). */
  static revive(context: vscode.ExtensionContext, session: EngineSession, panel: vscode.WebviewPanel, state: unknown): void {
    const taskId = typeof state === 'object' && state !== null ? (state as { taskId?: unknown }).taskId : undefined;
    if (typeof taskId !== 'string' || ReviewPanel.#current) {
      panel.dispose();
      return;
    }
    new ReviewPanel(context, session, taskId, panel);
  }

  #dispose(): void {
    if (ReviewPanel.#current === this) ReviewPanel.#current = undefined;
    this.#controller.dispose();
    for (const d of this.#disposables.splice(0).reverse()) d.dispose();
  }
}

/**
 * VS Code's own diff editor: the file at the task's base (a `baton-base:` document, served by
 * the extension's `WorktreeBaseContent`) against the file in the task's worktree. A deleted
 * file has nothing on the right: its base version opens on its own.
 */
async function openDiff(file: ReviewFile, base: string, worktree: string, taskId: string): Promise<void> {
  const left = baseUri(worktree, base, file.oldPath ?? file.path);
  if (file.status === 'D') {
    await vscode.window.showTextDocument(left, { preview: true });
    return;
  }
  const right = vscode.Uri.file(path.join(worktree, file.path));
  await vscode.commands.executeCommand('vscode.diff', left, right, `${file.path} (${taskId}: base ↔ worktree)`, { preview: true });
}
