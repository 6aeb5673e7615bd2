// Bootstrap of Baton's language server (`node dist/server.js --stdio`, or IPC from the
// extension). Wiring only: the service holds the logic, the handlers talk LSP.
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures, TextDocuments, type ClientCapabilities } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { registerDiagnostics } from './diagnosticsHandler';
import { registerFeatures, SERVER_CAPABILITIES, watchConfigFiles } from './featureHandlers';
import { BatonLanguageService } from './languageService';
import { warmUp } from './warmUp';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let service: BatonLanguageService | undefined;
let capabilities: ClientCapabilities = {};

connection.onInitialize((params) => {
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  const root = folder?.startsWith('file:') ? fileURLToPath(folder) : process.cwd();
  const options = (params.initializationOptions ?? {}) as { configRoot?: string };
  service = new BatonLanguageService(root, BatonLanguageService.configRootFor(root, options.configRoot));
  capabilities = params.capabilities;
  return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: 'baton-language-server' } };
});

const diagnostics = registerDiagnostics(connection, documents, () => service);
registerFeatures({ connection, documents, service: () => service, diagnostics, capabilities: () => capabilities });

connection.onInitialized(async () => {
  if (!service) return;
  void watchConfigFiles(connection, capabilities, service.root, service.configRoot);
  await service.loadFromDisk();
  diagnostics.publishAll();
});

// A bug in one request must not end the session: log it and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`baton: uncaught ${error.stack ?? error.message}`));

// While the client is still starting up: compile the hot paths before the first real request.
warmUp();
documents.listen(connection);
connection.listen();
