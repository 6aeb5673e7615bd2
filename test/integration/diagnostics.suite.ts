import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspaceRoot } from './helpers';

/** Resolves with the diagnostics of `uri` once `pred` holds for them; waits on onDidChangeDiagnostics only. */
function diagnosticsOf(uri: vscode.Uri, what: string, pred: (d: readonly vscode.Diagnostic[]) => boolean, ms = 30_000): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const matches = (): boolean => pred(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'baton'));
    if (matches()) return resolve(vscode.languages.getDiagnostics(uri));
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out waiting for ${what} on ${uri.fsPath}; have ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))}`));
    }, ms);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !matches()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(vscode.languages.getDiagnostics(uri));
    });
  });
}

export function diagnosticsSuite(): void {
  describe('diagnostics from the language server', () => {
    it('reports a YAML syntax error in a broken sprint file on disk, and clears it when the file goes', async () => {
      const file = path.join(workspaceRoot(), '.claude', 'sprints', 'broken.yaml');
      const uri = vscode.Uri.file(file);
      fs.writeFileSync(file, 'sprint:\n  id: broken\n  tasks:\n    - id: a\n      title: [unclosed\n');
      try {
        const found = await diagnosticsOf(uri, 'a syntax error', (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error));
        assert.ok(found.every((d) => d.source === 'baton'));
      } finally {
        fs.rmSync(file, { force: true });
      }
      await diagnosticsOf(uri, 'the diagnostics to clear', (d) => d.length === 0);
    });

    it('reports an unknown agent as you type in an open sprint file, and clears it on undo', async () => {
      const uri = vscode.Uri.file(path.join(workspaceRoot(), '.claude', 'sprints', 'auth-feature.yaml'));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const at = doc.getText().indexOf('assignee: devops-casey');
      assert.ok(at > 0);
      const range = new vscode.Range(doc.positionAt(at + 'assignee: '.length), doc.positionAt(at + 'assignee: devops-casey'.length));
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, range, 'nobody-by-that-name');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const found = await diagnosticsOf(uri, 'an unknown-agent error', (d) => d.some((x) => /nobody-by-that-name/.test(x.message)));
      const d = found.find((x) => /nobody-by-that-name/.test(x.message))!;
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d.range.start.line, range.start.line);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await diagnosticsOf(uri, 'the error to clear after revert', (x) => !x.some((y) => /nobody-by-that-name/.test(y.message)));
      assert.equal(doc.isDirty, false);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });
}
