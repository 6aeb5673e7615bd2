import type { AgentRunner, ProcessPlan, RunnerInput } from './agentRunner';
import { lastLines, settleResult, type AgentResult, type StreamClaim, type TokenUsage } from './agentResult';
import type { ProcessExit } from './agentProcess';
import { claudeAttachment } from './mcpAttachment';
import { numberField, parseJsonLines, recordField, stringField, type JsonRecord } from './jsonLines';
import { describeDenials, toolBaseName } from './toolDenials';

/**
 * Without a `permissionMode`, an agent may edit files in its own worktree without asking: in
 * `-p` mode nobody can answer a prompt, so Claude Code's default mode denies every write and the
 * agent changes nothing. Its Bash commands still need `tools:` / `permissionMode` to be allowed.
 */
export const CLAUDE_DEFAULT_PERMISSION_MODE = 'acceptEdits';

/**
 * Claude Code (`claude -p`), reading the prompt from stdin and reporting as stream-json. The
 * agent's frontmatter maps onto the CLI's own flags, so a subagent file behaves as it would
 * inside Claude Code; its body becomes the appended system prompt.
 *
 * `tools:` both restricts (`--tools`: the built-in tools the agent has at all) and pre-approves
 * (`--allowedTools`, which also takes patterns such as `Bash(npm test)`); `--allowedTools` alone
 * would leave every other tool available.
 */
export const claudeCodeRunner: AgentRunner = {
  kind: 'claude-code',
  deliversInstructions: true,
  // ~/.claude.json: login and per-project state; ~/.claude: settings, credentials, sessions.
  homeState: ['.claude.json', '.claude'],
  cli: {
    displayName: 'Claude Code',
    command: 'claude',
    npmPackage: '@anthropic-ai/claude-code',
    minimumVersion: '2.1.0',
    testedVersion: '2.1.332',
    auth: {
      variables: [['ANTHROPIC_API_KEY'], ['ANTHROPIC_AUTH_TOKEN'], ['CLAUDE_CODE_OAUTH_TOKEN'], ['CLAUDE_CODE_USE_BEDROCK'], ['CLAUDE_CODE_USE_VERTEX'], ['CLAUDE_CODE_USE_FOUNDRY']],
      loginFiles: ['.claude/.credentials.json'],
      hint: 'set ANTHROPIC_API_KEY (or CLAUDE_CODE_USE_BEDROCK / CLAUDE_CODE_USE_VERTEX), or log in once with `claude`',
    },
  },
  resumesSessions: true,
  prepare: prepareClaude,
  interpret: interpretClaude,
};

function prepareClaude(input: RunnerInput): ProcessPlan {
  const { agent } = input;
  // --verbose is required with -p for stream-json to include every event.
  const args = ['-p', '--output-format', 'stream-json', '--verbose'];
  if (agent.model && agent.model !== 'inherit') args.push('--model', agent.model);
  if (agent.tools.length) {
    // --tools takes built-in tool names only: `Bash(npm test)` restricts to Bash, MCP tools stay MCP's.
    const builtIn = [...new Set(agent.tools.filter((t) => !t.startsWith('mcp__')).map(toolBaseName))];
    args.push('--tools', builtIn.join(','), '--allowedTools', agent.tools.join(','));
  }
  if (agent.disallowedTools.length) args.push('--disallowedTools', agent.disallowedTools.join(','));
  args.push('--permission-mode', permissionModeOf(agent.frontmatter.permissionMode));
  const maxTurns = agent.frontmatter.maxTurns;
  if (typeof maxTurns === 'number' && Number.isInteger(maxTurns) && maxTurns > 0) args.push('--max-turns', String(maxTurns));
  if (agent.body.trim()) args.push('--append-system-prompt', agent.body.trim());
  const team = claudeAttachment(agent, input.mcp, input.resumeSession);
  return {
    command: input.executable ?? 'claude', args: [...args, ...team.args], stdin: input.prompt,
    ...(team.files.length ? { files: team.files } : {}),
    ...(agent.model && agent.model !== 'inherit' ? { model: agent.model } : {}),
    failure: {
      authFailure: /not logged in|invalid api key|please run \/login|authentication_error|x-api-key|401\b/i,
      authReason: `no API key for claude-code: ${claudeCodeRunner.cli!.auth.hint}`,
    },
  };
}

function permissionModeOf(value: unknown): string {
  return typeof value === 'string' && value.trim() ? value.trim() : CLAUDE_DEFAULT_PERMISSION_MODE;
}

function interpretClaude(exit: ProcessExit, output: string, resultFileContent: string | undefined, plan?: ProcessPlan): AgentResult {
  return settleResult(exit, readClaudeStream(parseJsonLines(output)), resultFileContent, lastLines(exit.outputTail), plan?.failure);
}

/** Reads `system` / `assistant` / `user` / `result` events; unknown events and fields are ignored. */
export function readClaudeStream(events: JsonRecord[]): StreamClaim {
  const claim: StreamClaim = {};
  let lastAssistantText: string | undefined;
  let result: JsonRecord | undefined;
  const missingTools: string[] = [];
  for (const event of events) {
    const sessionId = stringField(event, 'session_id');
    if (sessionId) claim.sessionId = sessionId;
    if (event.type === 'assistant') lastAssistantText = assistantText(event) ?? lastAssistantText;
    if (event.type === 'user') missingTools.push(...unavailableTools(event));
    if (event.type === 'system' && event.subtype === 'init') claim.model = stringField(event, 'model') ?? claim.model;
    if (event.type === 'system' && event.subtype === 'api_retry') claim.retryAfterMs = numberField(event, 'retry_delay_ms') ?? claim.retryAfterMs;
    if (event.type === 'result') result = event;
  }
  if (lastAssistantText) claim.summary = lastAssistantText;
  const denied = describeDenials('Claude Code', result ? permissionDenials(result) : [], missingTools);
  if (denied) claim.denied = denied;
  if (!result) return claim;
  const subtype = stringField(result, 'subtype');
  const failed = result.is_error === true || (subtype !== undefined && subtype !== 'success');
  const text = stringField(result, 'result')?.trim();
  claim.status = failed ? 'failure' : 'success';
  if (text) claim.summary = text;
  if (failed) claim.error = text || describeSubtype(subtype, result);
  claim.costUsd = numberField(result, 'total_cost_usd') ?? numberField(result, 'cost_usd');
  const usage = readUsage(result);
  if (usage) claim.usage = usage;
  claim.model = mainModel(recordField(result, 'modelUsage')) ?? claim.model;
  return claim;
}

/** `usage` of the result: input, output, and the cache reads and writes Claude bills apart. */
function readUsage(result: JsonRecord): TokenUsage | undefined {
  const usage = recordField(result, 'usage');
  if (!usage) return undefined;
  return {
    inputTokens: numberField(usage, 'input_tokens'),
    outputTokens: numberField(usage, 'output_tokens'),
    cacheReadTokens: numberField(usage, 'cache_read_input_tokens'),
    cacheWriteTokens: numberField(usage, 'cache_creation_input_tokens'),
  };
}

/** The model of `modelUsage` that cost the most (Claude Code also calls small models on the side). */
function mainModel(modelUsage: JsonRecord | undefined): string | undefined {
  if (!modelUsage) return undefined;
  let best: { name: string; weight: number } | undefined;
  for (const [name, value] of Object.entries(modelUsage)) {
    const entry = typeof value === 'object' && value !== null ? (value as JsonRecord) : undefined;
    const weight = numberField(entry, 'costUSD') ?? numberField(entry, 'outputTokens') ?? 0;
    if (!best || weight > best.weight) best = { name, weight };
  }
  return best?.name;
}

/** `permission_denials` of the result: each tool the CLI refused, with what it was for. */
function permissionDenials(result: JsonRecord): { tool: string; target?: string }[] {
  const list = result.permission_denials;
  if (!Array.isArray(list)) return [];
  return list.filter((d): d is JsonRecord => typeof d === 'object' && d !== null).map((d) => {
    const input = recordField(d, 'tool_input');
    const target = stringField(input, 'file_path') ?? stringField(input, 'command') ?? stringField(input, 'path');
    return { tool: stringField(d, 'tool_name') ?? 'a tool', ...(target ? { target } : {}) };
  });
}

/** Tools the model asked for that the agent does not have (`tools:` left them out). */
function unavailableTools(event: JsonRecord): string[] {
  const content = recordField(event, 'message')?.content;
  if (!Array.isArray(content)) return [];
  const names: string[] = [];
  for (const block of content) {
    const text = typeof block === 'object' && block !== null ? stringField(block as JsonRecord, 'content') : undefined;
    const match = text ? /No such tool available: ([A-Za-z_][\w-]*)/.exec(text) : null;
    if (match) names.push(match[1]!);
  }
  return names;
}

function assistantText(event: JsonRecord): string | undefined {
  const content = recordField(event, 'message')?.content;
  if (!Array.isArray(content)) return undefined;
  const texts = content.filter((block): block is JsonRecord => typeof block === 'object' && block !== null && (block as JsonRecord).type === 'text')
    .map((block) => stringField(block, 'text') ?? '')
    .filter(Boolean);
  return texts.length ? texts.join('\n').trim() : undefined;
}

function describeSubtype(subtype: string | undefined, result: JsonRecord): string {
  if (subtype === 'error_max_turns') return `reached the turn limit (${numberField(result, 'num_turns') ?? '?'} turns)`;
  if (subtype === 'error_during_execution') return 'Claude Code reported an error during execution';
  return subtype ? `Claude Code ended with \`${subtype}\`` : 'Claude Code reported an error';
}
