import type { Command } from './command';
import { answerCommand } from './answerCommand';
import { approveCommand } from './approveCommand';
import { auditCommand } from './auditCommand';
import { cancelCommand } from './cancelCommand';
import { checkCommand } from './checkCommand';
import { doctorCommand } from './doctorCommand';
import { inboxCommand } from './inboxCommand';
import { logsCommand } from './logsCommand';
import { mcpCommand } from './mcpCommand';
import { planCommand } from './planCommand';
import { rejectCommand } from './rejectCommand';
import { resumeCommand } from './resumeCommand';
import { retryCommand } from './retryCommand';
import { reviewCommand } from './reviewCommand';
import { runCommand } from './runCommand';
import { statusCommand } from './statusCommand';
import { validateCommand } from './validateCommand';
import { worktreesCommand } from './worktreesCommand';

/**
 * Every `baton` subcommand, in the order `baton --help` lists them. To add one: write
 * `src/cli/<name>Command.ts` exporting a {@link Command}, and add it here; help, parsing,
 * `baton help <name>` and the did-you-mean for typos come with it.
 */
export const COMMANDS: readonly Command[] = [
  validateCommand, planCommand, checkCommand, runCommand, resumeCommand, retryCommand, statusCommand,
  reviewCommand, approveCommand, rejectCommand, inboxCommand, answerCommand, logsCommand, cancelCommand, worktreesCommand, doctorCommand, mcpCommand, auditCommand,
];

/** The command with this name, or undefined. */
export function findCommand(name: string, commands: readonly Command[] = COMMANDS): Command | undefined {
  return commands.find((c) => c.name === name);
}
