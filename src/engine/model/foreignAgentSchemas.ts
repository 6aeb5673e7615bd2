import { z } from 'zod';
import { batonAgentKeys } from './agentSchema';
import { commaList } from './common';

/**
 * VS Code's custom agents (`.github/agents/*.agent.md`, formerly chat modes): YAML frontmatter
 * plus a markdown body. Every field is optional; `name` defaults to the file name. Baton's own
 * keys (`runner`, `owns`, …) may be added. VS Code owns its keys: Baton never errors on them.
 */
export const vscodeAgentKeys = {
  name: z.string().min(1).optional().describe('Agent name (default: the file name without `.agent.md`).'),
  description: z.string().optional(),
  tools: commaList.optional().describe("VS Code tool names or tool sets (`read`, `search`, `edit`, `runCommands`, `fetch`, MCP `server/*`); Baton maps the built-in ones onto Claude Code's tools."),
  model: z.union([z.string(), z.array(z.string())]).optional().describe('A model id (passed to the runner) or VS Code model names (no effect in Baton).'),
  target: z.enum(['vscode', 'github-copilot']).optional(),
  'argument-hint': z.string().optional(),
  handoffs: z.array(z.looseObject({ label: z.string(), agent: z.string(), prompt: z.string().optional(), send: z.boolean().optional(), model: z.string().optional() })).optional(),
  'user-invocable': z.boolean().optional(),
  'disable-model-invocation': z.boolean().optional(),
  agents: z.union([z.array(z.string()), z.string()]).optional(),
  'mcp-servers': z.unknown().optional(),
  metadata: z.unknown().optional(),
  hooks: z.unknown().optional(),
  infer: z.boolean().optional(),
  permissionMode: z.string().optional().describe("Claude Code's permission mode, as in `.claude/agents` files (Baton key here)."),
};

export const vscodeAgentSchema = z.looseObject({ ...vscodeAgentKeys, ...batonAgentKeys }).describe('VS Code custom agent frontmatter (.github/agents/*.agent.md) plus Baton keys');

/** Codex's sandbox modes as Claude Code permission modes (what Baton's runners read). */
export const CODEX_SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;

/**
 * Codex's custom agents (`.codex/agents/<name>.toml`): `name`, `description` and
 * `developer_instructions` are required; the rest optional. Baton's own keys may be added.
 */
export const codexAgentKeys = {
  name: z.string().min(1).describe('Agent name: the spawn identifier Codex uses.'),
  description: z.string().describe('When to use this agent.'),
  developer_instructions: z.string().describe("The agent's instructions (the markdown body of a Claude Code agent)."),
  model: z.string().optional(),
  model_reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).optional(),
  sandbox_mode: z.enum(CODEX_SANDBOX_MODES).optional(),
  nickname_candidates: z.array(z.string()).optional(),
  mcp_servers: z.unknown().optional(),
  web_search: z.unknown().optional(),
  skills: z.unknown().optional(),
};

export const codexAgentSchema = z.looseObject({ ...codexAgentKeys, ...batonAgentKeys }).describe('Codex custom agent (.codex/agents/*.toml) plus Baton keys');

export const KNOWN_VSCODE_AGENT_KEYS: ReadonlySet<string> = new Set([...Object.keys(vscodeAgentKeys), ...Object.keys(batonAgentKeys)]);
export const KNOWN_CODEX_AGENT_KEYS: ReadonlySet<string> = new Set([...Object.keys(codexAgentKeys), ...Object.keys(batonAgentKeys)]);
