import type { Command } from './command';
import { runSession } from './runSession';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Carry on the unfinished run after Ctrl-C or a crash',
  description: 'Finds the newest unfinished run and continues it from exactly where it stopped, with the rules (teams.yaml, the sprint, the agents) it recorded when it started. Agents the stopped engine left running are stopped first; work an agent finished is kept, never redone; interrupted attempts are rolled back to their checkpoint and retried. A run whose journal fails verification is not resumed (`baton audit verify` shows why; `baton cancel` ends it).',
  positionals: [DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print every event as a JSON line, then a summary line.' },
    'reload-config': { type: 'boolean', description: "Adopt the config files on disk (validated again) when they differ from the rules the run recorded when it started. Without it the run keeps its rules and says which files changed." },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['resume', 'resume examples/ecommerce', 'resume --reload-config'],
  notes: ['Exit codes as for `baton run`.'],
  run: (ctx) => runSession(ctx, { kind: 'resume', reloadConfig: ctx.args.flag('reload-config') }),
};
