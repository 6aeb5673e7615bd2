/**
 * Where a sprint file's `tasks:` block sequence sits, found by indentation alone: the region of
 * whole lines holding its items, and where each item starts. Each item can then be parsed on
 * its own. Undefined whenever the shape is not the plain one (no `tasks:` key line followed by
 * `- ` items, flow style, CR line ends, tabs in the indentation); the caller then parses the
 * whole document.
 */
export interface TaskLayout {
  /** Offset of `tasks` in the `tasks:` key line. */
  keyOffset: number;
  /** Column of the items' dashes. */
  dashColumn: number;
  /** Start of the first item's line. */
  regionStart: number;
  /** End of the region: the start of the first line after it that is not blank or a comment (or the text end). */
  regionEnd: number;
  /** Start offset of every item's line, ascending; the first is `regionStart`. */
  itemStarts: number[];
}

const SPACE = 32;
const HASH = 35;
const DASH = 45;

interface Line {
  start: number;
  end: number;
  /** Indentation, or -1 for a blank or comment-only line. */
  indent: number;
}

/** Finds the `tasks:` items region of a sprint file. */
export function layoutTasks(text: string): TaskLayout | undefined {
  if (text.includes('\r')) return undefined;
  const key = findTasksKey(text);
  if (!key) return undefined;
  const first = nextContentLine(text, key.lineEnd + 1);
  if (!first || first.indent < key.indent || !isDashAt(text, first.start + first.indent, first.end)) return undefined;
  const dashColumn = first.indent;
  const itemStarts = [first.start];
  // Blank and comment lines after the last item stay in the region: `yaml` lets them extend
  // the last item's range, so its chunk must see them too.
  let regionEnd = text.length;
  for (let start = lineEndPlusNewline(text, first.end); start < text.length;) {
    const line = readLine(text, start);
    start = line.end + 1;
    if (line.indent < 0 || line.indent > dashColumn) continue;
    if (line.indent < dashColumn || !isDashAt(text, line.start + line.indent, line.end)) {
      // Deeper than `tasks:` yet not an item: YAML would read it as part of the tasks value.
      if (line.indent > key.indent) return undefined;
      regionEnd = line.start;
      break;
    }
    itemStarts.push(line.start);
  }
  return { keyOffset: key.offset, dashColumn, regionStart: first.start, regionEnd, itemStarts };
}

/** The least-indented `tasks:` line with nothing after the colon but a comment. */
function findTasksKey(text: string): { offset: number; indent: number; lineEnd: number } | undefined {
  let best: { offset: number; indent: number; lineEnd: number } | undefined;
  for (let start = 0; start < text.length;) {
    const line = readLine(text, start);
    start = line.end + 1;
    const at = line.start + line.indent;
    if (line.indent <= 0 || (best && line.indent >= best.indent) || !text.startsWith('tasks:', at)) continue;
    let j = at + 6;
    while (j < line.end && text.charCodeAt(j) === SPACE) j++;
    if (j < line.end && (text.charCodeAt(j) !== HASH || j === at + 6)) continue;
    best = { offset: at, indent: line.indent, lineEnd: line.end };
  }
  return best;
}

function readLine(text: string, start: number): Line {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  let i = start;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return { start, end, indent: i === end || text.charCodeAt(i) === HASH ? -1 : i - start };
}

function nextContentLine(text: string, from: number): Line | undefined {
  for (let start = from; start < text.length;) {
    const line = readLine(text, start);
    if (line.indent >= 0) return line;
    start = line.end + 1;
  }
  return undefined;
}

function isDashAt(text: string, pos: number, lineEnd: number): boolean {
  return text.charCodeAt(pos) === DASH && (pos + 1 === lineEnd || text.charCodeAt(pos + 1) === SPACE);
}

function lineEndPlusNewline(text: string, end: number): number {
  return end < text.length ? end + 1 : end;
}

/** A layout updated for an edit: new items `[from, from + added)` replaced old `[from, from + removed)`. */
export interface LayoutEdit {
  layout: TaskLayout;
  from: number;
  removed: number;
  added: number;
}

/**
 * The layout of `text` after `change` to `before`, whose layout was `previous`, found by
 * reading only the lines the change touched; undefined when the change reaches outside the
 * task items or alters the shape the layout depends on (the caller then lays out the whole
 * text). Equal to `layoutTasks(text)` whenever it answers: lines inside the region only ever
 * continue an item or start one, so the `tasks:` key, the region's ends and every untouched
 * item stay where they were, shifted by the change's length.
 */
export function relayoutTasks(previous: TaskLayout, before: string, text: string, change: { start: number; oldEnd: number; newEnd: number }): LayoutEdit | undefined {
  const { regionStart, regionEnd, dashColumn, itemStarts } = previous;
  if (change.start < regionStart) return undefined;
  // The old lines the change touched must all lie inside the region.
  const oldLineEnd = lineEndAt(before, change.oldEnd);
  if (oldLineEnd >= regionEnd && regionEnd !== before.length) return undefined;
  if (text.slice(change.start, change.newEnd).includes('\r')) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const lineStart = before.lastIndexOf('\n', change.start - 1) + 1;
  const newLineEnd = oldLineEnd + delta;
  // The touched lines, read again: each must continue an item or start one.
  const starts: number[] = [];
  for (let start = lineStart; ;) {
    const line = readLine(text, start);
    if (line.indent === dashColumn && isDashAt(text, line.start + line.indent, line.end)) starts.push(line.start);
    else if (line.indent >= 0 && line.indent <= dashColumn) return undefined;
    if (line.end >= newLineEnd) break;
    start = line.end + 1;
  }
  if (lineStart === regionStart && starts[0] !== regionStart) return undefined;
  const firstTouched = lowerBound(itemStarts, lineStart);
  const afterTouched = lowerBound(itemStarts, oldLineEnd + 1);
  const next = itemStarts.slice(0, firstTouched);
  for (const start of starts) next.push(start);
  for (let i = afterTouched; i < itemStarts.length; i++) next.push(itemStarts[i]! + delta);
  // The item before the touched lines changes too, unless its end (an item start) stayed put.
  const from = starts[0] === lineStart && itemStarts[firstTouched] === lineStart ? firstTouched : firstTouched - 1;
  return {
    layout: { keyOffset: previous.keyOffset, dashColumn, regionStart, regionEnd: regionEnd + delta, itemStarts: next },
    from,
    removed: afterTouched - from,
    added: firstTouched - from + starts.length,
  };
}

/** The offset of the newline ending the line that holds `offset`, or the text's length. */
function lineEndAt(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

/** The first index whose value is >= `value` in an ascending list. */
function lowerBound(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
