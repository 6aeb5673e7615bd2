import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadWorkspace, WorkspaceNotFoundError } from '../engine/config/loadWorkspace';
import type { Diagnostic } from '../engine/model/diagnostic';

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/** Activation: a thin adapter. The engine does the work; this shows its results. */
export function activate(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('baton');
  context.subscriptions.push(collection);
  context.subscriptions.push(
    vscode.commands.registerCommand('baton.validateWorkspace', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        void vscode.window.showWarningMessage('Baton: open a folder first.');
        return;
      }
      const configRoot = vscode.workspace.getConfiguration('baton').get<string>('configRoot', '.claude');
      try {
        const result = await loadWorkspace(folder.uri.fsPath, { configRoot });
        showDiagnostics(collection, result.diagnostics);
        const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
        const summary = `Baton: ${errors} error(s), ${result.diagnostics.length - errors} other problem(s) in ${result.files.length} files.`;
        void (errors ? vscode.window.showErrorMessage(summary) : vscode.window.showInformationMessage(summary));
      } catch (error) {
        if (!WorkspaceNotFoundError.is(error)) throw error;
        void vscode.window.showWarningMessage(`Baton: ${error.message}`);
      }
    }),
  );
}

function showDiagnostics(collection: vscode.DiagnosticCollection, diagnostics: readonly Diagnostic[]): void {
  collection.clear();
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const d of diagnostics) {
    const range = new vscode.Range(d.range.line - 1, d.range.column - 1, d.range.endLine - 1, d.range.endColumn - 1);
    const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
    diagnostic.code = d.code;
    diagnostic.source = 'baton';
    byFile.set(d.file, [...(byFile.get(d.file) ?? []), diagnostic]);
  }
  for (const [file, list] of byFile) collection.set(vscode.Uri.file(path.resolve(file)), list);
}

export function deactivate(): void {
  // Nothing long-lived yet: the engine host arrives with the extension issue.
}
