import type { SourceRange } from '../model/diagnostic';
import { nearestRangeOf, type RangedSource, type YamlPath } from './rangedSource';
import type { SprintLines } from './sprintLines';
import type { IndexNode, ItemSummary, PairIndex } from './yamlIndex';

/** A node found by path, with the offset its index is relative to. */
export interface LocatedNode {
  node: IndexNode;
  base: number;
}

/** A path's target: a full node, or — for an item of a stitched sequence — its summary. */
type Found = { node: IndexNode; base: number; summary?: undefined } | { summary: ItemSummary; base: number; node?: undefined };

/**
 * A {@link RangedSource} over a compact index instead of a `yaml` Document: the skeleton of the
 * file (absolute offsets) with the big `tasks:` sequence stitched in from separately parsed
 * chunks. Answers every range query exactly as `YamlSource` does on the same text.
 */
export class ChunkedSource implements RangedSource {
  readonly syntaxDiagnostics = [];

  constructor(
    readonly file: string,
    readonly text: string,
    readonly data: unknown,
    readonly root: IndexNode,
    readonly lines: SprintLines,
  ) {}

  rangeOfOffsets(start: number, end: number): SourceRange {
    const a = this.lines.linePos(Math.min(start, this.text.length));
    const b = this.lines.linePos(Math.min(Math.max(end, start), this.text.length));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  }

  taskItemLine(index: number): number | undefined {
    return this.lines.itemLine(index);
  }

  /** The node holding the value at `path`, following maps and sequences. */
  nodeAt(path: YamlPath): LocatedNode | undefined {
    const found = this.#find(path, false);
    return found?.node ? { node: found.node, base: found.base } : undefined;
  }

  /** Walks `path`; with `shallow`, a path ending at a stitched item yields its summary, not its index. */
  #find(path: YamlPath, shallow: boolean): Found | undefined {
    let node: IndexNode | undefined = this.root;
    let base = 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      if (!node) return undefined;
      if (node.kind === 'map') {
        node = node.pairs.get(String(segment))?.value;
      } else if (node.kind === 'seq' && typeof segment === 'number') {
        node = node.items[segment];
      } else if (node.kind === 'stitched' && typeof segment === 'number') {
        const item = node.items[segment];
        if (!item) return undefined;
        base = node.bases[segment]!;
        if (shallow && i === path.length - 1) return { summary: item.summary, base };
        node = item.node();
      } else {
        return undefined;
      }
    }
    return node ? { node, base } : undefined;
  }

  /** The whole extent of the node at `path` (not narrowed to its key as `valueRange` is). */
  extentOf(path: YamlPath): SourceRange | undefined {
    const found = this.#find(path, true);
    const target = found?.summary ?? found?.node;
    return found && target ? this.rangeOfOffsets(found.base + target.start, found.base + target.end) : undefined;
  }

  /** The pair whose value is at `path`, with its base (undefined for sequence items and the root). */
  pairAt(path: YamlPath): { pair: PairIndex; base: number } | undefined {
    if (path.length === 0) return undefined;
    const parent = this.#find(path.slice(0, -1), false);
    if (parent?.node?.kind !== 'map') return undefined;
    const pair = parent.node.pairs.get(String(path[path.length - 1]));
    return pair ? { pair, base: parent.base } : undefined;
  }

  keyRange(path: YamlPath): SourceRange | undefined {
    const found = this.pairAt(path);
    if (found) return this.rangeOfOffsets(found.base + found.pair.keyStart, found.base + found.pair.keyEnd);
    return this.valueRange(path);
  }

  valueRange(path: YamlPath): SourceRange | undefined {
    const found = this.#find(path, true);
    if (!found) return undefined;
    const target = found.summary ?? found.node;
    const range = this.rangeOfOffsets(found.base + target.start, found.base + target.end);
    if (target.kind !== 'scalar' && range.endLine > range.line) {
      const pair = this.pairAt(path);
      if (pair) return this.rangeOfOffsets(pair.base + pair.pair.keyStart, pair.base + pair.pair.keyEnd);
      const first: { start: number; end: number; base?: number } | undefined = found.summary ? found.summary.first : firstChild(found.node!);
      if (first) {
        const firstBase = first.base ?? found.base;
        return this.rangeOfOffsets(firstBase + first.start, firstBase + first.end);
      }
    }
    return range;
  }

  nearestRange(path: YamlPath): SourceRange {
    return nearestRangeOf(this, path, () => this.rangeOfOffsets(0, Math.min(this.text.indexOf('\n') >>> 0, this.text.length)));
  }
}

/** The first key of a map or the first item of a sequence: where a multi-line collection is reported. */
function firstChild(node: IndexNode): { start: number; end: number; base?: number } | undefined {
  if (node.kind === 'seq') return node.items[0];
  if (node.kind === 'stitched') {
    const item = node.items[0];
    return item ? { start: item.summary.start, end: item.summary.end, base: node.bases[0]! } : undefined;
  }
  if (node.kind === 'map') for (const pair of node.pairs.values()) return { start: pair.keyStart, end: pair.keyEnd };
  return undefined;
}
