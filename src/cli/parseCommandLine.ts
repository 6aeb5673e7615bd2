import { parseArgs } from 'node:util';
import { didYouMeanText } from '../engine/config/didYouMean';
import type { Command, OptionSpec } from './command';
import { UsageError } from './usageError';

/** Every command accepts `--help` / `-h`. */
export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

/** A command line that passed the command's option and positional specs. */
export class ParsedArgs {
  readonly #values: ReadonlyMap<string, string | true>;
  readonly #positionals: ReadonlyMap<string, string>;

  constructor(values: ReadonlyMap<string, string | true>, positionals: ReadonlyMap<string, string>) {
    this.#values = values;
    this.#positionals = positionals;
  }

  /** Whether a boolean option was given. */
  flag(name: string): boolean {
    return this.#values.get(name) === true;
  }

  /** A string option's value (the last one wins when repeated), or undefined. */
  option(name: string): string | undefined {
    const value = this.#values.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  /** A positional by its spec name, or undefined when an optional one was left out. */
  positional(name: string): string | undefined {
    return this.#positionals.get(name);
  }
}

/**
 * Parses a command's arguments with `node:util` `parseArgs`, strictly: unknown options, values
 * on boolean flags, missing values and extra positionals are usage errors. The checks run on
 * parseArgs' tokens rather than through its own strict mode so the messages can name the flag,
 * suggest the closest known one and let `--workers -1` reach the command's range check.
 * Returns `'help'` when `--help` appears anywhere before `--`, even next to mistakes.
 */
export function parseCommandLine(command: Command, argv: readonly string[]): ParsedArgs | 'help' {
  const specs: Record<string, OptionSpec> = { ...command.options, help: HELP_OPTION };
  const { tokens } = parseArgs({ args: [...argv], options: toParseArgsOptions(specs), strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return 'help';

  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    if (!spec) throw unknownOption(command, token.rawName, specs);
    values.set(token.name, optionValue(token.rawName, token.name, spec, token.value, token.inlineValue));
  }
  return new ParsedArgs(values, assignPositionals(command, positionals));
}

function toParseArgsOptions(specs: Record<string, OptionSpec>): Record<string, { type: 'boolean' | 'string'; short?: string }> {
  const out: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  return out;
}

function unknownOption(command: Command, rawName: string, specs: Record<string, OptionSpec>): UsageError {
  const known = Object.entries(specs).flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]);
  const hint = didYouMeanText(rawName, known) || ` \`baton ${command.name}\` takes ${known.filter((k) => k.startsWith('--')).map((k) => `\`${k}\``).join(', ')}.`;
  return new UsageError(`Unknown option \`${rawName}\`.${hint}`);
}

function optionValue(rawName: string, name: string, spec: OptionSpec, value: string | undefined, inline: boolean | undefined): string | true {
  if (spec.type === 'boolean') {
    if (value !== undefined) throw new UsageError(`Option \`${rawName}\` takes no value; write \`${rawName}\` alone.`);
    return true;
  }
  // parseArgs' loose mode takes the next argument even when it is another flag; a negative
  // number is the one dash-led value worth passing on (its range check explains the problem).
  if (value === undefined || (!inline && value.startsWith('-') && !/^-\d/.test(value))) {
    throw new UsageError(`Option \`--${name}\` needs a value: \`--${name} ${spec.valueName ?? '<value>'}\`.`);
  }
  return value;
}

function assignPositionals(command: Command, given: readonly string[]): Map<string, string> {
  const specs = command.positionals;
  if (given.length > specs.length) {
    const extra = given.slice(specs.length).map((g) => `\`${g}\``).join(' ');
    const takes = specs.length === 0 ? 'takes no arguments' : `takes ${specs.map(positionalLabel).join(' ')}`;
    throw new UsageError(`Unexpected argument ${extra}: \`baton ${command.name}\` ${takes}.`);
  }
  const missing = specs.find((s, i) => !s.optional && i >= given.length);
  if (missing) throw new UsageError(`Missing ${positionalLabel(missing)}: ${missing.description}`);
  return new Map(given.map((value, i) => [specs[i]!.name, value]));
}

/** `<sprint-id>` for required positionals, `[dir]` for optional ones. */
export function positionalLabel(spec: { name: string; optional?: boolean }): string {
  return spec.optional ? `[${spec.name}]` : `<${spec.name}>`;
}
