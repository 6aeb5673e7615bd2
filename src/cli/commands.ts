import type { Command } from './command';
import { planCommand } from './planCommand';
import { validateCommand } from './validateCommand';

/**
 * Every `baton` subcommand, in the order `baton --help` lists them. To add one: write
 * `src/cli/<name>Command.ts` exporting a {@link Command}, and add it here; help, parsing,
 * `baton help <name>` and the did-you-mean for typos come with it.
 */
export const COMMANDS: readonly Command[] = [validateCommand, planCommand];

/** The command with this name, or undefined. */
export function findCommand(name: string, commands: readonly Command[] = COMMANDS): Command | undefined {
  return commands.find((c) => c.name === name);
}
