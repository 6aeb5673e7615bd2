/**
 * The `yaml` package can abort the whole Node process (a fatal out-of-memory in V8's regexp
 * compiler) on documents nested about a thousand levels deep — `[[[[…` or `- - - - …`.
 * In a language server that is a crash on a keystroke, so such text is refused before it
 * reaches the parser. No real Baton file nests deeper than a dozen levels.
 */
export const MAX_NESTING = 128;

/** The first offset where flow or compact-block nesting passes `limit`, or -1. Quotes and comments are skipped. */
export function excessiveNestingAt(text: string, limit = MAX_NESTING): number {
  // Character codes rather than one-character strings: this runs over every keystroke's text,
  // and a 10,000-task sprint is 2 MB.
  let flow = 0;
  let quote = 0;
  let lineStart = true;
  let dashes = 0;
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
        if (text.charCodeAt(i + 1) === SPACE && ++dashes > limit) return i;
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
      if (++flow > limit) return i;
    } else if ((ch === CLOSE_BRACKET || ch === CLOSE_BRACE) && flow > 0) {
      flow--;
    }
  }
  return -1;
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
