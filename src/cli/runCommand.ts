import type { Command } from './command';
import { runSession } from './runSession';
import { UsageError } from './usageError';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a sprint: every task in its own git worktree, as parallel as the graph allows',
  description: 'Validates the workspace (refusing to run with errors), then runs every task of the sprint with its agent in its own git worktree, as many at once as dependencies and capacities allow. Ctrl-C stops cleanly; `baton resume` carries on. The run survives crashes: resume after a kill loses and repeats nothing.',
  positionals: [{ name: 'sprint', description: 'The sprint id.' }, DIR_POSITIONAL],
  options: {
    'max-parallel': { type: 'string', valueName: 'N', description: 'Agents running at once (default: the sprint\'s max_concurrent, settings.max_parallel_agents, or 4).' },
    json: { type: 'boolean', description: 'Print every event as a JSON line, then a summary line.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['run sprint-3', 'run ecommerce-platform examples/ecommerce --max-parallel 8', 'run sprint-3 --json > events.jsonl'],
  notes: ['Exit codes: 0 the sprint completed; 1 it stopped with failed or blocked tasks (each named with its reason), was cancelled, or the workspace has errors; 2 usage or setup problems; 130 paused by Ctrl-C.'],
  async run(ctx) {
    const raw = ctx.args.option('max-parallel');
    let maxParallel: number | undefined;
    if (raw !== undefined) {
      maxParallel = Number(raw);
      if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(maxParallel) || maxParallel < 1) throw new UsageError(`Expected \`--max-parallel\` to be an integer >= 1, got \`${raw}\``);
    }
    return runSession(ctx, { kind: 'start', sprintId: ctx.args.positional('sprint')!, ...(maxParallel !== undefined ? { maxParallel } : {}) });
  },
};
