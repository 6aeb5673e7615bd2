import { promptArgument, type AgentRunner, type ProcessPlan, type RunnerInput } from './agentRunner';
import { lastLines, settleResult, type AgentResult, type StreamClaim } from './agentResult';
import type { ProcessExit } from './agentProcess';
import { numberField, parseJsonLines, recordField, stringField, type JsonRecord } from './jsonLines';

/**
 * Claude Code's permission modes, mapped onto Gemini CLI's approval modes, so one agent file
 * can say how much the agent may do whichever CLI runs it.
 */
const APPROVAL_MODES: Readonly<Record<string, string>> = {
  default: 'default',
  acceptEdits: 'auto_edit',
  bypassPermissions: 'yolo',
};

/** Google's Gemini CLI (`gemini -p … --output-format stream-json`). */
export const geminiRunner: AgentRunner = {
  kind: 'gemini',
  deliversInstructions: false,
  prepare: prepareGemini,
  interpret: interpretGemini,
};

function prepareGemini(input: RunnerInput): ProcessPlan {
  const args = ['-p', promptArgument(input), '--output-format', 'stream-json'];
  if (input.agent.model && input.agent.model !== 'inherit') args.push('-m', input.agent.model);
  const permissionMode = input.agent.frontmatter.permissionMode;
  const approval = typeof permissionMode === 'string' ? APPROVAL_MODES[permissionMode] : undefined;
  if (approval) args.push('--approval-mode', approval);
  return { command: input.executable ?? 'gemini', args };
}

function interpretGemini(exit: ProcessExit, output: string, resultFileContent: string | undefined): AgentResult {
  return settleResult(exit, readGeminiStream(parseJsonLines(output)), resultFileContent, lastLines(exit.outputTail));
}

/**
 * Reads `init` / `message` / `result` events. The summary is the assistant's text after the
 * last tool result (its closing answer); deltas are concatenated.
 */
function readGeminiStream(events: JsonRecord[]): StreamClaim {
  const claim: StreamClaim = {};
  let answer = '';
  for (const event of events) {
    const type = stringField(event, 'type');
    const sessionId = stringField(event, 'session_id') ?? stringField(event, 'sessionId');
    if (sessionId) claim.sessionId = sessionId;
    if (type === 'tool_result') answer = '';
    else if (type === 'message' && event.role === 'assistant') answer += stringField(event, 'content') ?? '';
    else if (type === 'error' && event.severity === 'error') claim.error = stringField(event, 'message');
    else if (type === 'result') readResult(event, claim);
  }
  if (answer.trim()) claim.summary = answer.trim();
  return claim;
}

function readResult(event: JsonRecord, claim: StreamClaim): void {
  const status = stringField(event, 'status');
  if (status === 'success') claim.status = 'success';
  else if (status) {
    claim.status = 'failure';
    claim.error = stringField(recordField(event, 'error'), 'message') ?? claim.error ?? `Gemini CLI ended with status \`${status}\``;
  }
  const stats = recordField(event, 'stats');
  if (stats) claim.usage = { inputTokens: numberField(stats, 'input_tokens'), outputTokens: numberField(stats, 'output_tokens') };
}
