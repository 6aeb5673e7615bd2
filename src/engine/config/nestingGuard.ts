/**
 * The `yaml` package can abort the whole Node process (a fatal out-of-memory in V8's regexp
 * compiler) on documents nested about a thousand levels deep — `[[[[…` or `- - - - …`.
 * In a language server that is a crash on a keystroke, so such text is refused before it
 * reaches the parser. No real Baton file nests deeper than a dozen levels.
 */
export const MAX_NESTING = 128;

/** The first offset where flow or compact-block nesting passes `limit`, or -1. Quotes and comments are skipped. */
export function excessiveNestingAt(text: string, limit = MAX_NESTING): number {
  let flow = 0;
  let quote: string | undefined;
  let lineStart = true;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote && !(quote === '"' && text[i - 1] === '\\')) quote = undefined;
      if (ch === '\n' && quote === undefined) lineStart = true;
      continue;
    }
    if (ch === '\n') {
      lineStart = true;
      dashes = 0;
      continue;
    }
    if (lineStart) {
      if (ch === '-' || ch === '?' || ch === ':') {
        if (text[i + 1] === ' ' && ++dashes > limit) return i;
        continue;
      }
      if (ch === ' ' || ch === '\t') continue;
      lineStart = false;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '[' || ch === '{') {
      if (++flow > limit) return i;
    } else if ((ch === ']' || ch === '}') && flow > 0) {
      flow--;
    }
  }
  return -1;
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
