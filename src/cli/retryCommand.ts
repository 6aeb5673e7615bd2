import type { Command } from './command';
import { runSession } from './runSession';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

export const retryCommand: Command = {
  name: 'retry',
  summary: 'Retry a failed, blocked or cancelled task of the current run, and carry the run on',
  description: 'Reopens the task — and the tasks it had blocked — in the current run, even one that stopped on failures, then runs until the sprint completes or stops again. Work already done is kept.',
  positionals: [{ name: 'task', description: 'The task id.' }, DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print every event as a JSON line, then a summary line.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['retry task-oauth'],
  notes: ['Exit codes as for `baton run`.'],
  run: (ctx) => runSession(ctx, { kind: 'resume', retry: [ctx.args.positional('task')!] }),
};
