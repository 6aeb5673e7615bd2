import type { Redactor } from '../engine/secrets/redactor';
import type { CliIo } from './cliIo';
import type { Output } from './output';
import type { ParsedArgs } from './parseCommandLine';

/**
 * Exit codes are a contract: scripts and CI key on them.
 * 0: done, nothing wrong (warnings allowed). 1: the workspace has errors (or a plan was refused
 * because of them). 2: Baton could not do what was asked: bad usage, a missing config folder,
 * an unknown sprint, an unexpected failure. 130: a run stopped by Ctrl-C (`baton resume` carries on).
 */
export const ExitCode = { ok: 0, problems: 1, usage: 2, interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One `--flag` of a command. Names are the long form without dashes (`config-root`). */
export interface OptionSpec {
  type: 'boolean' | 'string';
  /** One-letter alias (`h` for `-h`). */
  short?: string;
  /** Placeholder shown in help for string options (`N`, `path`). */
  valueName?: string;
  /** One line for `--help`. */
  description: string;
}

/** One positional argument, in order. Only trailing positionals may be optional. */
export interface PositionalSpec {
  name: string;
  optional?: boolean;
  description: string;
}

/** What a command's `run` gets: parsed arguments, the process adapters and styled outputs. */
export interface CommandContext {
  args: ParsedArgs;
  io: CliIo;
  stdout: Output;
  stderr: Output;
  /** The secrets of the CLI's environment: `stdout` and `stderr` already redact them; the engine gets this one. */
  redactor: Redactor;
}

/**
 * A `baton` subcommand. Everything `--help`, the argument parser and the command list need is
 * data here, so adding a command is one file exporting one of these plus a line in `commands.ts`.
 */
export interface Command {
  name: string;
  /** One line for `baton --help`. */
  summary: string;
  /** Paragraphs for `baton help <name>`, after the usage line. */
  description?: string;
  positionals: readonly PositionalSpec[];
  /** `--help` is added to every command; do not declare it. */
  options: Readonly<Record<string, OptionSpec>>;
  /** Command lines shown under "Examples" (without the leading `baton `). */
  examples?: readonly string[];
  /** Notes shown after the options (exit codes, output format). */
  notes?: readonly string[];
  /** Runs the command and resolves to the exit code. Usage problems throw `UsageError`. */
  run(context: CommandContext): Promise<ExitCode>;
}
