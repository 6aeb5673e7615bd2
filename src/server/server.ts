// Bootstrap of Baton's language server (`node dist/server.js --stdio`, or IPC from the
// extension). Wiring only: the service holds the logic, the handlers talk LSP.
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { registerDiagnostics } from './diagnosticsHandler';
import { BatonLanguageService } from './languageService';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let service: BatonLanguageService | undefined;

connection.onInitialize((params) => {
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  const root = folder?.startsWith('file:') ? fileURLToPath(folder) : process.cwd();
  const options = (params.initializationOptions ?? {}) as { configRoot?: string };
  service = new BatonLanguageService(root, BatonLanguageService.configRootFor(root, options.configRoot));
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'baton-language-server' },
  };
});

const diagnostics = registerDiagnostics(connection, documents, () => service);

connection.onInitialized(async () => {
  await service?.loadFromDisk();
  diagnostics.publishAll();
});

documents.listen(connection);
connection.listen();
