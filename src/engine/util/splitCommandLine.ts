/**
 * Splits a command line into arguments the way a POSIX shell would tokenize it — single and
 * double quotes, backslash escapes — but with no expansion of any kind: no variables, globs,
 * pipes or redirections. Baton never runs commands through a shell.
 *
 * @throws SyntaxError on an unterminated quote.
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) current += line[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inArg = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += ch;
      inArg = true;
    }
  }
  if (quote) throw new SyntaxError(`unterminated ${quote === '"' ? 'double' : 'single'} quote in: ${line}`);
  if (inArg) args.push(current);
  return args;
}

/** A command written as a string or an argument list, as an argument list. */
export function toArgv(command: string | readonly string[]): string[] {
  return typeof command === 'string' ? splitCommandLine(command) : [...command];
}
