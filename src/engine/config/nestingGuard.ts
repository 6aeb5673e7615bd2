/**
 * The `yaml` package can abort the whole Node process (a fatal out-of-memory in V8's regexp
 * compiler) on documents nested about a thousand levels deep — `[[[[…` or `- - - - …`.
 * In a language server that is a crash on a keystroke, so such text is refused before it
 * reaches the parser. No real Baton file nests deeper than a dozen levels.
 */
export const MAX_NESTING = 128;

/** The first offset where flow or compact-block nesting passes `limit`, or -1. Quotes and comments are skipped. */
export function excessiveNestingAt(text: string, limit = MAX_NESTING): number {
  return scanNesting(text, startOfText(), limit);
}

/**
 * Where {@link scanNesting} stands between two pieces of one text. Pieces that start on a line
 * start can be scanned one at a time, each from the state the previous one ended in: a big
 * sprint's tasks are checked one chunk at a time, and an unchanged chunk entered in the same
 * state is not scanned again.
 */
export interface NestingState {
  flow: number;
  /** The open quote's character code, or 0. */
  quote: number;
  lineStart: boolean;
  dashes: number;
}

export function startOfText(): NestingState {
  return { flow: 0, quote: 0, lineStart: true, dashes: 0 };
}

export function sameNestingState(a: NestingState, b: NestingState): boolean {
  return a.flow === b.flow && a.quote === b.quote && a.lineStart === b.lineStart && a.dashes === b.dashes;
}

/**
 * Scans `text` from `state`, which it leaves where the text ends; returns the first offset
 * where nesting passes `limit`, or -1. Scanning a text whole or in pieces cut at line starts
 * gives the same answer: the scan looks back one character only after a newline or a space.
 */
export function scanNesting(text: string, state: NestingState, limit = MAX_NESTING): number {
  // Character codes rather than one-character strings: this runs over every keystroke's text,
  // and a 10,000-task sprint is 2 MB.
  let { flow, quote, lineStart, dashes } = state;
  let found = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote !== 0) {
      if (ch === quote && !(quote === DOUBLE_QUOTE && text.charCodeAt(i - 1) === BACKSLASH)) quote = 0;
      continue;
    }
    if (ch === NEWLINE) {
      lineStart = true;
      dashes = 0;
      continue;
    }
    if (lineStart) {
      if (ch === DASH || ch === QUESTION || ch === COLON) {
        if (text.charCodeAt(i + 1) === SPACE && ++dashes > limit) {
          found = i;
          break;
        }
        continue;
      }
      if (ch === SPACE || ch === TAB) continue;
      lineStart = false;
    }
    if (ch === HASH && (i === 0 || isWhitespace(text.charCodeAt(i - 1)))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (ch === DOUBLE_QUOTE || ch === SINGLE_QUOTE) {
      quote = ch;
    } else if (ch === OPEN_BRACKET || ch === OPEN_BRACE) {
      if (++flow > limit) {
        found = i;
        break;
      }
    } else if ((ch === CLOSE_BRACKET || ch === CLOSE_BRACE) && flow > 0) {
      flow--;
    }
  }
  Object.assign(state, { flow, quote, lineStart, dashes });
  return found;
}

const [NEWLINE, TAB, SPACE, DASH, QUESTION, COLON, HASH, DOUBLE_QUOTE, SINGLE_QUOTE, BACKSLASH, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE] =
  [...'\n\t -?:#"\'\\[]{}'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number, number, number, number, number, number, number, number, number, number];

/** Exactly `/\s/` for one character code. */
function isWhitespace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}

/**
 * The offset of the last bracket or quote left open at the end of `text`, or -1. Used to point
 * an "unexpected end of file" error at where the problem starts, not past the last line.
 */
export function lastUnclosedOpener(text: string): number {
  const stack: number[] = [];
  let quoteAt = -1;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote && !(quote === '"' && text[i - 1] === '\\')) quote = undefined;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if ((ch === '"' || ch === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) {
      quote = ch;
      quoteAt = i;
    } else if (ch === '[' || ch === '{') {
      stack.push(i);
    } else if ((ch === ']' || ch === '}') && stack.length) {
      stack.pop();
    }
  }
  if (quote) return quoteAt;
  return stack.length ? stack[stack.length - 1]! : -1;
}
