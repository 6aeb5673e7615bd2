import * as path from 'node:path';
import type { RunnerKind } from '../model/agentSchema';
import type { Agent } from '../model/workspace';

/** Baton's MCP server as one attempt (or answer) reaches it: Streamable HTTP on loopback, a bearer token. */
export interface McpAttachment {
  url: string;
  token: string;
  /** A private folder (the attempt's) for the config files a CLI reads. */
  configDir: string;
}

/** A file a runner needs written before the process starts (mode 0600: it holds the token). */
export interface PlanFile {
  path: string;
  content: string;
}

/** What a runner adds to its command line and environment to give the agent Baton's server and, where its CLI can, resume a session. */
export interface AttachmentPlan {
  args: string[];
  env: Record<string, string>;
  files: PlanFile[];
}

/** The server's name in every CLI's config: tools show up as `mcp__baton__ask` (Claude Code), `baton/ask`, … */
export const MCP_SERVER_NAME = 'baton';

/** The environment variables scripts and commands speak MCP with; every runner's agent gets them. */
export function mcpEnvironment(mcp: McpAttachment | undefined): Record<string, string> {
  return mcp ? { BATON_MCP_URL: mcp.url, BATON_MCP_TOKEN: mcp.token } : {};
}

/** Runners whose CLI takes an MCP server configuration (scripts and commands use the environment; Aider speaks no MCP). */
export function speaksMcp(kind: RunnerKind): 'config' | 'environment' | 'no' {
  if (kind === 'claude-code' || kind === 'codex' || kind === 'gemini') return 'config';
  if (kind === 'command' || kind === 'script') return 'environment';
  return 'no';
}

/**
 * Claude Code: `--mcp-config <file>` with the server and its `Authorization` header, strictly
 * (`--strict-mcp-config`: no server from the repository's `.mcp.json` or the user's config sneaks
 * in; the agent's own `mcpServers` objects from its frontmatter are kept), its tools allowed
 * without a prompt (`--allowedTools mcp__baton`), and `--resume <session>` to continue a session.
 */
export function claudeAttachment(agent: Agent, mcp: McpAttachment | undefined, resumeSession: string | undefined): AttachmentPlan {
  const plan: AttachmentPlan = { args: [], env: {}, files: [] };
  if (mcp) {
    const file = path.join(mcp.configDir, 'claude-mcp.json');
    const servers: Record<string, unknown> = { ...ownServers(agent), [MCP_SERVER_NAME]: { type: 'http', url: mcp.url, headers: { Authorization: `Bearer ${mcp.token}` } } };
    plan.files.push({ path: file, content: `${JSON.stringify({ mcpServers: servers }, null, 2)}\n` });
    plan.args.push('--mcp-config', file, '--strict-mcp-config', '--allowedTools', `mcp__${MCP_SERVER_NAME}`);
  }
  if (resumeSession) plan.args.push('--resume', resumeSession);
  return plan;
}

/**
 * Codex: `-c` overrides (nothing written, nothing left behind): the server's `url`, the token
 * read from `BATON_MCP_TOKEN` (Codex refuses inline tokens), and a tool timeout long enough
 * for `wait_for_answer`. `resume <session>` continues a session (`codex exec resume`).
 */
export function codexAttachment(mcp: McpAttachment | undefined): AttachmentPlan {
  const plan: AttachmentPlan = { args: [], env: {}, files: [] };
  if (!mcp) return plan;
  const key = `mcp_servers.${MCP_SERVER_NAME}`;
  plan.args.push('-c', `${key}.url=${JSON.stringify(mcp.url)}`, '-c', `${key}.bearer_token_env_var="BATON_MCP_TOKEN"`, '-c', `${key}.tool_timeout_sec=660`);
  plan.env.BATON_MCP_TOKEN = mcp.token;
  return plan;
}

/**
 * Gemini CLI: a settings file named by `GEMINI_CLI_SYSTEM_SETTINGS_PATH` (its system layer, which
 * wins over the user's and the project's, so nothing is written into the worktree), the server
 * as `httpUrl` with its header, trusted (no confirmation in headless mode).
 */
export function geminiAttachment(mcp: McpAttachment | undefined): AttachmentPlan {
  const plan: AttachmentPlan = { args: [], env: {}, files: [] };
  if (!mcp) return plan;
  const file = path.join(mcp.configDir, 'gemini-settings.json');
  const settings = { mcpServers: { [MCP_SERVER_NAME]: { httpUrl: mcp.url, headers: { Authorization: `Bearer ${mcp.token}` }, trust: true, timeout: 660_000 } } };
  plan.files.push({ path: file, content: `${JSON.stringify(settings, null, 2)}\n` });
  plan.env.GEMINI_CLI_SYSTEM_SETTINGS_PATH = file;
  return plan;
}

/** The agent's own `mcpServers` frontmatter, when it is a map of server objects (Claude Code's inline form). */
function ownServers(agent: Agent): Record<string, unknown> {
  const raw = agent.frontmatter.mcpServers;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter(([name, v]) => name !== MCP_SERVER_NAME && typeof v === 'object' && v !== null && !Array.isArray(v)));
}
