import type { TextSink } from './cliIo';

/**
 * Whether to colour a stream: `FORCE_COLOR` wins (any value but `0`/`false` forces colour on,
 * those two force it off), then `NO_COLOR` (any non-empty value, per no-color.org) and
 * `TERM=dumb` turn it off; otherwise colour only on a terminal, so pipes and files get plain text.
 */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

// Built from a string so the escape character is not a literal control character in a regex.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Text without ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Width of text as the terminal shows it: colour codes take no columns. */
export function visibleWidth(text: string): number {
  // Code points, not UTF-16 units, so `→` and `—` count once.
  return [...stripAnsi(text)].length;
}

type Paint = (text: string) => string;

/** SGR styles that turn into identity functions when colour is off, so callers never branch. */
export class Style {
  readonly enabled: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly yellow: Paint;
  readonly green: Paint;
  readonly cyan: Paint;

  constructor(enabled: boolean) {
    this.enabled = enabled;
    const sgr = (open: number, close: number): Paint => (enabled ? (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`) : (text) => text);
    this.bold = sgr(1, 22);
    this.dim = sgr(2, 22);
    this.red = sgr(31, 39);
    this.yellow = sgr(33, 39);
    this.green = sgr(32, 39);
    this.cyan = sgr(36, 39);
  }
}

/** A stream plus its style: what commands write through. */
export class Output {
  readonly style: Style;
  readonly #sink: TextSink;

  constructor(sink: TextSink, style: Style) {
    this.#sink = sink;
    this.style = style;
  }

  /** Writes one line (a newline is appended). */
  line(text = ''): void {
    this.#sink.write(`${text}\n`);
  }

  /** Writes text as is (terminal control sequences for live views). */
  raw(text: string): void {
    this.#sink.write(text);
  }

  /** Writes each line. */
  lines(texts: readonly string[]): void {
    if (texts.length > 0) this.#sink.write(`${texts.join('\n')}\n`);
  }

  /** Writes a value as one line of compact JSON: the only thing on stdout in `--json` mode. */
  json(value: unknown): void {
    this.#sink.write(`${JSON.stringify(value)}\n`);
  }
}

/** `1 error`, `2 errors`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** A number as people write it: integers as is, fractions to at most two decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Math.round(value * 100) / 100);
}
