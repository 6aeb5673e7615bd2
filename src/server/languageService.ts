import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { classifyConfigFile, parseConfigFile, type ParsedConfigFile } from '../engine/config/configFile';
import { listConfigFiles } from '../engine/config/loadWorkspace';
import { resolveWorkspace } from '../engine/config/resolveWorkspace';
import type { Diagnostic } from '../engine/model/diagnostic';
import type { LoadResult } from '../engine/model/workspace';

/**
 * The language service: a workspace index of every Baton file, parsed once per change. An
 * edit re-parses only that file; the cheap resolve step re-runs the cross-file checks, so a
 * change in teams.yaml re-checks every sprint. Pure: no LSP types here.
 */
export class BatonLanguageService {
  readonly #files = new Map<string, ParsedConfigFile>();
  readonly #open = new Set<string>();
  #result: LoadResult | undefined;

  constructor(readonly root: string, readonly configRoot: string) {}

  /** Reads every Baton file from disk (files open in the editor keep their editor text). */
  async loadFromDisk(): Promise<void> {
    const files = await listConfigFiles(this.configRoot).catch((): string[] => []);
    await Promise.all(files.map((f) => this.refreshFromDisk(f)));
  }

  isBatonFile(file: string): boolean {
    return classifyConfigFile(this.configRoot, file) !== undefined;
  }

  /** The editor's text for an open document. */
  openOrChange(file: string, text: string): void {
    const kind = classifyConfigFile(this.configRoot, file);
    if (!kind) return;
    this.#open.add(file);
    this.#files.set(file, parseConfigFile(kind, file, text));
    this.#result = undefined;
  }

  /** The editor closed the document: fall back to what is on disk. */
  async close(file: string): Promise<void> {
    this.#open.delete(file);
    await this.refreshFromDisk(file);
  }

  /** A file changed, appeared or vanished on disk. Open documents win over the disk. */
  async refreshFromDisk(file: string): Promise<void> {
    if (this.#open.has(file)) return;
    const kind = classifyConfigFile(this.configRoot, file);
    if (!kind) return;
    try {
      this.#files.set(file, parseConfigFile(kind, file, await fs.readFile(file, 'utf8')));
    } catch {
      this.#files.delete(file);
    }
    this.#result = undefined;
  }

  result(): LoadResult {
    this.#result ??= resolveWorkspace([...this.#files.values()], { root: this.root, configRoot: this.configRoot });
    return this.#result;
  }

  /** Diagnostics grouped by file, including an empty list for every known file. */
  diagnosticsByFile(): Map<string, Diagnostic[]> {
    const byFile = new Map<string, Diagnostic[]>([...this.#files.keys()].map((f) => [f, []]));
    for (const d of this.result().diagnostics) {
      const list = byFile.get(d.file) ?? [];
      list.push(d);
      byFile.set(d.file, list);
    }
    return byFile;
  }

  static configRootFor(root: string, configRoot = '.claude'): string {
    return path.resolve(root, configRoot);
  }
}
