import type { Position } from 'vscode-languageserver';
import type { YamlPath } from '../engine/config/rangedSource';
import type { TextLines } from './textLines';

/**
 * Where the cursor is in YAML terms, read from indentation alone so it works on the half-typed
 * text completion sees: the data path, whether a key or a value is being written, and the word.
 */
export interface CursorContext {
  /** `key`: on a key (or where one would be typed) of the map at `path`; `value`: on the scalar at `path`. */
  kind: 'key' | 'value';
  path: YamlPath;
  /** Key mode: the key already written under the cursor. */
  key?: string;
  /** The word from its start to the cursor, and the whole word's line-relative columns. */
  prefix: string;
  line: number;
  start: number;
  end: number;
  /** Key mode: keys already written in that map. */
  siblings: ReadonlySet<string>;
  /** Key mode on a sequence item (`- fo|`): the item may be a scalar value too. */
  itemScalar?: boolean;
  /** Scalars already listed in the sequence the value belongs to. */
  listed: readonly string[];
  /** The `id` of the sequence item the cursor is in, when it was written above the cursor. */
  itemId?: string;
}

interface Entry {
  col: number;
  seg: string | number;
  kind: 'root' | 'key' | 'item';
  /** A key with its value on the same line, or an item holding a scalar: nothing nests under it. */
  leaf: boolean;
  items: number;
  keys: Set<string>;
  values: string[];
  id?: string;
}

/**
 * A `key:` at the start of `content`: the key as written (quotes included) and the length up to
 * and including the colon. Linear, so a 100,000-character line cannot stall the server.
 */
function keyOf(content: string): { raw: string; length: number } | undefined {
  const first = content[0];
  if (first === undefined || /[\s#:[\]{},]/.test(first)) return undefined;
  let i = 0;
  if (first === '"' || first === "'") {
    const close = content.indexOf(first, 1);
    if (close < 0) return undefined;
    i = close + 1;
    while (content[i] === ' ') i++;
    return content[i] === ':' && (i + 1 === content.length || /\s/.test(content[i + 1]!)) ? { raw: content.slice(0, close + 1), length: i + 1 } : undefined;
  }
  for (; i < content.length; i++) {
    const c = content[i];
    if (c === '#' && /\s/.test(content[i - 1]!)) return undefined;
    if (c === ':' && (i + 1 === content.length || /\s/.test(content[i + 1]!))) return { raw: content.slice(0, i).trimEnd(), length: i + 1 };
  }
  return undefined;
}

/** The cursor context in lines `[from, to)` (an agent's frontmatter), or undefined outside YAML. */
export function cursorContext(lines: TextLines, position: Position, from = 0, to = lines.lineCount): CursorContext | undefined {
  if (position.line < from || position.line >= to) return undefined;
  const stack: Entry[] = [newEntry(-1, '', 'root', false)];
  let skipDeeper: number | undefined;
  for (let n = from; n < position.line; n++) {
    const text = lines.line(n);
    const indent = indentOf(text);
    if (indent === text.length || text[indent] === '#') continue;
    if (skipDeeper !== undefined && indent > skipDeeper) continue;
    skipDeeper = readLine(stack, text, indent, text.length);
  }
  const text = lines.line(position.line);
  const ch = Math.min(position.character, text.length);
  const indent = indentOf(text);
  if (skipDeeper !== undefined && indent > skipDeeper && indent < text.length) return undefined;
  return cursorLine(stack, text, ch, lines, position.line, to);
}

function newEntry(col: number, seg: string | number, kind: Entry['kind'], leaf: boolean): Entry {
  return { col, seg, kind, leaf, items: 0, keys: new Set(), values: [] };
}

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i;
}

function top(stack: Entry[]): Entry {
  return stack[stack.length - 1]!;
}

function popForKey(stack: Entry[], col: number): Entry {
  while (stack.length > 1 && (top(stack).col >= col || top(stack).leaf)) stack.pop();
  return top(stack);
}

function pushItem(stack: Entry[], col: number): Entry {
  while (stack.length > 1 && (top(stack).col > col || (top(stack).col === col && (top(stack).kind === 'item' || top(stack).leaf)))) stack.pop();
  const parent = top(stack);
  const item = newEntry(col, parent.items++, 'item', false);
  stack.push(item);
  return parent;
}

/** Consumes one full line; returns the column below which following deeper lines are continuation. */
function readLine(stack: Entry[], text: string, indent: number, limit: number): number | undefined {
  let col = indent;
  let dashed = false;
  while (text[col] === '-' && (col + 1 === limit || text[col + 1] === ' ')) {
    pushItem(stack, col);
    dashed = true;
    col = col + 1 + indentOf(text.slice(col + 1, limit));
    if (col >= limit) return undefined;
  }
  const content = text.slice(col, limit);
  const key = keyOf(content);
  if (key) {
    const name = unquote(key.raw);
    const rest = content.slice(key.length).trim();
    const parent = popForKey(stack, col);
    parent.keys.add(name);
    const leaf = rest !== '' && !rest.startsWith('#');
    stack.push(newEntry(col, name, 'key', leaf));
    if (name === 'id' && leaf && parent.kind === 'item') parent.id = scalarText(rest);
    return leaf ? col : undefined;
  }
  if (!dashed) return undefined;
  const item = top(stack);
  item.leaf = true;
  stack[stack.length - 2]?.values.push(scalarText(content));
  return item.col;
}

function unquote(s: string): string {
  return (s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")) ? s.slice(1, -1) : s;
}

/** A one-line scalar as written: quotes removed, a trailing comment dropped. */
function scalarText(s: string): string {
  const comment = s.search(/\s#/);
  return unquote((comment >= 0 ? s.slice(0, comment) : s).trim());
}

function pathOf(stack: Entry[]): (string | number)[] {
  return stack.slice(1).map((e) => e.seg);
}

function cursorLine(stack: Entry[], text: string, ch: number, lines: TextLines, line: number, to: number): CursorContext | undefined {
  let col = indentOf(text);
  let dashed = false;
  while (text[col] === '-' && col + 1 < ch && text[col + 1] === ' ') {
    pushItem(stack, col);
    dashed = true;
    col = col + 1 + indentOf(text.slice(col + 1));
  }
  if (col > ch || (col === ch && col === text.length && !dashed)) col = ch;
  const content = text.slice(col);
  if (content.startsWith('#') && col < ch) return undefined;
  const key = keyOf(content);
  const base = { line, listed: [] as string[] };
  if (key && col + key.raw.length < ch) return valueContext(stack, text, ch, col, key, base);
  if (col >= ch && !dashed) {
    const parent = popForKey(stack, ch);
    return { ...base, kind: 'key', path: pathOf(stack), prefix: '', start: ch, end: ch, siblings: siblingKeys(parent, lines, line, to, ch), itemId: itemIdOf(stack) };
  }
  const word = /^[^\s:#,[\]{}]*/.exec(content)![0];
  const name = key ? unquote(key.raw) : undefined;
  const parent = dashed ? top(stack) : popForKey(stack, col);
  const context: CursorContext = {
    ...base, kind: 'key', path: pathOf(stack), prefix: text.slice(col, ch), start: col, end: col + (key ? key.raw.length : word.length),
    siblings: siblingKeys(parent, lines, line, to, col), listed: dashed ? (stack[stack.length - 2]?.values ?? []) : [], itemId: itemIdOf(stack),
  };
  if (name !== undefined) context.key = name;
  if (dashed && !key) context.itemScalar = true;
  return context;
}

function itemIdOf(stack: Entry[]): string | undefined {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.kind === 'item' && stack[i]!.id !== undefined) return stack[i]!.id;
  return undefined;
}

/** Keys of the map at column `col`: those above the cursor and those below it in the same block. */
function siblingKeys(parent: Entry, lines: TextLines, line: number, to: number, col: number): Set<string> {
  const keys = new Set(parent.keys);
  for (let n = line + 1; n < to; n++) {
    const text = lines.line(n);
    const indent = indentOf(text);
    if (indent === text.length || text[indent] === '#' || indent > col) continue;
    if (indent < col || text[indent] === '-') break;
    const key = keyOf(text.slice(indent));
    if (key) keys.add(unquote(key.raw));
  }
  return keys;
}

function valueContext(stack: Entry[], text: string, ch: number, col: number, key: { raw: string; length: number }, base: { line: number; listed: string[] }): CursorContext | undefined {
  const name = unquote(key.raw);
  popForKey(stack, col);
  const path = [...pathOf(stack), name];
  let start = col + key.length;
  while (text[start] === ' ') start++;
  const itemId = itemIdOf(stack);
  if (text[start] === '[') return flowContext(text, ch, start, path, base, itemId);
  if (ch < start) start = ch;
  const comment = text.slice(start).search(/\s#/);
  if (comment >= 0 && start + comment < ch) return undefined;
  const end = comment >= 0 ? start + comment : text.trimEnd().length;
  const context: CursorContext = { ...base, kind: 'value', path, prefix: text.slice(start, ch), start, end: Math.max(end, ch), siblings: new Set() };
  if (itemId !== undefined) context.itemId = itemId;
  return context;
}

/** The cursor inside a one-line flow sequence `[a, b|, c]`. */
function flowContext(text: string, ch: number, open: number, path: (string | number)[], base: { line: number; listed: string[] }, itemId: string | undefined): CursorContext | undefined {
  let index = 0;
  let start = open + 1;
  for (let i = open + 1; i < ch; i++) {
    const c = text[i];
    if (c === '[' || c === '{' || c === ']' || c === '}') return undefined;
    if (c === ',') {
      index++;
      start = i + 1;
    }
  }
  while (text[start] === ' ' && start < ch) start++;
  let end = ch;
  while (end < text.length && !/[,\]#]/.test(text[end]!)) end++;
  while (end > ch && text[end - 1] === ' ') end--;
  const close = text.indexOf(']', open);
  const listed = text.slice(open + 1, close < 0 ? text.length : close).split(',').map((s) => scalarText(s)).filter(Boolean);
  const context: CursorContext = { ...base, kind: 'value', path: [...path, index], prefix: text.slice(start, ch), start, end, siblings: new Set(), listed };
  if (itemId !== undefined) context.itemId = itemId;
  return context;
}
