import type { IndexNode, MapIndex, PairIndex, SeqIndex } from './yamlIndex';
import { resolvePlain } from './yamlCoreScalars';

/**
 * A scanner for the plain subset of YAML that sprint tasks are written in: block maps and
 * sequences, single-line plain and quoted scalars, one-line flow sequences, comments. It
 * yields the same data and the same node ranges as the `yaml` package (a differential test
 * holds it to that) about twenty times faster, and gives up — returns undefined — on anything
 * else (block scalars, anchors, tags, flow maps, escapes, multi-line scalars, odd indentation,
 * tabs, CR, control characters, surrogates), so the caller can let the `yaml` package decide.
 */
export interface ScannedItem {
  /** The item's plain data, as `doc.toJS()` would give it. */
  value: unknown;
  /** The item node, offsets relative to the chunk. */
  node: IndexNode;
  /** `range[1]` of the one-item block sequence the chunk is. */
  seqEnd: number;
}

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
// Characters the scanner never reasons about: tabs, CR, other controls, BOM, surrogates.
// eslint-disable-next-line no-control-regex -- control characters are exactly what it must find
const UNSUPPORTED = /[\x00-\x09\x0b-\x1f\x7f\ufeff\ud800-\udfff]/;
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED_KEYS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '__proto__']);
// First characters that make a plain scalar something else (YAML indicators).
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

const FLOW_INDICATORS = new Set([...',[]{}'].map((c) => c.charCodeAt(0)));

class GiveUp extends Error {}

interface Parsed {
  value: unknown;
  node: IndexNode;
}

/**
 * Scans a chunk holding exactly one block-sequence item (`    - id: t1` and its lines). Leading
 * lines may only be the item line; trailing lines may be blank or comments.
 */
export function scanSeqItem(text: string): ScannedItem | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return new Scanner(text).chunk();
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

class Scanner {
  readonly #text: string;
  /** Start offset of every line. */
  readonly #starts: number[] = [];
  /** End offset (the `\n` or the text end) of every line. */
  readonly #ends: number[] = [];
  /** Indentation of every line; -1 for blank and comment-only lines. */
  readonly #indents: number[] = [];

  constructor(text: string) {
    this.#text = text;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      this.#starts.push(start);
      this.#ends.push(end);
      this.#indents.push(i === end || text.charCodeAt(i) === HASH ? -1 : i - start);
      if (nl < 0) break;
      start = nl + 1;
    }
  }

  chunk(): ScannedItem {
    const col = this.#indents[0] ?? -1;
    if (col < 0 || !this.#isDash(this.#starts[0]! + col, 0)) throw new GiveUp();
    const { items, last } = this.#seqItems(0, col, true);
    const item = items[0]!;
    for (let l = last + 1; l < this.#starts.length; l++) if (this.#indents[l]! >= 0) throw new GiveUp();
    return { value: item.value, node: item.node, seqEnd: this.#nodeEnd(last) };
  }

  /** Offset just past the line's newline: where `yaml` ends a block collection's last node. */
  #nodeEnd(line: number): number {
    const end = this.#ends[line]!;
    return end < this.#text.length ? end + 1 : end;
  }

  #nextContent(line: number): number {
    let l = line + 1;
    while (l < this.#starts.length && this.#indents[l]! < 0) l++;
    return l;
  }

  #isDash(pos: number, line: number): boolean {
    if (this.#text.charCodeAt(pos) !== DASH) return false;
    return pos + 1 === this.#ends[line] || this.#text.charCodeAt(pos + 1) === SPACE;
  }

  /** Block node whose content starts at `pos` on `line`; returns it and its last line. */
  #block(line: number, pos: number): Parsed & { last: number } {
    const col = pos - this.#starts[line]!;
    if (this.#isDash(pos, line)) {
      const { items, last } = this.#seqItems(line, col, false);
      const node: SeqIndex = { kind: 'seq', start: pos, end: this.#nodeEnd(last), items: items.map((i) => i.node) };
      return { value: items.map((i) => i.value), node, last };
    }
    return this.#map(line, pos);
  }

  /** Items of a block sequence whose dashes sit at column `col`, starting on `line`. */
  #seqItems(line: number, col: number, single: boolean): { items: Parsed[]; last: number } {
    const items: Parsed[] = [];
    let l = line;
    let last: number;
    for (;;) {
      const dash = this.#starts[l]! + col;
      const parsed = this.#seqItem(l, dash);
      items.push(parsed);
      last = parsed.last;
      l = this.#nextContent(last);
      if (single || l >= this.#starts.length) break;
      const indent = this.#indents[l]!;
      if (indent < col) break;
      if (indent > col) throw new GiveUp();
      if (!this.#isDash(this.#starts[l]! + col, l)) break;
    }
    return { items, last };
  }

  #seqItem(line: number, dash: number): Parsed & { last: number } {
    let p = dash + 1;
    while (p < this.#ends[line]! && this.#text.charCodeAt(p) === SPACE) p++;
    if (p === this.#ends[line] || this.#text.charCodeAt(p) === HASH) return this.#nested(line, dash - this.#starts[line]!, false);
    if (this.#isDash(p, line)) throw new GiveUp();
    if (this.#keyAt(p, line) !== undefined) return this.#map(line, p);
    const inline = this.#inline(line, p) as Parsed & { last: number };
    inline.last = line;
    return inline;
  }

  /** A value on the lines after `line` (its parent at column `col`), or give up on an empty one. */
  #nested(line: number, col: number, sameIndentSeq: boolean): Parsed & { last: number } {
    const l = this.#nextContent(line);
    if (l >= this.#starts.length) throw new GiveUp();
    const indent = this.#indents[l]!;
    const pos = this.#starts[l]! + indent;
    if (indent > col || (sameIndentSeq && indent === col && this.#isDash(pos, l))) return this.#block(l, pos);
    throw new GiveUp();
  }

  /** The key starting at `pos` when the line holds `key:` there, else undefined. */
  #keyAt(pos: number, line: number): string | undefined {
    const end = this.#ends[line]!;
    let i = pos;
    while (i < end) {
      const c = this.#text.charCodeAt(i);
      if (c === COLON || c === SPACE) break;
      i++;
    }
    if (i === end || this.#text.charCodeAt(i) !== COLON) return undefined;
    if (i + 1 < end && this.#text.charCodeAt(i + 1) !== SPACE) return undefined;
    const key = this.#text.slice(pos, i);
    if (!KEY.test(key)) throw new GiveUp();
    if (RESERVED_KEYS.has(key)) throw new GiveUp();
    return key;
  }

  /** A block map whose first key starts at `pos` on `line`. */
  #map(line: number, pos: number): Parsed & { last: number } {
    const col = pos - this.#starts[line]!;
    const value: Record<string, unknown> = {};
    const pairs = new Map<string, PairIndex>();
    let l = line;
    let p = pos;
    for (;;) {
      const key = this.#keyAt(p, l);
      if (key === undefined || pairs.has(key)) throw new GiveUp();
      const entry = this.#mapValue(l, p + key.length + 1, col);
      pairs.set(key, { keyStart: p, keyEnd: p + key.length, value: entry.node });
      value[key] = entry.value;
      const next = this.#nextContent(entry.last);
      l = entry.last;
      if (next >= this.#starts.length) break;
      const indent = this.#indents[next]!;
      if (indent < col) break;
      if (indent > col) throw new GiveUp();
      l = next;
      p = this.#starts[next]! + col;
    }
    const node: MapIndex = { kind: 'map', start: pos, end: this.#nodeEnd(l), pairs };
    return { value, node, last: l };
  }

  #mapValue(line: number, afterColon: number, col: number): Parsed & { last: number } {
    let p = afterColon;
    const end = this.#ends[line]!;
    while (p < end && this.#text.charCodeAt(p) === SPACE) p++;
    if (p === end || this.#text.charCodeAt(p) === HASH) return this.#nested(line, col, true);
    const inline = this.#inline(line, p) as Parsed & { last: number };
    inline.last = line;
    return inline;
  }

  /** A one-line value at `pos`: the rest of the line may only be spaces and a comment. */
  #inline(line: number, pos: number): Parsed {
    const c = this.#text.charCodeAt(pos);
    let parsed: Parsed & { next: number };
    if (c === 34 || c === 39) parsed = this.#quoted(line, pos);
    else if (c === 91) parsed = this.#flowSeq(line, pos);
    else return this.#plain(line, pos);
    this.#expectLineEnd(line, parsed.next);
    return parsed;
  }

  #expectLineEnd(line: number, from: number): void {
    const end = this.#ends[line]!;
    let p = from;
    while (p < end && this.#text.charCodeAt(p) === SPACE) p++;
    if (p < end && (this.#text.charCodeAt(p) !== HASH || p === from)) throw new GiveUp();
  }

  /** A block-context plain scalar: up to a ` #` comment or the line end. */
  #plain(line: number, pos: number): Parsed {
    const first = this.#text.charCodeAt(pos);
    if (INDICATORS.has(first) && !(first === DASH && this.#text.charCodeAt(pos + 1) > SPACE)) throw new GiveUp();
    const end = this.#ends[line]!;
    let stop = end;
    for (let i = pos + 1; i < end; i++) {
      const ch = this.#text.charCodeAt(i);
      if (ch === HASH && this.#text.charCodeAt(i - 1) === SPACE) {
        stop = i;
        break;
      }
      if (ch === COLON && (i + 1 === end || this.#text.charCodeAt(i + 1) === SPACE)) throw new GiveUp();
    }
    while (stop > pos && this.#text.charCodeAt(stop - 1) === SPACE) stop--;
    const raw = this.#text.slice(pos, stop);
    return { value: resolvePlain(raw), node: { kind: 'scalar', start: pos, end: stop } };
  }

  #quoted(line: number, pos: number): Parsed & { next: number } {
    const quote = this.#text.charCodeAt(pos);
    const end = this.#ends[line]!;
    let out = '';
    let from = pos + 1;
    for (let i = pos + 1; i < end; i++) {
      const ch = this.#text.charCodeAt(i);
      if (quote === 34 && ch === 92) throw new GiveUp();
      if (ch !== quote) continue;
      if (quote === 39 && this.#text.charCodeAt(i + 1) === 39) {
        out += this.#text.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      out += this.#text.slice(from, i);
      return { value: out, node: { kind: 'scalar', start: pos, end: i + 1 }, next: i + 1 };
    }
    throw new GiveUp();
  }

  /** `[a, 'b', 3]` on one line, scalars only. */
  #flowSeq(line: number, pos: number): Parsed & { next: number } {
    const end = this.#ends[line]!;
    const values: unknown[] = [];
    const items: IndexNode[] = [];
    let p = pos + 1;
    for (;;) {
      while (p < end && this.#text.charCodeAt(p) === SPACE) p++;
      if (p >= end) throw new GiveUp();
      const c = this.#text.charCodeAt(p);
      if (c === 93 && items.length === 0) return { value: values, node: { kind: 'seq', start: pos, end: p + 1, items }, next: p + 1 };
      const item = c === 34 || c === 39 ? this.#quoted(line, p) : this.#flowPlain(line, p);
      values.push(item.value);
      items.push(item.node);
      p = item.next;
      while (p < end && this.#text.charCodeAt(p) === SPACE) p++;
      const sep = this.#text.charCodeAt(p);
      if (sep === 93) return { value: values, node: { kind: 'seq', start: pos, end: p + 1, items }, next: p + 1 };
      if (sep !== 44) throw new GiveUp();
      p++;
    }
  }

  #flowPlain(line: number, pos: number): Parsed & { next: number } {
    const first = this.#text.charCodeAt(pos);
    const second = this.#text.charCodeAt(pos + 1);
    if (INDICATORS.has(first) && !(first === DASH && second > SPACE && !FLOW_INDICATORS.has(second))) throw new GiveUp();
    const end = this.#ends[line]!;
    let i = pos;
    for (; i < end; i++) {
      const ch = this.#text.charCodeAt(i);
      if (ch === 44 || ch === 93) break;
      if (ch === 91 || ch === 123 || ch === 125 || ch === COLON) throw new GiveUp();
      if (ch === HASH && this.#text.charCodeAt(i - 1) === SPACE) throw new GiveUp();
    }
    let stop = i;
    while (stop > pos && this.#text.charCodeAt(stop - 1) === SPACE) stop--;
    return { value: resolvePlain(this.#text.slice(pos, stop)), node: { kind: 'scalar', start: pos, end: stop }, next: i };
  }
}
