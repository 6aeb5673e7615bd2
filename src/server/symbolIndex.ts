import type { Range } from 'vscode-languageserver';
import type { ParsedConfigFile } from '../engine/config/configFile';
import type { YamlPath } from '../engine/config/rangedSource';
import { collectMatches, DEFINITION_PATTERNS, REFERENCE_PATTERNS, type ReferencePattern, type SymbolKind } from './referencePaths';
import { rangeContains, type TextLines, toLspRange } from './textLines';
import type { Position } from 'vscode-languageserver';

/** One place a name is declared or referred to. */
export interface Occurrence {
  kind: SymbolKind;
  name: string;
  file: string;
  path: YamlPath;
  declaration: boolean;
  /** The name itself: inside quotes, and only the task part of a `task.outcome` condition. */
  range: Range;
}

/**
 * Every declaration of and reference to an agent, team, task, event, sprint or epic across the
 * workspace, built once per workspace version on the first navigation request. Task ids are
 * scoped to their sprint file; every other name is workspace-wide.
 */
export class SymbolIndex {
  readonly #byName = new Map<string, Occurrence[]>();
  readonly #byFile = new Map<string, Occurrence[]>();

  static build(files: Iterable<{ parsed: ParsedConfigFile; lines: () => TextLines }>): SymbolIndex {
    const index = new SymbolIndex();
    for (const { parsed, lines } of files) {
      const source = parsed.source;
      if (!source || source.data === undefined) continue;
      const list: Occurrence[] = [];
      const add = (pattern: ReferencePattern, declaration: boolean) => collectMatches(source.data, pattern.pattern, (path, name) => {
        const range = nameRange(parsed, lines(), path, name, declaration && pattern.kind === 'team', pattern.prefix === true);
        if (!range) return;
        list.push({ kind: pattern.kind, name: pattern.prefix ? name.split('.')[0]! : name, file: parsed.file, path, declaration, range });
      });
      for (const p of REFERENCE_PATTERNS) if (p.file === parsed.kind) add(p, false);
      for (const p of DEFINITION_PATTERNS) if (p.file === parsed.kind) add(p, true);
      list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      index.#byFile.set(parsed.file, list);
      for (const o of list) {
        const key = SymbolIndex.#key(o.kind, o.name, o.file);
        const named = index.#byName.get(key);
        if (named) named.push(o);
        else index.#byName.set(key, [o]);
      }
    }
    return index;
  }

  static #key(kind: SymbolKind, name: string, file: string): string {
    return `${kind}\0${kind === 'task' ? file : ''}\0${name}`;
  }

  /** Every occurrence of the name; `file` scopes task ids to their sprint. */
  find(kind: SymbolKind, name: string, file: string): readonly Occurrence[] {
    return this.#byName.get(SymbolIndex.#key(kind, name, file)) ?? [];
  }

  /** The occurrence under the cursor. */
  at(file: string, position: Position): Occurrence | undefined {
    const list = this.#byFile.get(file) ?? [];
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const o = list[mid]!;
      if (rangeContains(o.range, position)) return o;
      const before = o.range.start.line < position.line || (o.range.start.line === position.line && o.range.start.character < position.character);
      if (before) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }
}

/** The exact range of a name written at `path`: within quotes, the task part of a condition. */
function nameRange(parsed: ParsedConfigFile, lines: TextLines, path: YamlPath, name: string, isKey: boolean, prefix: boolean): Range | undefined {
  const source = parsed.source!;
  const r = isKey ? source.keyRange(path) : source.valueRange(path);
  if (!r) return undefined;
  const range = toLspRange(r);
  const first = lines.line(range.start.line).charAt(range.start.character);
  const quoted = first === '"' || first === "'";
  const start = { line: range.start.line, character: range.start.character + (quoted ? 1 : 0) };
  if (prefix) return { start, end: { line: start.line, character: start.character + name.split('.')[0]!.length } };
  if (quoted) return { start, end: { line: range.end.line, character: Math.max(start.character, range.end.character - 1) } };
  return range;
}
