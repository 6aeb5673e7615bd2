import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type DidChangeWatchedFilesParams, type Diagnostic as LspDiagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../engine/model/diagnostic';
import type { BatonLanguageService } from './languageService';
import { MemoryPolicy } from './memoryPolicy';
import { toLspRange } from './textLines';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;
/**
 * Edits this close together were not typed one by one: keystrokes that arrived while the server
 * was busy are read back to back, a fraction of a millisecond apart. Typing, even a program
 * waiting for each answer before the next edit, leaves more time than this between edits.
 */
export const BURST_GAP_MS = 3;

/** A document's last check: when it ended (`performance.now()`) and how long it took, in ms. */
export interface LastCheck {
  ended: number;
  took: number;
}

/**
 * How long to wait before checking an edited document — the typing tiers. An opened document,
 * and an edit typed after a pause (`BURST_GAP_MS` or more since the previous edit), are checked
 * at once: a check costs a few milliseconds even on a 10,000-task sprint, so a fixed debounce
 * (yaml-language-server waits 200 ms) would only add to what the user sees. An edit in a burst
 * waits until as much time has passed since the last check ended as that check took, so checking
 * takes at most half the time however fast the edits come, and the burst is checked together.
 */
export function checkDelay(edit: { at: number; previousAt: number | undefined; opened: boolean }, last: LastCheck | undefined): number {
  if (edit.opened || !last || edit.previousAt === undefined || edit.at - edit.previousAt >= BURST_GAP_MS) return 0;
  return Math.max(0, last.ended + last.took - edit.at);
}

/** Our diagnostic as LSP's: 0-based range, stable `code`, and `data` (with the suggested fix) for code actions. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: toLspRange(d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'baton',
    message: d.message,
    data: { ...(d.data ?? {}), ...(d.fix ? { fix: d.fix } : {}) },
  };
}

export interface DiagnosticsHandler {
  /** Applies a document's pending edits now, for a request that needs exact positions. */
  flush(uri: string): void;
  /** Publishes every file whose diagnostics changed, and every file edited since the last publish. */
  publishAll(): void;
}

type Service = () => BatonLanguageService | undefined;

/**
 * Checks each edited document — only its latest text, so edits that arrive during a check never
 * queue work, and as soon as {@link checkDelay} allows — and publishes what changed, with the
 * document version the diagnostics belong to.
 */
class DiagnosticsPublisher implements DiagnosticsHandler {
  readonly #published = new Map<string, string>();
  readonly #pending = new Map<string, { text: string; version: number; timer: NodeJS.Timeout }>();
  /** Each document's last check: when it ended (performance.now()) and how long it took; when the current one started. */
  readonly #checks = new Map<string, LastCheck & { started?: number }>();
  /** When each document was last edited. */
  readonly #editedAt = new Map<string, number>();
  /** The editor version each open document was last checked at. */
  readonly #versions = new Map<string, number>();
  readonly #touched = new Set<string>();
  readonly #memory = new MemoryPolicy();
  #queued = false;

  constructor(readonly connection: Connection, readonly service: Service) {}

  report(error: unknown): void {
    this.connection.console.error(`baton: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  publishAll(): void {
    const svc = this.service();
    if (!svc?.loaded) return;
    try {
      const byFile = svc.diagnosticsByFile();
      for (const [file, list] of byFile) this.#publish(file, list.map(toLspDiagnostic));
      for (const file of [...this.#published.keys()]) {
        if (byFile.has(file)) continue;
        this.#published.delete(file);
        void this.connection.sendDiagnostics({ uri: pathToFileURL(file).toString(), diagnostics: [] });
      }
      this.#memory.afterCheck(svc.size);
    } catch (error) {
      this.report(error);
    }
    const ended = performance.now();
    for (const file of this.#touched) {
      const check = this.#checks.get(file);
      if (check?.started === undefined) continue;
      Object.assign(check, { ended, took: ended - check.started, started: undefined });
    }
    this.#touched.clear();
  }

  #publish(file: string, diagnostics: LspDiagnostic[]): void {
    const key = JSON.stringify(diagnostics);
    if (this.#published.get(file) === key && !this.#touched.has(file)) return;
    this.#published.set(file, key);
    const version = this.#versions.get(file);
    void this.connection.sendDiagnostics({ uri: pathToFileURL(file).toString(), diagnostics, ...(version !== undefined ? { version } : {}) });
  }

  publishSoon(): void {
    if (this.#queued) return;
    this.#queued = true;
    setImmediate(() => {
      this.#queued = false;
      this.publishAll();
    });
  }

  #apply(file: string): void {
    const entry = this.#pending.get(file);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.#pending.delete(file);
    const check = this.#checks.get(file) ?? { ended: 0, took: 0 };
    check.started = performance.now();
    this.#checks.set(file, check);
    try {
      this.service()?.openOrChange(file, entry.text);
      this.#versions.set(file, entry.version);
      this.#touched.add(file);
    } catch (error) {
      this.report(error);
    }
  }

  /** Checks the document's latest text at once (opened, typed), or after a pause in a burst of edits. */
  schedule(document: TextDocument, now: boolean): void {
    const svc = this.service();
    if (!svc || !document.uri.startsWith('file:')) return;
    const file = fileURLToPath(document.uri);
    if (!svc.isBatonFile(file)) return;
    const editedAt = performance.now();
    const previousAt = this.#editedAt.get(file);
    this.#editedAt.set(file, editedAt);
    const pending = this.#pending.get(file);
    if (pending && !now) {
      // A check is already due: it will take this text.
      pending.text = document.getText();
      pending.version = document.version;
      return;
    }
    clearTimeout(pending?.timer);
    const wait = checkDelay({ at: editedAt, previousAt, opened: now }, this.#checks.get(file));
    const timer = setTimeout(() => (this.#apply(file), this.publishSoon()), wait);
    this.#pending.set(file, { text: document.getText(), version: document.version, timer });
  }

  flush(uri: string): void {
    if (!uri.startsWith('file:') || !this.#pending.has(fileURLToPath(uri))) return;
    this.#apply(fileURLToPath(uri));
    this.publishSoon();
  }

  /** The editor text is dropped: what remains is the disk version's diagnostics, or none. */
  async closed(uri: string): Promise<void> {
    const svc = this.service();
    if (!svc || !uri.startsWith('file:')) return;
    const file = fileURLToPath(uri);
    clearTimeout(this.#pending.get(file)?.timer);
    this.#pending.delete(file);
    this.#versions.delete(file);
    this.#checks.delete(file);
    this.#editedAt.delete(file);
    await svc.close(file).catch((error: unknown) => this.report(error));
    this.#touched.add(file);
    this.publishSoon();
  }

  async filesChanged(params: DidChangeWatchedFilesParams): Promise<void> {
    const svc = this.service();
    if (!svc) return;
    const files = params.changes.filter((c) => c.uri.startsWith('file:')).map((c) => fileURLToPath(c.uri));
    await Promise.all(files.map((f) => svc.refreshFromDisk(f).catch((error: unknown) => this.report(error))));
    this.publishSoon();
  }
}

/** Thin handlers: throttle per document, re-check, publish; clear on close; follow the disk. */
export function registerDiagnostics(connection: Connection, documents: TextDocuments<TextDocument>, service: Service): DiagnosticsHandler {
  const publisher = new DiagnosticsPublisher(connection, service);
  documents.onDidOpen((e) => publisher.schedule(e.document, true));
  documents.onDidChangeContent((e) => publisher.schedule(e.document, false));
  documents.onDidClose((e) => publisher.closed(e.document.uri));
  connection.onDidChangeWatchedFiles((params) => publisher.filesChanged(params));
  return publisher;
}
