import { didYouMeanText } from '../engine/config/didYouMean';
import { Redactor } from '../engine/secrets/redactor';
import { ExitCode, type Command, type CommandContext } from './command';
import { processIo, type CliIo } from './cliIo';
import { COMMANDS, findCommand } from './commands';
import { commandHelp, globalHelp } from './help';
import { Output, Style, colorEnabled } from './output';
import { parseCommandLine } from './parseCommandLine';
import { redactingSink } from './redactingSink';
import { UsageError } from './usageError';
import { userMistake } from './userMistake';
import { readVersion } from './version';

/**
 * Runs `baton` with these arguments (without `node` and the script) and resolves to the exit
 * code; it never calls `process.exit`, so tests run it in-process with a captured {@link CliIo}.
 * Every failure ends as a message on stderr and exit code 2; nothing rejects.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  // Safety: built once from the environment, and every byte either stream gets passes it.
  const redactor = Redactor.fromEnv(io.env);
  const stdout = new Output(redactingSink(io.stdout, redactor), new Style(colorEnabled(io.env, io.isTTY.stdout)));
  const stderr = new Output(redactingSink(io.stderr, redactor), new Style(colorEnabled(io.env, io.isTTY.stderr)));
  const [first, ...rest] = argv;
  if (first === undefined) {
    stderr.lines(globalHelp(COMMANDS, readVersion(), stderr.style));
    return ExitCode.usage;
  }
  if (first === '--help' || first === '-h') return printed(stdout, globalHelp(COMMANDS, readVersion(), stdout.style));
  if (first === '--version' || first === '-v') return printed(stdout, [readVersion()]);
  if (first === 'help') return help(rest, stdout, stderr);

  const command = findCommand(first);
  if (!command) {
    const what = first.startsWith('-') ? `Unknown option \`${first}\`.` : `Unknown command \`${first}\`.${didYouMeanText(first, COMMANDS.map((c) => c.name))}`;
    return usageFailure(stderr, 'baton', what, 'baton --help');
  }
  return runCommand(command, rest, { io, stdout, stderr, redactor });
}

async function runCommand(command: Command, argv: readonly string[], context: Omit<CommandContext, 'args'>): Promise<ExitCode> {
  const { stdout, stderr } = context;
  try {
    const args = parseCommandLine(command, argv);
    if (args === 'help') return printed(stdout, commandHelp(command, stdout.style));
    return await command.run({ ...context, args });
  } catch (error) {
    if (UsageError.is(error)) {
      return usageFailure(stderr, `baton ${command.name}`, error.message, error.showUsageHint ? `baton ${command.name} --help` : undefined);
    }
    const mistake = userMistake(error);
    if (mistake) {
      stderr.line(`${stderr.style.red(`baton ${command.name}:`)} ${mistake}`);
      return ExitCode.usage;
    }
    // A bug, not a user mistake: say so, with the stack for the report.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    stderr.line(`${stderr.style.red('baton ' + command.name + ': internal error')}: ${detail}`);
    return ExitCode.usage;
  }
}

/** `baton help [command]` */
function help(rest: readonly string[], stdout: Output, stderr: Output): ExitCode {
  const [name, ...extra] = rest;
  if (name === undefined) return printed(stdout, globalHelp(COMMANDS, readVersion(), stdout.style));
  if (extra.length > 0) return usageFailure(stderr, 'baton help', `expected one command name, got ${rest.length}.`, 'baton --help');
  const command = findCommand(name);
  if (!command) return usageFailure(stderr, 'baton help', `unknown command \`${name}\`.${didYouMeanText(name, COMMANDS.map((c) => c.name))}`, 'baton --help');
  return printed(stdout, commandHelp(command, stdout.style));
}

function printed(out: Output, lines: string[]): ExitCode {
  out.lines(lines);
  return ExitCode.ok;
}

/** `baton plan: <message>` on stderr, a pointer to the help, exit 2. */
function usageFailure(stderr: Output, who: string, message: string, helpCommand: string | undefined): ExitCode {
  stderr.line(`${stderr.style.red(`${who}:`)} ${message}`);
  if (helpCommand) stderr.line(stderr.style.dim(`Run \`${helpCommand}\` for usage.`));
  return ExitCode.usage;
}
