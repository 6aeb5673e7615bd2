import { secretsOf, type Secret } from './secretRules';

/**
 * Replaces the values of the host's secrets with `[redacted:NAME]` wherever the engine writes
 * or prints text: agent logs, journal lines (and so snapshots, handoffs and views), prompt and
 * result files, and every line a front prints. A front builds one from the host environment
 * ({@link Redactor.fromEnv}) and injects it (`EngineHost.redactor`); the engine never reads the
 * environment itself.
 *
 * Each value is also matched in its JSON-escaped form, as it appears inside a journal line.
 * Matching is one pass of one regular expression (the alternation of every value, longest
 * first), measured at ~50 ms for 50 MB of agent output (`bench/redactionBench.ts`).
 *
 * What it cannot catch: a secret the agent transforms (base64, reversed, split over lines with
 * something in between). That is why agents get an allow-listed environment in the first place.
 */
export class Redactor {
  /** A redactor that changes nothing: for fronts and tests with no secrets to hide. */
  static readonly none = new Redactor([]);

  readonly #pattern: RegExp | undefined;
  readonly #names: ReadonlyMap<string, string>;
  readonly #starts: ReadonlySet<string>;
  readonly #prefixes: readonly string[];
  readonly #longest: number;

  constructor(secrets: readonly Secret[]) {
    const names = new Map<string, string>();
    for (const { name, value } of secrets) {
      if (!value) continue;
      if (!names.has(value)) names.set(value, name);
      const escaped = JSON.stringify(value).slice(1, -1);
      if (!names.has(escaped)) names.set(escaped, name);
    }
    const values = [...names.keys()].sort((a, b) => b.length - a.length);
    this.#names = names;
    this.#pattern = values.length ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : undefined;
    this.#starts = new Set(values.map((v) => v[0]!));
    this.#prefixes = values;
    this.#longest = values[0]?.length ?? 0;
  }

  /** The secrets of an environment, by the rules of secretRules.ts. */
  static fromEnv(env: Readonly<Record<string, string | undefined>>): Redactor {
    return new Redactor(secretsOf(env));
  }

  /** False when there is nothing to redact, so callers can skip work. */
  get active(): boolean {
    return this.#pattern !== undefined;
  }

  /** Names of the variables whose values are redacted (never the values), for `--help`-style listings and tests. */
  get names(): string[] {
    return [...new Set(this.#names.values())].sort();
  }

  /** `text` with every secret replaced by `[redacted:NAME]`. */
  redact(text: string): string {
    const pattern = this.#pattern;
    if (!pattern || text.length === 0) return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, (value) => `[redacted:${this.#names.get(value)}]`);
  }

  /** A deep copy of a JSON-like value with every string redacted (unchanged parts are shared). */
  redactValue<T>(value: T): T {
    if (!this.active) return value;
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) {
      const out = value.map((v) => this.#walk(v));
      return out.some((v, i) => v !== value[i]) ? out : value;
    }
    if (typeof value === 'object' && value !== null) {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const r = this.#walk(v);
        if (r !== v) changed = true;
        out[k] = r;
      }
      return changed ? out : value;
    }
    return value;
  }

  /**
   * A redactor for one stream of chunks (an agent's stdout): a secret split across two chunks is
   * still caught, because the end of a chunk that could be the start of a secret is held back
   * until the next chunk (or {@link StreamRedactor.end}) shows whether it is.
   */
  stream(): StreamRedactor {
    return new StreamRedactor(this);
  }

  /**
   * How many characters at the end of `text` could be the beginning of a secret, and must wait
   * for more text before they are let out.
   */
  heldTail(text: string): number {
    const from = Math.max(0, text.length - this.#longest + 1);
    for (let i = from; i < text.length; i++) {
      if (!this.#starts.has(text[i]!)) continue;
      const tail = text.slice(i);
      if (this.#prefixes.some((v) => v.length > tail.length && v.startsWith(tail))) return text.length - i;
    }
    return 0;
  }
}

/** See {@link Redactor.stream}. */
export class StreamRedactor {
  readonly #redactor: Redactor;
  #held = '';

  constructor(redactor: Redactor) {
    this.#redactor = redactor;
  }

  /** The redacted text that is safe to let out now (possibly empty). */
  push(chunk: string): string {
    if (!this.#redactor.active) return chunk;
    const text = this.#redactor.redact(this.#held + chunk);
    const hold = this.#redactor.heldTail(text);
    this.#held = hold ? text.slice(text.length - hold) : '';
    return hold ? text.slice(0, text.length - hold) : text;
  }

  /** Whatever is still held back: the stream ended, so it is not the start of a secret. */
  end(): string {
    const rest = this.#held;
    this.#held = '';
    return rest;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
