import { isCollection, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Diagnostic, SourceRange } from '../model/diagnostic';
import { excessiveNestingAt, lastUnclosedOpener, MAX_NESTING } from './nestingGuard';
import { nearestRangeOf, type RangedSource, type YamlPath } from './rangedSource';

export type { YamlPath };

/**
 * One parsed YAML text with everything needed to turn a data path (`['sprint','tasks',3,'id']`)
 * back into the exact source range of its key or value.
 */
export class YamlSource implements RangedSource {
  readonly doc: Document.Parsed;
  #lineCounter: LineCounter;
  readonly #lineOffset: number;
  /** The plain data (`doc.toJS()`), or undefined when the text has syntax errors. */
  data: unknown;
  syntaxDiagnostics: Diagnostic[];

  /**
   * @param lineOffset lines that precede `text` in the file (the `---` line of agent frontmatter).
   */
  constructor(readonly file: string, readonly text: string, lineOffset = 0) {
    this.#lineCounter = new LineCounter();
    this.#lineOffset = lineOffset;
    const tooDeep = excessiveNestingAt(text);
    this.doc = parseDocument(tooDeep < 0 ? text : '', { lineCounter: this.#lineCounter, prettyErrors: false, uniqueKeys: true });
    if (tooDeep >= 0) {
      // parseDocument('') fed the line counter nothing: count the real text's lines for ranges.
      this.#lineCounter = new LineCounter();
      this.#lineCounter.addNewLine(0);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#lineCounter.addNewLine(i + 1);
      this.syntaxDiagnostics = [{
        file,
        range: this.rangeOfOffsets(tooDeep, tooDeep + 1),
        severity: 'error',
        code: 'yaml-syntax',
        message: `YAML nested more than ${MAX_NESTING} levels deep here; Baton does not read such files. Flatten the structure.`,
      }];
      this.data = undefined;
      return;
    }
    this.syntaxDiagnostics = this.doc.errors.map((error) => ({
      file,
      range: this.#errorRange(error.pos[0], error.pos[1]),
      severity: 'error' as const,
      code: 'yaml-syntax' as const,
      message: `YAML syntax error: ${firstLine(error.message)}. Fix the YAML at this position.`,
    }));
    const converted = this.syntaxDiagnostics.length === 0 ? safeToJs(this.doc) : { ok: false as const };
    if (!converted.ok && converted.message) {
      this.syntaxDiagnostics.push({
        file,
        range: this.rangeOfOffsets(0, 1),
        severity: 'error',
        code: 'yaml-syntax',
        message: `YAML could not be read: ${converted.message}. Remove the alias loop or excess aliases.`,
      });
    }
    this.data = converted.ok ? converted.value : undefined;
  }

  /** An error at the very end of the text points at the bracket or quote left open instead. */
  #errorRange(start: number, end: number): SourceRange {
    if (start >= this.text.trimEnd().length) {
      const opener = lastUnclosedOpener(this.text);
      if (opener >= 0) return this.rangeOfOffsets(opener, opener + 1);
    }
    return this.rangeOfOffsets(start, Math.max(end, start + 1));
  }

  rangeOfOffsets(start: number, end: number): SourceRange {
    const a = this.#lineCounter.linePos(Math.min(start, this.text.length));
    const b = this.#lineCounter.linePos(Math.min(Math.max(end, start), this.text.length));
    return { line: a.line + this.#lineOffset, column: a.col, endLine: b.line + this.#lineOffset, endColumn: b.col };
  }

  rangeOfNode(node: Node | null | undefined): SourceRange | undefined {
    const r = node?.range;
    return r ? this.rangeOfOffsets(r[0], r[1]) : undefined;
  }

  /** The node holding the value at `path`, following maps and sequences. */
  nodeAt(path: YamlPath): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      if (isMap(node)) node = findPair(node.items, segment)?.value;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
      else return undefined;
    }
    return isNode(node) ? node : undefined;
  }

  /** The key/value pair whose value is at `path` (undefined for sequence items and the root). */
  pairAt(path: YamlPath): Pair | undefined {
    if (path.length === 0) return undefined;
    const parent = this.nodeAt(path.slice(0, -1));
    return isMap(parent) ? findPair(parent.items, path[path.length - 1]!) : undefined;
  }

  /** Range of the key at `path`, e.g. `capacity` in `capacity: 0`; falls back to the value. */
  keyRange(path: YamlPath): SourceRange | undefined {
    const pair = this.pairAt(path);
    if (pair && isNode(pair.key)) return this.rangeOfNode(pair.key);
    return this.valueRange(path);
  }

  /**
   * Range of the value at `path`. Multi-line collections are narrowed to their key (or first
   * line) so a diagnostic points at one place rather than a whole block.
   */
  valueRange(path: YamlPath): SourceRange | undefined {
    const node = this.nodeAt(path);
    if (!node) return undefined;
    const range = this.rangeOfNode(node);
    if (range && (isMap(node) || isSeq(node)) && range.endLine > range.line) {
      const pair = this.pairAt(path);
      if (pair && isNode(pair.key)) return this.rangeOfNode(pair.key);
      const first = isMap(node) ? node.items[0]?.key : node.items[0];
      if (isNode(first)) return this.rangeOfNode(first);
    }
    return range;
  }

  /**
   * The best range for something at `path` that may not exist: the deepest existing ancestor's
   * key, or the first line.
   */
  nearestRange(path: YamlPath): SourceRange {
    return nearestRangeOf(this, path, () => this.rangeOfOffsets(0, Math.min(this.text.indexOf('\n') >>> 0, this.text.length)));
  }
}

function findPair(items: readonly Pair[], key: string | number): Pair | undefined {
  for (const pair of items) {
    const k = isScalar(pair.key) ? pair.key.value : pair.key;
    if (k === key || sameKey(k, key)) return pair;
  }
  return undefined;
}

/**
 * `String(k) === String(key)` for scalar keys. A collection key (`? [a, b]`) never matches a
 * path segment: stringifying one is exponential in its nesting in the `yaml` package, and a
 * fuzzed `? ? ? …` line made the loader throw or run for minutes.
 */
function sameKey(k: unknown, key: string | number): boolean {
  if (isCollection(k)) return false;
  return String(k) === String(key);
}

function safeToJs(doc: Document.Parsed): { ok: true; value: unknown } | { ok: false; message?: string } {
  try {
    // The alias cap stops "billion laughs" documents from exhausting memory.
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { ok: false, message: firstLine(error instanceof Error ? error.message : String(error)) };
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}
