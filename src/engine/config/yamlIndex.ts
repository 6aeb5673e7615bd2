import { isMap, isScalar, isSeq } from 'yaml';

/**
 * A YAML node reduced to what source ranges need: its extent and its children. This is all
 * {@link RangedSource} queries read from a `yaml` Document, at a fraction of its memory, so the
 * language server can keep 10,000 tasks' worth of ranges without keeping 10,000 Documents.
 *
 * `start`/`end` are `node.range[0]`/`node.range[1]` of the `yaml` package, relative to the
 * start of the text the node was parsed from (a chunk, for a big sprint's tasks).
 */
export type IndexNode = ScalarIndex | MapIndex | SeqIndex | StitchedIndex;

export interface ScalarIndex {
  kind: 'scalar';
  start: number;
  end: number;
}

export interface MapIndex {
  kind: 'map';
  start: number;
  end: number;
  /** Pairs by `String(key)`, first occurrence only (as `YamlSource.pairAt` finds them), in source order. */
  pairs: Map<string, PairIndex>;
}

export interface PairIndex {
  keyStart: number;
  keyEnd: number;
  /** Undefined for a key without a value node (`? key`). */
  value: IndexNode | undefined;
}

export interface SeqIndex {
  kind: 'seq';
  start: number;
  end: number;
  items: IndexNode[];
}

/**
 * A big sequence whose items were parsed separately (a sprint's tasks): item `i`'s offsets are
 * relative to `bases[i]`, and its full index is built only when a path goes into it — most
 * queries (a task's own location) need only its summary.
 */
export interface StitchedIndex {
  kind: 'stitched';
  start: number;
  end: number;
  bases: readonly number[];
  items: readonly LazyItem[];
}

/** What a range query on the item itself needs, and the way to the full index. */
export interface LazyItem {
  summary: ItemSummary;
  node(): IndexNode;
}

export interface ItemSummary {
  kind: 'scalar' | 'map' | 'seq';
  start: number;
  end: number;
  /** The first key of a map, or the first item of a sequence. */
  first?: { start: number; end: number };
}

/** The summary of an indexed item. */
export function summarize(node: ScalarIndex | MapIndex | SeqIndex): ItemSummary {
  const summary: ItemSummary = { kind: node.kind, start: node.start, end: node.end };
  if (node.kind === 'seq' && node.items[0]) summary.first = { start: node.items[0].start, end: node.items[0].end };
  if (node.kind === 'map') {
    for (const pair of node.pairs.values()) {
      summary.first = { start: pair.keyStart, end: pair.keyEnd };
      break;
    }
  }
  return summary;
}

/**
 * Indexes a `yaml` node. `shift` maps offsets of the parsed text to offsets of the file (the
 * skeleton of a chunked sprint misses the task lines). Undefined for shapes the index does not
 * model — aliases, collection keys, pairs inside sequences — so the caller falls back to the
 * whole-document {@link YamlSource}.
 */
export function indexYamlNode(node: unknown, shift: (offset: number) => number = (o) => o): IndexNode | undefined {
  if (isScalar(node)) {
    const r = node.range;
    return r ? { kind: 'scalar', start: shift(r[0]), end: shift(r[1]) } : undefined;
  }
  if (isMap(node)) {
    const pairs = new Map<string, PairIndex>();
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || !key.range) return undefined;
      let value: IndexNode | undefined;
      if (pair.value !== null && pair.value !== undefined) {
        value = indexYamlNode(pair.value, shift);
        if (!value) return undefined;
      }
      const name = String(key.value);
      if (!pairs.has(name)) pairs.set(name, { keyStart: shift(key.range[0]), keyEnd: shift(key.range[1]), value });
    }
    return node.range ? { kind: 'map', start: shift(node.range[0]), end: shift(node.range[1]), pairs } : undefined;
  }
  if (isSeq(node)) {
    const items: IndexNode[] = [];
    for (const item of node.items) {
      const indexed = indexYamlNode(item, shift);
      if (!indexed) return undefined;
      items.push(indexed);
    }
    return node.range ? { kind: 'seq', start: shift(node.range[0]), end: shift(node.range[1]), items } : undefined;
  }
  return undefined;
}
