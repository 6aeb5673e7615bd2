import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, CompletionRequest, ConfigurationRequest, createProtocolConnection, DefinitionRequest, DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, DocumentSymbolRequest, ExitNotification,
  HoverRequest, InitializedNotification, InitializeRequest, PrepareRenameRequest, PublishDiagnosticsNotification, ReferencesRequest,
  RegistrationRequest, RenameRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type ClientCapabilities, type CodeAction, type Command, type CompletionItem, type CompletionList, type Diagnostic, type DocumentSymbol,
  type FileEvent, type Hover, type Location, type LocationLink, type Position, type ProtocolConnection, type Range, type SymbolInformation,
  type TextDocumentContentChangeEvent, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { SprintGraphRequest, type SprintGraph, type SprintGraphParams } from '../../src/shared/lspMessages';

const SERVER = path.resolve(__dirname, '../../dist/server.js');
const EXAMPLES = path.resolve(__dirname, '../../examples');

/** What our test client says it can do: everything the server's features use. */
const CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: false },
    publishDiagnostics: { relatedInformation: false },
    completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    rename: { prepareSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
  workspace: {
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    configuration: true,
  },
};

interface Waiter {
  uri: string;
  predicate: (diagnostics: Diagnostic[], version: number | undefined) => boolean;
  resolve: (diagnostics: Diagnostic[]) => void;
}

/**
 * A real LSP client for tests: spawns `node dist/server.js --stdio`, speaks JSON-RPC over its
 * pipes, keeps each open document's text so edits go out as incremental ranges, and lets tests
 * wait on the diagnostics notification instead of sleeping.
 */
export class LspClient {
  readonly connection: ProtocolConnection;
  /** The latest diagnostics per URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** The document version the latest diagnostics were computed for (open documents only). */
  readonly diagnosticsVersion = new Map<string, number | undefined>();
  /** Every document version diagnostics were published for, in the order they came (open documents). */
  readonly publishedVersions = new Map<string, number[]>();
  readonly registrations: string[] = [];
  readonly logs: string[] = [];
  readonly #texts = new Map<string, { text: string; version: number }>();
  #waiters: Waiter[] = [];
  #exited = false;

  private constructor(readonly process: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.on('exit', () => (this.#exited = true));
    process.stderr!.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.diagnosticsVersion.set(p.uri, p.version);
      if (p.version !== undefined) this.publishedVersions.set(p.uri, [...(this.publishedVersions.get(p.uri) ?? []), p.version]);
      const ready = this.#waiters.filter((w) => w.uri === p.uri && w.predicate(p.diagnostics, p.version));
      this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p.diagnostics);
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
    });
    this.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
    this.connection.listen();
  }

  /** Starts the server on `root` (a workspace folder) and completes the initialize handshake. */
  static async start(root: string, options: { configRoot?: string; capabilities?: ClientCapabilities } = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [...(process.env.BATON_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child);
    const rootUri = pathToFileURL(root).toString();
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      capabilities: options.capabilities ?? CAPABILITIES,
      initializationOptions: options.configRoot ? { configRoot: options.configRoot } : {},
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get pid(): number {
    return this.process.pid!;
  }

  get alive(): boolean {
    return !this.#exited && this.process.exitCode === null;
  }

  /**
   * Resolves on the next diagnostics notification for `uri` that satisfies `predicate`; rejects
   * after `timeoutMs` with the last diagnostics seen. Call it before (or right after, in the same
   * tick as) the action that triggers the notification.
   */
  waitForDiagnostics(uri: string, predicate: (d: Diagnostic[], version: number | undefined) => boolean = () => true, timeoutMs = 15000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { uri, predicate, resolve: (d) => (clearTimeout(timer), resolve(d)) };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`No matching diagnostics for ${uri} within ${timeoutMs} ms; last seen: ${JSON.stringify(this.diagnostics.get(uri) ?? null)}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** The latest diagnostics if they already satisfy `predicate`, else the next that do. */
  diagnosticsFor(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true, timeoutMs?: number): Promise<Diagnostic[]> {
    const latest = this.diagnostics.get(uri);
    return latest && predicate(latest) ? Promise.resolve(latest) : this.waitForDiagnostics(uri, predicate, timeoutMs);
  }

  text(uri: string): string {
    return this.#texts.get(uri)?.text ?? '';
  }

  /** The version of an open document as we last sent it. */
  version(uri: string): number {
    return this.#texts.get(uri)?.version ?? 0;
  }

  /** Resolves when the server has published diagnostics for the document's current version. */
  answered(uri: string, timeoutMs?: number): Promise<Diagnostic[]> {
    const version = this.version(uri);
    return this.diagnosticsVersion.get(uri) === version ? Promise.resolve(this.diagnostics.get(uri)!) : this.waitForDiagnostics(uri, (_, v) => v === version, timeoutMs);
  }

  async open(uri: string, text: string, languageId = uri.endsWith('.md') ? 'markdown' : 'yaml'): Promise<void> {
    this.#texts.set(uri, { text, version: 1 });
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends incremental edits, applied in order, and keeps our copy of the text in step. */
  async change(uri: string, edits: { range: Range; text: string }[]): Promise<void> {
    const doc = this.#texts.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    for (const e of edits) doc.text = applyEdit(doc.text, e.range, e.text);
    doc.version++;
    const contentChanges: TextDocumentContentChangeEvent[] = edits.map((e) => ({ range: e.range, text: e.text }));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges });
  }

  /** Replaces the first occurrence of `find` (after `after`, if given) with `replace`, as one incremental edit. */
  async replace(uri: string, find: string, replace: string, after = ''): Promise<void> {
    const text = this.text(uri);
    const at = text.indexOf(find, after ? text.indexOf(after) : 0);
    if (at < 0) throw new Error(`\`${find}\` not found in ${uri}`);
    await this.change(uri, [{ range: { start: positionAt(text, at), end: positionAt(text, at + find.length) }, text: replace }]);
  }

  async close(uri: string): Promise<void> {
    this.#texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result: CompletionList | CompletionItem[] | null = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async definition(uri: string, position: Position): Promise<Location[]> {
    const result: Location | Location[] | LocationLink[] | null = await this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
    return (Array.isArray(result) ? result : result ? [result] : []) as Location[];
  }

  async references(uri: string, position: Position, includeDeclaration = true): Promise<Location[]> {
    return (await this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } })) ?? [];
  }

  prepareRename(uri: string, position: Position): Promise<unknown> {
    return this.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position });
  }

  rename(uri: string, position: Position, newName: string): Promise<WorkspaceEdit | null> {
    return this.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName });
  }

  async codeAction(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const result: (Command | CodeAction)[] | null = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
    return (result ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  async documentSymbol(uri: string): Promise<DocumentSymbol[]> {
    const result: DocumentSymbol[] | SymbolInformation[] | null = await this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    return (result ?? []) as DocumentSymbol[];
  }

  sprintGraph(params: SprintGraphParams): Promise<SprintGraph | null> {
    return this.connection.sendRequest(SprintGraphRequest.type, params);
  }

  /** Shuts the server down politely; kills it if it does not exit within a second. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 1000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The pipe may already be gone; the kill below covers it.
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** The server's resident memory in bytes (Linux), or 0 where /proc is not there. */
export function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The position of `needle` in `text` (after `after`, if given), plus `shift` characters. */
export function positionOf(text: string, needle: string, shift = 0, after = ''): Position {
  const at = text.indexOf(needle, after ? text.indexOf(after) : 0);
  if (at < 0) throw new Error(`\`${needle}\` not found`);
  return positionAt(text, at + shift);
}

function offsetAt(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + p.character;
}

export function applyEdit(text: string, range: Range, newText: string): string {
  return text.slice(0, offsetAt(text, range.start)) + newText + text.slice(offsetAt(text, range.end));
}

/** A copy of `examples/<name>` in a fresh temp folder, for tests that write files. */
export function copyExample(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `baton-lsp-${name}-`));
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}
