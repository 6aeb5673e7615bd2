import type { Diagnostic, SourceRange } from '../model/diagnostic';
import type { YamlPath } from '../model/yamlPath';

export type { YamlPath };

/**
 * What the resolvers need from a parsed YAML text: its plain data and the exact source range of
 * any data path. {@link YamlSource} answers from a whole `yaml` Document; the language server's
 * chunked sprint source answers from a compact index of separately parsed chunks, so a
 * 10,000-task sprint is not re-parsed on every keystroke. Both must answer identically.
 */
export interface RangedSource {
  /** Absolute path of the file. */
  readonly file: string;
  /** The plain data, or undefined when the text has syntax errors. */
  readonly data: unknown;
  readonly syntaxDiagnostics: readonly Diagnostic[];
  /** Range of the key at `path`, e.g. `capacity` in `capacity: 0`; falls back to the value. */
  keyRange(path: YamlPath): SourceRange | undefined;
  /** Range of the value at `path`; multi-line collections are narrowed to their key or first line. */
  valueRange(path: YamlPath): SourceRange | undefined;
  /** The best range for something at `path` that may not exist: the deepest existing ancestor. */
  nearestRange(path: YamlPath): SourceRange;
  /**
   * The line a sprint's `index`-th task item starts on, for sources that parse task items
   * separately: given the same item text, the ranges of everything inside the item then depend
   * on this line alone, which lets per-task work be reused across edits elsewhere in the file.
   */
  taskItemLine?(index: number): number | undefined;
}

/**
 * The one definition of "nearest": the value at `path` if it exists, else the key of the
 * deepest existing ancestor, else the first line. Both sources delegate here so they cannot
 * drift apart.
 */
export function nearestRangeOf(
  source: Pick<RangedSource, 'keyRange' | 'valueRange'>,
  path: YamlPath,
  firstLine: () => SourceRange,
): SourceRange {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    const range = n === path.length ? source.valueRange(sub) : source.keyRange(sub);
    if (range) return range;
  }
  return firstLine();
}
