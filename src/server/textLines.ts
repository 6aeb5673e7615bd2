import type { Position, Range } from 'vscode-languageserver';
import type { SourceRange } from '../engine/model/diagnostic';

/** Line starts of a text, for turning LSP positions into offsets and back. */
export class TextLines {
  readonly #starts: number[];

  constructor(readonly text: string) {
    this.#starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  /** The line's text without its line break. */
  line(n: number): string {
    const start = this.#starts[n];
    if (start === undefined) return '';
    const next = this.#starts[n + 1];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end > start && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  }

  offsetAt(position: Position): number {
    const start = this.#starts[Math.max(0, Math.min(position.line, this.#starts.length - 1))]!;
    return Math.min(start + Math.max(0, position.character), this.text.length);
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.#starts[low]! };
  }

  /** The text a 1-based source range covers. */
  slice(range: SourceRange): string {
    return this.text.slice(this.offsetAt(toLspRange(range).start), this.offsetAt(toLspRange(range).end));
  }
}

/** Our 1-based, end-exclusive ranges to LSP's 0-based positions. */
export function toLspRange(r: SourceRange): Range {
  return { start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.endLine - 1, character: r.endColumn - 1 } };
}

/** An LSP position to a 1-based zero-width source range. */
export function fromLspPosition(p: Position): SourceRange {
  return { line: p.line + 1, column: p.character + 1, endLine: p.line + 1, endColumn: p.character + 1 };
}

/** Whether `p` lies within `r` (ends included, so a cursor just after a word counts). */
export function rangeContains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}
