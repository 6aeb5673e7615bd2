import type { Command } from './command';
import { runSession } from './runSession';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

export const retryCommand: Command = {
  name: 'retry',
  summary: 'Retry a failed, blocked or cancelled task of the current run, and carry the run on',
  description: 'Reopens the task — and the tasks it had blocked — in the current run, even one that stopped on failures, then runs until the sprint completes or stops again, with the rules the run recorded when it started. Work already done is kept.',
  positionals: [{ name: 'task', description: 'The task id.' }, DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print every event as a JSON line, then a summary line.' },
    'reload-config': { type: 'boolean', description: "Adopt the config files on disk (validated again) when they differ from the rules the run recorded when it started. Without it the run keeps its rules and says which files changed." },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['retry task-oauth'],
  notes: ['Exit codes as for `baton run`.'],
  run: (ctx) => runSession(ctx, { kind: 'resume', retry: [ctx.args.positional('task')!], reloadConfig: ctx.args.flag('reload-config') }),
};
