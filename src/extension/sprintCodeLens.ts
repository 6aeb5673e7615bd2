import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BatonWorkspace } from './batonWorkspace';
import { COMMANDS } from './commandIds';
import { DisposableStore } from './lifecycle';

/**
 * Lenses in sprint files: "▶ Start sprint" above the sprint, "▶ Run task" and "Open on board"
 * above each task. Positions come from the engine's last load of the file (the loader records
 * where every sprint and task was written), refreshed whenever the files are loaded again.
 * Start and run are offered only in trusted workspaces.
 */
export class SprintCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  readonly #ws: BatonWorkspace;
  readonly #store = new DisposableStore();
  readonly #changed = this.#store.add(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.#changed.event;

  constructor(ws: BatonWorkspace) {
    this.#ws = ws;
    this.#store.add(ws.onDidReload(() => this.#changed.fire()));
    this.#store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => this.#changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const workspace = this.#ws.load?.workspace;
    if (!workspace || document.isDirty) return [];
    const file = path.resolve(document.uri.fsPath);
    const trusted = vscode.workspace.isTrusted;
    const lenses: vscode.CodeLens[] = [];
    for (const sprint of workspace.sprints.values()) {
      if (path.resolve(sprint.file) !== file) continue;
      const at = sprintLine(document, sprint.location.range.line);
      if (trusted) lenses.push(new vscode.CodeLens(at, { title: '▶ Start sprint', command: COMMANDS.startSprint.id, arguments: [sprint.id] }));
      lenses.push(new vscode.CodeLens(at, { title: 'Show plan', command: COMMANDS.showPlan.id, arguments: [sprint.id] }));
      const seen = new Set<number>();
      for (const task of sprint.tasks) {
        if (task.generatedFrom || path.resolve(task.location.file) !== file || seen.has(task.location.range.line)) continue;
        seen.add(task.location.range.line);
        const line = lineRange(document, task.location.range.line);
        if (trusted) lenses.push(new vscode.CodeLens(line, { title: '▶ Run task', command: COMMANDS.runTask.id, arguments: [task.id, sprint.id] }));
        lenses.push(new vscode.CodeLens(line, { title: 'Open on board', command: COMMANDS.openTaskOnBoard.id, arguments: [{ taskId: task.id, sprintId: sprint.id }] }));
      }
    }
    return lenses;
  }

  dispose(): void {
    this.#store.dispose();
  }
}

function lineRange(document: vscode.TextDocument, oneBasedLine: number): vscode.Range {
  const line = Math.min(Math.max(oneBasedLine - 1, 0), Math.max(document.lineCount - 1, 0));
  return new vscode.Range(line, 0, line, 0);
}

/** The `sprint:` key above the sprint's id, where the file has one. */
function sprintLine(document: vscode.TextDocument, idLine: number): vscode.Range {
  for (let i = Math.min(idLine - 1, document.lineCount - 1); i >= 0; i--) {
    if (/^sprint\s*:/.test(document.lineAt(i).text)) return new vscode.Range(i, 0, i, 0);
  }
  return lineRange(document, idLine);
}
