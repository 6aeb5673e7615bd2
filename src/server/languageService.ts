import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, Location, Position, Range, WorkspaceEdit } from 'vscode-languageserver';
import { SprintChunkCache } from '../engine/config/chunkedSprint';
import { classifyConfigFile, parseWholeConfigFile, type ConfigFileKind, type ParsedConfigFile } from '../engine/config/configFile';
import { classifyForeignAgentFile, parseForeignAgentFile } from '../engine/config/foreignAgents';
import { listConfigFiles, listForeignAgentFiles } from '../engine/config/loadWorkspace';
import { ResolveCache, resolveWorkspace } from '../engine/config/resolveWorkspace';
import type { Diagnostic } from '../engine/model/diagnostic';
import type { Sprint } from '../engine/model/workspace';
import type { SprintGraph, SprintGraphParams } from '../shared/lspMessages';
import { codeActions, type CodeActionInput } from './codeActions';
import { complete, type CompletionInput } from './completion';
import { documentSymbols } from './documentSymbols';
import { hover } from './hover';
import { definition, prepareRename, references, rename } from './navigation';
import { sprintGraph } from './sprintGraph';
import { TextLines } from './textLines';
import { DEFAULT_VALIDATORS, type Validator } from './validators';
import { WorkspaceSnapshot } from './workspaceSnapshot';

/** The loader's limit: no config file is 8 MiB of YAML on purpose. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

interface FileState {
  kind: ConfigFileKind;
  parsed: ParsedConfigFile;
  open: boolean;
  /** Big sprints are parsed a task at a time; this remembers the tasks of the last text. */
  chunks?: SprintChunkCache;
}

export interface ServiceOptions {
  validators?: readonly Validator[];
}

/**
 * The language service: a workspace index of every team, agent, sprint and epic file, kept
 * current from open documents and from changes on disk. Each change re-parses only that file
 * (a big sprint only the tasks it touches); the cheap resolve step re-runs the cross-file checks
 * on the next read, so a change in teams.yaml re-checks every sprint. Pure: no connection, no
 * timers — the handlers own those.
 */
export class BatonLanguageService {
  readonly #files = new Map<string, FileState>();
  readonly #validators: readonly Validator[];
  /** Each sprint file's sprint as last resolved, for completing tasks while the text is broken. */
  readonly #lastSprint = new Map<string, Sprint>();
  /** What resolving keeps between versions: an edit re-checks what it changed. */
  readonly #resolveCache = new ResolveCache();
  #snapshot: WorkspaceSnapshot | undefined;
  #loaded = false;

  constructor(readonly root: string, readonly configRoot: string, options: ServiceOptions = {}) {
    this.#validators = options.validators ?? DEFAULT_VALIDATORS;
  }

  static configRootFor(root: string, configRoot = '.claude'): string {
    return path.resolve(root, configRoot);
  }

  /** Reads every Baton file from disk (files open in the editor keep their editor text). */
  async loadFromDisk(): Promise<void> {
    const files = await listConfigFiles(this.configRoot).catch((): string[] => []);
    const foreign = await listForeignAgentFiles(this.root).catch((): string[] => []);
    await Promise.all([...files, ...foreign].map((f) => this.refreshFromDisk(f)));
    this.#loaded = true;
  }

  /**
   * Whether the first read of the workspace from disk is done. Until then diagnostics would
   * be wrong (an open sprint's agents not read yet), so the handlers hold them back.
   */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Characters of text across the index: how big the workspace is. */
  get size(): number {
    let chars = 0;
    for (const state of this.#files.values()) chars += state.parsed.text.length;
    return chars;
  }

  /** Whether the index holds this file (from disk or the editor). */
  knows(file: string): boolean {
    return this.#files.has(file);
  }

  isBatonFile(file: string): boolean {
    return this.#classify(file) !== undefined;
  }

  /** A file under the config root, or a VS Code / Codex agent file under the workspace root. */
  #classify(file: string): ConfigFileKind | undefined {
    return classifyConfigFile(this.configRoot, file) ?? (classifyForeignAgentFile(this.root, file) ? 'agent' : undefined);
  }

  /** The editor's text for an open document. */
  openOrChange(file: string, text: string): void {
    const kind = this.#classify(file);
    if (kind) this.#set(file, kind, text, true);
  }

  /** The editor closed the document: fall back to what is on disk. */
  async close(file: string): Promise<void> {
    const state = this.#files.get(file);
    if (state) state.open = false;
    await this.refreshFromDisk(file);
  }

  /** A file changed, appeared or vanished on disk. Open documents win over the disk. */
  async refreshFromDisk(file: string): Promise<void> {
    const kind = this.#classify(file);
    if (!kind || this.#files.get(file)?.open) return;
    let text: string | undefined;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      text = undefined;
    }
    if (this.#files.get(file)?.open) return;
    if (text === undefined) {
      this.#lastSprint.delete(file);
      if (this.#files.delete(file)) this.#snapshot = undefined;
      return;
    }
    if (this.#files.get(file)?.parsed.text === text) return;
    this.#set(file, kind, text, false);
  }

  #set(file: string, kind: ConfigFileKind, text: string, open: boolean): void {
    const previous = this.#files.get(file);
    if (previous && previous.parsed.text === text && previous.kind === kind) {
      previous.open = open;
      return;
    }
    const chunks = kind === 'sprint' ? (previous?.chunks ?? new SprintChunkCache()) : undefined;
    const format = classifyConfigFile(this.configRoot, file) ? undefined : classifyForeignAgentFile(this.root, file);
    const parsed = format ? parseForeignAgentFile(format, file, text) : (parseBig(kind, file, text) ?? chunks?.parse(file, text) ?? parseWholeConfigFile(kind, file, text));
    const state: FileState = { kind, open, parsed };
    if (chunks) state.chunks = chunks;
    this.#files.set(file, state);
    this.#snapshot = undefined;
  }

  /** The current version of the workspace, resolved on first need after a change. */
  snapshot(): WorkspaceSnapshot {
    if (!this.#snapshot) {
      const files = new Map([...this.#files].map(([f, s]) => [f, s.parsed]));
      const result = resolveWorkspace([...files.values()], { root: this.root, configRoot: this.configRoot, cache: this.#resolveCache });
      this.#snapshot = new WorkspaceSnapshot(files, result);
      for (const sprint of result.workspace.sprints.values()) this.#lastSprint.set(sprint.file, sprint);
    }
    return this.#snapshot;
  }

  /** Every validator's diagnostics, grouped by file, with an empty list for every known file. */
  diagnosticsByFile(): Map<string, Diagnostic[]> {
    const snapshot = this.snapshot();
    const out = new Map<string, Diagnostic[]>();
    for (const parsed of snapshot.files.values()) out.set(parsed.file, this.#validators.flatMap((v) => v.validate(parsed, snapshot)));
    return out;
  }

  /** What completion and hover need about a document: its kind, its live text and its YAML lines. */
  #input(file: string, text?: string): CompletionInput | undefined {
    const state = this.#files.get(file);
    if (!state) return undefined;
    // Without live text the index's own text is current: reuse the snapshot's line table.
    const lines = text !== undefined ? new TextLines(text) : this.snapshot().lines(file);
    const input: CompletionInput = { kind: state.kind, file, lines, yamlLines: yamlLines(state.kind, lines) };
    const sprint = this.#lastSprint.get(file);
    if (sprint) input.sprint = sprint;
    return input;
  }

  /** Completion at `position` in the live `text`, which may be a few keystrokes ahead of the index. */
  completion(file: string, position: Position, text?: string): CompletionItem[] {
    const input = this.#input(file, text);
    return input ? complete(this.snapshot(), input, position) : [];
  }

  hover(file: string, position: Position): Hover | null {
    const input = this.#input(file);
    return input ? hover(this.snapshot(), input, position) : null;
  }

  definition(file: string, position: Position): Location[] {
    return definition(this.snapshot(), file, position);
  }

  references(file: string, position: Position, includeDeclaration: boolean): Location[] {
    return references(this.snapshot(), file, position, includeDeclaration);
  }

  prepareRename(file: string, position: Position): { range: Range; placeholder: string } | null {
    return prepareRename(this.snapshot(), file, position);
  }

  /** @throws RenameError (see navigation.ts) with a message for the user. */
  rename(file: string, position: Position, newName: string): WorkspaceEdit {
    return rename(this.snapshot(), file, position, newName);
  }

  codeActions(input: Omit<CodeActionInput, 'lines'>): CodeAction[] {
    const parsed = this.#files.get(input.file)?.parsed;
    return parsed ? codeActions(this.snapshot(), { ...input, lines: this.snapshot().lines(input.file) }) : [];
  }

  documentSymbols(file: string): DocumentSymbol[] {
    const parsed = this.snapshot().parsed(file);
    return parsed ? documentSymbols(parsed) : [];
  }

  /** The task graph of the sprint in `params.uri`'s file, or with id `params.sprint`. */
  sprintGraph(params: SprintGraphParams, file?: string): SprintGraph | null {
    const snapshot = this.snapshot();
    const sprint = file ? snapshot.sprintOfFile(file) : params.sprint !== undefined ? snapshot.workspace.sprints.get(params.sprint) : undefined;
    return sprint ? sprintGraph(snapshot, sprint) : null;
  }
}

/** The lines holding YAML: the whole file, or an agent's frontmatter between its `---` lines. */
function yamlLines(kind: ConfigFileKind, lines: TextLines): { from: number; to: number } | undefined {
  if (kind !== 'agent') return { from: 0, to: lines.lineCount };
  if (lines.line(0).replace(/^\uFEFF/, '').trimEnd() !== '---') return undefined;
  for (let n = 1; n < lines.lineCount; n++) {
    const text = lines.line(n).trimEnd();
    if (text === '---' || text === '...') return { from: 1, to: n };
  }
  return { from: 1, to: lines.lineCount };
}

/** The loader's refusal of files over 8 MiB, or undefined for a file it would read. */
function parseBig(kind: ConfigFileKind, file: string, text: string): ParsedConfigFile | undefined {
  if (text.length * 3 <= MAX_FILE_BYTES) return undefined;
  const bytes = Buffer.byteLength(text);
  if (bytes <= MAX_FILE_BYTES) return undefined;
  return {
    kind,
    file,
    text: '',
    diagnostics: [{ file, range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, severity: 'error', code: 'file-unreadable', message: `${path.basename(file)} is ${(bytes / 1048576).toFixed(1)} MiB; Baton reads config files up to 8 MiB. Split it.` }],
  };
}
