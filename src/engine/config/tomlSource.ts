import { parse, TomlError } from 'smol-toml';
import type { Diagnostic, SourceRange } from '../model/diagnostic';
import { nearestRangeOf, type RangedSource, type YamlPath } from './rangedSource';

/**
 * A TOML file (Codex's custom agents) as a {@link RangedSource}: its data, and the ranges of its
 * top-level keys and values, found by the line that assigns them. Nested paths answer with the
 * range of their top-level key, which is as precise as an agent file's diagnostics need.
 */
export class TomlSource implements RangedSource {
  readonly data: unknown;
  readonly syntaxDiagnostics: readonly Diagnostic[];
  readonly #lines: string[];

  constructor(readonly file: string, text: string) {
    this.#lines = text.split(/\r?\n/);
    let data: unknown;
    const diagnostics: Diagnostic[] = [];
    try {
      data = parse(text);
    } catch (error) {
      const line = error instanceof TomlError ? error.line : 1;
      const column = error instanceof TomlError ? error.column : 1;
      const message = (error as Error).message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      diagnostics.push({ file, range: { line, column, endLine: line, endColumn: column + 1 }, severity: 'error', code: 'toml-syntax', message: `TOML syntax error: ${message}. Fix the TOML at this position.` });
    }
    this.data = data;
    this.syntaxDiagnostics = diagnostics;
  }

  keyRange(path: YamlPath): SourceRange | undefined {
    const at = this.#assignment(path);
    if (!at) return undefined;
    return { line: at.line + 1, column: at.keyStart + 1, endLine: at.line + 1, endColumn: at.keyEnd + 1 };
  }

  valueRange(path: YamlPath): SourceRange | undefined {
    const at = this.#assignment(path);
    if (!at) return undefined;
    const text = this.#lines[at.line]!;
    return { line: at.line + 1, column: at.valueStart + 1, endLine: at.line + 1, endColumn: Math.max(at.valueStart + 2, text.trimEnd().length + 1) };
  }

  nearestRange(path: YamlPath): SourceRange {
    return nearestRangeOf(this, path, () => ({ line: 1, column: 1, endLine: 1, endColumn: Math.max(2, (this.#lines[0] ?? '').length + 1) }));
  }

  /** The line assigning the top-level key of `path` (before any `[table]`). */
  #assignment(path: YamlPath): { line: number; keyStart: number; keyEnd: number; valueStart: number } | undefined {
    const key = path[0];
    if (typeof key !== 'string') return undefined;
    for (let i = 0; i < this.#lines.length; i++) {
      const text = this.#lines[i]!;
      if (/^\s*\[/.test(text)) return undefined;
      const m = /^(\s*)("?)([\w.-]+)\2\s*=\s*/.exec(text);
      if (m && m[3] === key) return { line: i, keyStart: m[1]!.length, keyEnd: m[1]!.length + m[2]!.length * 2 + key.length, valueStart: m[0].length };
    }
    return undefined;
  }
}
