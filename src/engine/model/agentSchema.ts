import { z } from 'zod';
import { commandLine, commaList } from './common';

export const RUNNER_KINDS = ['claude-code', 'codex', 'gemini', 'aider', 'command', 'script'] as const;
export const runnerKind = z.enum(RUNNER_KINDS).describe('How the agent runs (default claude-code).');
export type RunnerKind = z.infer<typeof runnerKind>;

/**
 * Claude Code's subagent frontmatter. Baton does not own these keys, so their types are kept
 * permissive: a library file that Claude Code accepts must load here too.
 */
export const claudeCodeKeys = {
  name: z.string().min(1).describe('Unique agent name; tasks and teams refer to it.'),
  description: z.string().optional().describe('When to use this agent (Claude Code requires it).'),
  tools: commaList.optional().describe('Allowed tools, a comma list or a YAML list; all tools when omitted.'),
  disallowedTools: commaList.optional(),
  model: z.string().optional().describe('Model alias (sonnet, opus, haiku, inherit) or a full model id.'),
  permissionMode: z.string().optional(),
  maxTurns: z.number().int().optional(),
  skills: commaList.optional(),
  mcpServers: z.unknown().optional(),
  hooks: z.unknown().optional(),
  memory: z.unknown().optional(),
  background: z.boolean().optional(),
  isolation: z.string().optional(),
  color: z.string().optional(),
  disabled: z.boolean().optional(),
};

/** Keys Baton adds to the frontmatter. */
export const batonAgentKeys = {
  runner: runnerKind.optional(),
  command: commandLine.optional().describe('For `runner: command`: argv template with {prompt_file}, {task_id}, {worktree}.'),
  script: z.string().optional().describe('For `runner: script`: path relative to the workspace root, run in the worktree.'),
  owns: z.array(z.string()).optional().describe('Globs this agent may change; changes elsewhere are rolled back.'),
  forbidden: z.array(z.string()).optional().describe('Globs this agent must never change.'),
  role: z.string().optional().describe('Free-text role, used in prompts and views.'),
  specialties: z.array(z.string()).optional(),
  timeout: z.number().positive().optional().describe('Seconds before an attempt is stopped.'),
  env: z.array(z.string()).optional().describe('Extra environment variable names passed through to the agent.'),
};

export const BATON_AGENT_KEY_NAMES: ReadonlySet<string> = new Set(Object.keys(batonAgentKeys));

/**
 * `.claude/agents/**.md` frontmatter. Unknown keys are allowed here (Claude Code adds keys over
 * time); the loader warns about them instead.
 */
export const agentFrontmatterSchema = z
  .looseObject({ ...claudeCodeKeys, ...batonAgentKeys })
  .describe('Agent frontmatter (Claude Code subagent format plus Baton keys)');

export const KNOWN_AGENT_KEYS: ReadonlySet<string> = new Set([...Object.keys(claudeCodeKeys), ...Object.keys(batonAgentKeys)]);

export type AgentFrontmatter = z.infer<typeof agentFrontmatterSchema>;
