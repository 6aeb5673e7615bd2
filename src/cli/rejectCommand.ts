import { deliverDecision } from './approveCommand';
import type { Command } from './command';
import { UsageError } from './usageError';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

export const rejectCommand: Command = {
  name: 'reject',
  summary: 'Request changes on a task waiting for review: it runs again with your comment',
  description: "The task goes back to ready. Its next attempt's prompt carries your comment and the summary of the attempt you reviewed; its worktree keeps that attempt's work, so the agent changes it rather than starting over. Delivered as `baton approve` delivers an approval.",
  positionals: [{ name: 'task', description: 'The task id (`baton review` lists them).' }, DIR_POSITIONAL],
  options: {
    comment: { type: 'string', valueName: 'text', description: 'What to change (required): it goes into the next prompt.' },
    by: { type: 'string', valueName: 'name', description: 'Who asks, for the journal.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['reject task-oauth --comment "Handle expired refresh tokens"'],
  notes: ['Exit codes as for `baton approve`.'],
  run: (ctx) => {
    const comment = ctx.args.option('comment');
    if (!comment?.trim()) throw new UsageError('`baton reject` needs `--comment "…"`: say what to change; it goes into the agent\'s next prompt.');
    return deliverDecision(ctx, { kind: 'request-changes', task: ctx.args.positional('task')!, comment, ...(ctx.args.option('by') ? { by: ctx.args.option('by')! } : {}) }, 'baton reject');
  },
};
