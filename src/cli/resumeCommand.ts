import type { Command } from './command';
import { runSession } from './runSession';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Carry on the unfinished run after Ctrl-C or a crash',
  description: 'Finds the newest unfinished run and continues it from exactly where it stopped. Agents the stopped engine left running are stopped first; work an agent finished is kept, never redone; interrupted attempts are rolled back to their checkpoint and retried.',
  positionals: [DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print every event as a JSON line, then a summary line.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['resume', 'resume examples/ecommerce'],
  notes: ['Exit codes as for `baton run`.'],
  run: (ctx) => runSession(ctx, { kind: 'resume' }),
};
