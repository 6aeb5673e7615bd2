/** Turns offsets of a text into the `yaml` package's 1-based line and column. */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/** The line starts of every line of `text` that starts in `[from, to)`, ascending. */
export function lineStartsIn(text: string, from = 0, to = text.length): number[] {
  const starts = from === 0 || text.charCodeAt(from - 1) === NEWLINE ? [from] : [];
  for (let i = text.indexOf('\n', from); i >= 0 && i + 1 < to; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A task chunk's own line starts (relative to it), computed once per chunk text. */
export interface ChunkLines {
  /** How many lines start inside the chunk. */
  readonly lineCount: number;
  lineStarts(): readonly number[];
}

/**
 * The line table of a sprint whose tasks were parsed as separate chunks: the head's and the
 * tail's line starts, and per task item its start and the line it starts on. An edit inside one
 * task costs a pass over the items' line counts instead of a scan of the whole text, and the
 * answers are exactly the `yaml` package's `LineCounter.linePos` over the whole text.
 */
export class SprintLines implements LinePositions {
  /** Lines before each item, counting the head's (1-based line of item i = itemLines[i] + 1). */
  readonly #itemLines: Int32Array;
  readonly #linesBeforeTail: number;

  /**
   * @param headStarts line starts before `itemStarts[0]`.
   * @param tailStarts line starts at or after `regionEnd`.
   */
  constructor(
    readonly headStarts: readonly number[],
    readonly itemStarts: readonly number[],
    readonly items: readonly ChunkLines[],
    readonly tailStarts: readonly number[],
  ) {
    this.#itemLines = new Int32Array(items.length);
    let lines = headStarts.length;
    for (let i = 0; i < items.length; i++) {
      this.#itemLines[i] = lines;
      lines += items[i]!.lineCount;
    }
    this.#linesBeforeTail = lines;
  }

  /** The 1-based line the `index`-th item starts on. */
  itemLine(index: number): number | undefined {
    return index >= 0 && index < this.#itemLines.length ? this.#itemLines[index]! + 1 : undefined;
  }

  /** Line: how many lines start at or before `offset`; column: 1 + its distance from the last of them. */
  linePos(offset: number): { line: number; col: number } {
    if (this.tailStarts.length > 0 && offset >= this.tailStarts[0]!) {
      const k = lastAtOrBefore(this.tailStarts, offset);
      return { line: this.#linesBeforeTail + k + 1, col: offset - this.tailStarts[k]! + 1 };
    }
    if (this.items.length === 0 || offset < this.itemStarts[0]!) {
      const k = lastAtOrBefore(this.headStarts, offset);
      return k < 0 ? { line: 0, col: offset } : { line: k + 1, col: offset - this.headStarts[k]! + 1 };
    }
    const i = lastAtOrBefore(this.itemStarts, offset);
    const relative = offset - this.itemStarts[i]!;
    const starts = this.items[i]!.lineStarts();
    const k = lastAtOrBefore(starts, relative);
    return { line: this.#itemLines[i]! + k + 1, col: relative - starts[k]! + 1 };
  }
}

/** The index of the last value <= `value` in an ascending list, or -1. */
function lastAtOrBefore(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

const NEWLINE = 10;
