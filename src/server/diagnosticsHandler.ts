import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic as LspDiagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../engine/model/diagnostic';
import type { BatonLanguageService } from './languageService';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;
const DEBOUNCE_MS = 25;

/** Our 1-based, end-exclusive ranges to LSP's 0-based positions. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: { start: { line: d.range.line - 1, character: d.range.column - 1 }, end: { line: d.range.endLine - 1, character: d.range.endColumn - 1 } },
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'baton',
    message: d.message,
    data: { ...(d.data ?? {}), ...(d.fix ? { fix: d.fix } : {}) },
  };
}

/** Thin handlers: debounce per document, re-resolve, publish every file whose diagnostics changed, clear on close. */
export function registerDiagnostics(connection: Connection, documents: TextDocuments<TextDocument>, service: () => BatonLanguageService | undefined): { publishAll(): void } {
  const published = new Map<string, string>();
  const timers = new Map<string, NodeJS.Timeout>();

  const publishAll = (): void => {
    const svc = service();
    if (!svc) return;
    for (const [file, list] of svc.diagnosticsByFile()) {
      const lsp = list.map(toLspDiagnostic);
      const key = JSON.stringify(lsp);
      if (published.get(file) === key) continue;
      published.set(file, key);
      void connection.sendDiagnostics({ uri: pathToFileURL(file).toString(), diagnostics: lsp });
    }
    for (const file of [...published.keys()]) {
      if (svc.diagnosticsByFile().has(file)) continue;
      published.delete(file);
      void connection.sendDiagnostics({ uri: pathToFileURL(file).toString(), diagnostics: [] });
    }
  };

  const schedule = (uri: string, text: string): void => {
    const svc = service();
    if (!svc || !uri.startsWith('file:')) return;
    const file = fileURLToPath(uri);
    if (!svc.isBatonFile(file)) return;
    clearTimeout(timers.get(file));
    timers.set(file, setTimeout(() => {
      timers.delete(file);
      svc.openOrChange(file, text);
      publishAll();
    }, DEBOUNCE_MS));
  };

  documents.onDidOpen((e) => schedule(e.document.uri, e.document.getText()));
  documents.onDidChangeContent((e) => schedule(e.document.uri, e.document.getText()));
  documents.onDidClose(async (e) => {
    const svc = service();
    if (!svc || !e.document.uri.startsWith('file:')) return;
    await svc.close(fileURLToPath(e.document.uri));
    publishAll();
  });
  connection.onDidChangeWatchedFiles(async (params) => {
    const svc = service();
    if (!svc) return;
    await Promise.all(params.changes.filter((c) => c.uri.startsWith('file:')).map((c) => svc.refreshFromDisk(fileURLToPath(c.uri))));
    publishAll();
  });
  return { publishAll };
}
