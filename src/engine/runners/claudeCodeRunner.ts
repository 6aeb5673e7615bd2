import type { AgentRunner, ProcessPlan, RunnerInput } from './agentRunner';
import { lastLines, settleResult, type AgentResult, type StreamClaim } from './agentResult';
import type { ProcessExit } from './agentProcess';
import { numberField, parseJsonLines, recordField, stringField, type JsonRecord } from './jsonLines';

/**
 * Claude Code (`claude -p`), reading the prompt from stdin and reporting as stream-json. The
 * agent's frontmatter maps onto the CLI's own flags, so a subagent file behaves as it would
 * inside Claude Code; its body becomes the appended system prompt.
 */
export const claudeCodeRunner: AgentRunner = {
  kind: 'claude-code',
  deliversInstructions: true,
  prepare: prepareClaude,
  interpret: interpretClaude,
};

function prepareClaude(input: RunnerInput): ProcessPlan {
  const { agent } = input;
  // --verbose is required with -p for stream-json to include every event.
  const args = ['-p', '--output-format', 'stream-json', '--verbose'];
  if (agent.model && agent.model !== 'inherit') args.push('--model', agent.model);
  if (agent.tools.length) args.push('--allowedTools', agent.tools.join(','));
  if (agent.disallowedTools.length) args.push('--disallowedTools', agent.disallowedTools.join(','));
  const permissionMode = agent.frontmatter.permissionMode;
  if (typeof permissionMode === 'string' && permissionMode.trim()) args.push('--permission-mode', permissionMode.trim());
  const maxTurns = agent.frontmatter.maxTurns;
  if (typeof maxTurns === 'number' && Number.isInteger(maxTurns) && maxTurns > 0) args.push('--max-turns', String(maxTurns));
  if (agent.body.trim()) args.push('--append-system-prompt', agent.body.trim());
  return { command: input.executable ?? 'claude', args, stdin: input.prompt };
}

function interpretClaude(exit: ProcessExit, output: string, resultFileContent: string | undefined): AgentResult {
  return settleResult(exit, readClaudeStream(parseJsonLines(output)), resultFileContent, lastLines(exit.outputTail));
}

/** Reads `system` / `assistant` / `user` / `result` events; unknown events and fields are ignored. */
function readClaudeStream(events: JsonRecord[]): StreamClaim {
  const claim: StreamClaim = {};
  let lastAssistantText: string | undefined;
  let result: JsonRecord | undefined;
  for (const event of events) {
    const sessionId = stringField(event, 'session_id');
    if (sessionId) claim.sessionId = sessionId;
    if (event.type === 'assistant') lastAssistantText = assistantText(event) ?? lastAssistantText;
    if (event.type === 'result') result = event;
  }
  if (lastAssistantText) claim.summary = lastAssistantText;
  if (!result) return claim;
  const subtype = stringField(result, 'subtype');
  const failed = result.is_error === true || (subtype !== undefined && subtype !== 'success');
  const text = stringField(result, 'result')?.trim();
  claim.status = failed ? 'failure' : 'success';
  if (text) claim.summary = text;
  if (failed) claim.error = text || describeSubtype(subtype, result);
  claim.costUsd = numberField(result, 'total_cost_usd') ?? numberField(result, 'cost_usd');
  const usage = recordField(result, 'usage');
  if (usage) claim.usage = { inputTokens: numberField(usage, 'input_tokens'), outputTokens: numberField(usage, 'output_tokens') };
  return claim;
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
