import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind, DidChangeWatchedFilesNotification, ErrorCodes, ResponseError, TextDocumentSyncKind,
  type ClientCapabilities, type Connection, type ServerCapabilities, type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SprintGraphRequest } from '../shared/lspMessages';
import type { DiagnosticsHandler } from './diagnosticsHandler';
import type { BatonLanguageService } from './languageService';
import { RenameError } from './navigation';

/** What Baton's server offers; the handlers below answer each. */
export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  completionProvider: { triggerCharacters: [' ', ':', '-', '[', ','] },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  documentSymbolProvider: true,
};

interface Context {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: () => BatonLanguageService | undefined;
  diagnostics: DiagnosticsHandler;
  capabilities: () => ClientCapabilities;
}

/**
 * Thin request handlers: URI to file, apply the document's pending edits when the answer needs
 * exact positions, ask the service. A failure is logged and answered with nothing — a request
 * never takes the server down.
 */
export function registerFeatures(ctx: Context): void {
  const { connection, diagnostics } = ctx;
  const on = <T>(uri: string, fallback: T, run: (svc: BatonLanguageService, file: string) => T, flush = true): T => {
    const svc = ctx.service();
    if (!svc || !uri.startsWith('file:')) return fallback;
    const file = fileURLToPath(uri);
    if (!svc.isBatonFile(file)) return fallback;
    if (flush) diagnostics.flush(uri);
    try {
      return run(svc, file);
    } catch (error) {
      if (RenameError.is(error)) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
      connection.console.error(`baton: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
  // Completion reads the live text and the last resolved workspace: typing never waits for a re-check.
  connection.onCompletion((p) => on(p.textDocument.uri, [], (svc, file) => {
    if (!svc.knows(file)) diagnostics.flush(p.textDocument.uri);
    return svc.completion(file, p.position, ctx.documents.get(p.textDocument.uri)?.getText());
  }, false));
  connection.onHover((p) => on(p.textDocument.uri, null, (svc, file) => svc.hover(file, p.position)));
  connection.onDefinition((p) => on(p.textDocument.uri, [], (svc, file) => svc.definition(file, p.position)));
  connection.onReferences((p) => on(p.textDocument.uri, [], (svc, file) => svc.references(file, p.position, p.context.includeDeclaration)));
  connection.onPrepareRename((p) => on(p.textDocument.uri, null, (svc, file) => svc.prepareRename(file, p.position)));
  connection.onRenameRequest((p) => on(p.textDocument.uri, null, (svc, file) => svc.rename(file, p.position, p.newName)));
  connection.onDocumentSymbol((p) => on(p.textDocument.uri, [], (svc, file) => svc.documentSymbols(file)));
  connection.onCodeAction((p) => on(p.textDocument.uri, [], (svc, file) => svc.codeActions({
    file,
    diagnostics: p.context.diagnostics,
    canCreateFiles: ctx.capabilities().workspace?.workspaceEdit?.resourceOperations?.includes('create') ?? false,
  })));
  connection.onRequest(SprintGraphRequest.type, (p) => {
    if (p.uri) return on(p.uri, null, (svc, file) => svc.sprintGraph(p, file));
    try {
      return ctx.service()?.sprintGraph(p) ?? null;
    } catch {
      return null;
    }
  });
}

/** Asks the client to tell us about changes on disk under the config root, when it can. */
export async function watchConfigFiles(connection: Connection, capabilities: ClientCapabilities, root: string, configRoot: string): Promise<void> {
  if (!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
  const globPattern = capabilities.workspace.didChangeWatchedFiles.relativePatternSupport
    ? { baseUri: pathToFileURL(configRoot).toString(), pattern: '**/*.{yaml,yml,md}' }
    : `${path.relative(root, configRoot).split(path.sep).join('/') || '.'}/**/*.{yaml,yml,md}`;
  await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] }).catch(() => undefined);
}
