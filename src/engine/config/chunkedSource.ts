import type { SourceRange } from '../model/diagnostic';
import type { RangedSource, YamlPath } from './rangedSource';
import type { IndexNode, MapIndex, PairIndex, SeqIndex } from './yamlIndex';

/** A sequence whose items were parsed separately: item `i`'s offsets are relative to `bases[i]`. */
export interface StitchedSeq extends SeqIndex {
  bases: number[];
}

/** A node found by path, with the offset its index is relative to. */
export interface LocatedNode {
  node: IndexNode;
  base: number;
}

/**
 * A {@link RangedSource} over a compact index instead of a `yaml` Document: the skeleton of the
 * file (absolute offsets) with the big `tasks:` sequence stitched in from separately parsed
 * chunks. Answers every range query exactly as `YamlSource` does on the same text.
 */
export class ChunkedSource implements RangedSource {
  readonly syntaxDiagnostics = [];

  /**
   * @param lineStarts offset of every line start of `text`, ascending, beginning with 0.
   */
  constructor(
    readonly file: string,
    readonly text: string,
    readonly data: unknown,
    readonly root: IndexNode,
    readonly lineStarts: readonly number[],
  ) {}

  rangeOfOffsets(start: number, end: number): SourceRange {
    const a = this.#linePos(Math.min(start, this.text.length));
    const b = this.#linePos(Math.min(Math.max(end, start), this.text.length));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  }

  /** The `yaml` package's `LineCounter.linePos`, over our own line starts. */
  #linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }

  /** The node holding the value at `path`, following maps and sequences. */
  nodeAt(path: YamlPath): LocatedNode | undefined {
    let node: IndexNode | undefined = this.root;
    let base = 0;
    for (const segment of path) {
      if (!node) return undefined;
      if (node.kind === 'map') {
        node = node.pairs.get(String(segment))?.value;
      } else if (node.kind === 'seq' && typeof segment === 'number') {
        const bases = (node as Partial<StitchedSeq>).bases;
        if (bases && bases[segment] !== undefined) base = bases[segment]!;
        node = node.items[segment];
      } else {
        return undefined;
      }
    }
    return node ? { node, base } : undefined;
  }

  /** The pair whose value is at `path`, with its base (undefined for sequence items and the root). */
  pairAt(path: YamlPath): { pair: PairIndex; base: number } | undefined {
    if (path.length === 0) return undefined;
    const parent = this.nodeAt(path.slice(0, -1));
    if (!parent || parent.node.kind !== 'map') return undefined;
    const pair = parent.node.pairs.get(String(path[path.length - 1]));
    return pair ? { pair, base: parent.base } : undefined;
  }

  keyRange(path: YamlPath): SourceRange | undefined {
    const found = this.pairAt(path);
    if (found) return this.rangeOfOffsets(found.base + found.pair.keyStart, found.base + found.pair.keyEnd);
    return this.valueRange(path);
  }

  valueRange(path: YamlPath): SourceRange | undefined {
    const found = this.nodeAt(path);
    if (!found) return undefined;
    const { node, base } = found;
    const range = this.rangeOfOffsets(base + node.start, base + node.end);
    if (node.kind !== 'scalar' && range.endLine > range.line) {
      const pair = this.pairAt(path);
      if (pair) return this.rangeOfOffsets(pair.base + pair.pair.keyStart, pair.base + pair.pair.keyEnd);
      const first = firstChild(node);
      if (first) {
        const firstBase = node.kind === 'seq' ? ((node as Partial<StitchedSeq>).bases?.[0] ?? base) : base;
        return this.rangeOfOffsets(firstBase + first.start, firstBase + first.end);
      }
    }
    return range;
  }

  nearestRange(path: YamlPath): SourceRange {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      const range = n === path.length ? this.valueRange(sub) : this.keyRange(sub);
      if (range) return range;
    }
    return this.rangeOfOffsets(0, Math.min(this.text.indexOf('\n') >>> 0, this.text.length));
  }
}

/** The first key of a map or the first item of a sequence: where a multi-line collection is reported. */
function firstChild(node: MapIndex | SeqIndex): { start: number; end: number } | undefined {
  if (node.kind === 'seq') return node.items[0];
  for (const pair of node.pairs.values()) return { start: pair.keyStart, end: pair.keyEnd };
  return undefined;
}
