import { z } from 'zod';
import { BYTE_SIZE } from '../util/byteSize';
import { agentRef, commandLine, identifier, positiveInt, worktreeStrategy } from './common';
import { subscription } from './subscriptionSchema';
import { ESTIMATE_UNITS } from '../../shared/estimates';

/** A team member written as an object (seed 003 §9.1). A bare agent name is the same with defaults. */
export const teamMemberObject = z
  .strictObject({
    agent: agentRef,
    capacity: positiveInt.optional().describe('How many tasks this member may run at once (default 1).'),
    specialties: z.array(z.string()).optional().describe('Task types and domains this member is best at; used to pick a member for team-assigned tasks.'),
    role: z.string().optional().describe('Free-text role, shown in views.'),
  })
  .describe('A member: the agent, its capacity and its specialties.');

export const teamMember = z.union([agentRef, teamMemberObject]).describe('A member: a bare agent name, or `{ agent, capacity, specialties }`.');

export const orchestratorObject = z.strictObject({
  agent: agentRef,
  model: z.string().optional().describe('Model alias or id for the orchestrator agent.'),
  max_parallel_agents: positiveInt.optional().describe("Cap on this team's tasks running at once."),
});

export const orchestrator = z.union([agentRef, orchestratorObject]).describe('The team orchestrator: an agent name or `{ agent, model, max_parallel_agents }`.');

export const teamSettings = z.strictObject({
  auto_assign: z.boolean().optional().describe('Assign team tasks to the best-scoring member automatically (default true).'),
  require_review: z.boolean().optional().describe('Every task of this team waits in `review` for a person before it is done.'),
  worktree_strategy: worktreeStrategy.optional(),
  max_parallel_agents: positiveInt.optional().describe("Cap on this team's tasks running at once."),
});

export const team = z.strictObject({
  name: z.string().optional().describe('Display name.'),
  description: z.string().optional(),
  orchestrator: orchestrator.optional(),
  members: z.array(teamMember).describe('The agents of this team.'),
  capabilities: z.array(z.string()).optional().describe('What this team can do (seed 003 §3.1).'),
  subscriptions: z.array(subscription).optional().describe('Events from the cross-team catalogue this team reacts to (seed 000), and what it does about each.'),
  settings: teamSettings.optional(),
  max_parallel_agents: positiveInt.optional().describe("Cap on this team's tasks running at once."),
});

export const worktreeSettings = z.strictObject({
  location: z.string().optional().describe('Folder for worktrees; relative paths are resolved from the workspace root. Default: a sibling folder outside the working tree.'),
  copy: z.array(z.string()).optional().describe('Files copied into every new worktree (e.g. `.env`).'),
  symlink: z.array(z.string()).optional().describe('Folders linked into every new worktree (e.g. `node_modules`).'),
  setup: commandLine.optional().describe('Command run in every new worktree after copy and symlink.'),
  keep_failed: z.boolean().optional().describe('Keep the worktrees of failed tasks for inspection (default true).'),
});

/** How Baton starts one agent CLI. */
export const runnerSettings = z.strictObject({
  executable: z.string().min(1).describe('The CLI to run instead of the one on PATH: a name or a path (relative paths from the workspace root), e.g. `/opt/claude/bin/claude`.'),
});

/** USD per million tokens for one model (cache prices default to the input price). */
export const modelPrice = z.strictObject({
  input: z.number().nonnegative().describe('USD per million uncached input tokens.'),
  output: z.number().nonnegative().describe('USD per million output tokens.'),
  cache_read: z.number().nonnegative().optional().describe('USD per million tokens read from the prompt cache.'),
  cache_write: z.number().nonnegative().optional().describe('USD per million tokens written to the prompt cache.'),
});

export const workspaceSettings = z.strictObject({
  max_parallel_agents: positiveInt.optional().describe('Global cap on agents running at once.'),
  default_runner: z.enum(['claude-code', 'codex', 'gemini', 'aider', 'command', 'script']).optional(),
  base_branch: z.string().optional().describe('Branch sprints start from (default: the current branch).'),
  worktree_strategy: worktreeStrategy.optional(),
  worktrees: worktreeSettings.optional(),
  task_timeout: z.number().positive().optional().describe('Seconds before an agent attempt is stopped (default 3600).'),
  stall_timeout: z.number().positive().optional().describe('Seconds without agent output before an attempt is stopped (default 600).'),
  max_retries: z.number().int().min(0).optional().describe('Retries of a failed attempt before failover (default 2).'),
  runners: z.strictObject({
    'claude-code': runnerSettings.optional(),
    codex: runnerSettings.optional(),
    gemini: runnerSettings.optional(),
    aider: runnerSettings.optional(),
  }).optional().describe('Per agent CLI: how Baton starts it (`executable`).'),
  prices: z.record(z.string().min(1), modelPrice).optional().describe('USD per million tokens by model id (or id prefix), for CLIs that report tokens but no cost; extends and overrides the built-in table.'),
  max_questions_per_task: z.number().int().min(0).optional().describe('Questions the agents of one task may ask (teammates, orchestrators and people together) before `ask` is refused (default 5); bounds question loops and floods.'),
  sandbox: z.enum(['auto', 'required', 'off']).optional().describe(
    'Contain agents and their check commands in a bubblewrap sandbox (Linux): `auto` (default) where `bwrap` works, else a warning and detection only; `required` refuses to run without one; `off` runs them uncontained, with a warning.',
  ),
  max_agent_log_size: z
    .union([z.number().int().min(0), z.string().regex(BYTE_SIZE, { message: 'write a size such as `50MB`, `512KB` or `1GB`' })])
    .optional()
    .describe("Largest agent log (agent.log of each attempt), e.g. `50MB` (default), `200MB`; at least 64KB. Beyond it the log keeps its first and last halves, with a line saying how much of the middle was cut."),
  estimate_unit: z.enum(ESTIMATE_UNITS).optional().describe('The unit of every task `estimate` in the workspace: points (default), hours, minutes or days. The trees, the board, `baton plan` and the plan preview print estimates in it.'),
});

/** `.claude/teams.yaml` */
export const teamsFileSchema = z
  .strictObject({
    teams: z.record(identifier, team).describe('Teams by id.'),
    settings: workspaceSettings.optional().describe('Workspace-wide settings.'),
  })
  .describe('Baton teams file (.claude/teams.yaml)');

export type TeamsFile = z.infer<typeof teamsFileSchema>;
export type TeamFile = z.infer<typeof team>;
export type TeamMemberFile = z.infer<typeof teamMember>;
export type WorkspaceSettingsFile = z.infer<typeof workspaceSettings>;
