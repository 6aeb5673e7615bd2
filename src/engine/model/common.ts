import { z } from 'zod';

/**
 * Ids of tasks, sprints, epics and teams. They become parts of git branch names
 * (`baton/<sprint>/<task>`) and file names, so they exclude whitespace, `..` and git's
 * special characters.
 */
export const identifier = z
  .string()
  .regex(/^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    message: 'use letters, digits, `-`, `_` and `.` only, starting with a letter or digit',
  });

/**
 * A reference to an agent by its `name`. Agent names come from Claude Code's subagent files,
 * which allow more than identifiers, so any non-empty string is accepted here; the resolver
 * checks that the agent exists.
 */
export const agentRef = z.string().min(1).describe('The `name` of an agent in `agents/*.md`.');

/** A list given either as a comma-separated string (Claude Code's `tools: Read, Write`) or a YAML list. */
export const commaList = z.union([z.string(), z.array(z.string())]);

/** A command: one command line (split into arguments, never run through a shell) or an argument list. */
export const commandLine = z
  .union([z.string().min(1), z.array(z.string()).min(1)])
  .describe('A command line (split into arguments, run without a shell) or an argument list.');

export const priority = z
  .enum(['critical', 'high', 'medium', 'low'])
  .describe('Scheduling priority class; among tasks with equal critical path, higher classes go first.');

export const worktreeStrategy = z
  .enum(['task_level', 'sprint_level', 'team_level', 'epic_level'])
  .describe('How worktrees are shared: one per task (default), per sprint, per team or per epic (seed 003 §6).');

export const positiveInt = z.number().int().min(1);

export type Priority = z.infer<typeof priority>;
export type WorktreeStrategy = z.infer<typeof worktreeStrategy>;
