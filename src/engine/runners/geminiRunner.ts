import { promptArgument, type AgentRunner, type ProcessPlan, type RunnerInput } from './agentRunner';
import { lastLines, settleResult, type AgentResult, type StreamClaim } from './agentResult';
import type { ProcessExit } from './agentProcess';
import { geminiAttachment } from './mcpAttachment';
import { numberField, parseJsonLines, recordField, stringField, type JsonRecord } from './jsonLines';
import { describeDenials } from './toolDenials';

/**
 * Claude Code's permission modes as Gemini CLI approval modes, so one agent file says how much
 * the agent may do whichever CLI runs it. Without one the agent edits files without asking
 * (`auto_edit`): in headless mode Gemini offers no write tool at all in its `default` mode.
 */
const APPROVAL_MODES: Readonly<Record<string, string>> = {
  default: 'default',
  manual: 'default',
  dontAsk: 'default',
  acceptEdits: 'auto_edit',
  auto: 'auto_edit',
  bypassPermissions: 'yolo',
  plan: 'plan',
};
export const GEMINI_DEFAULT_APPROVAL_MODE = 'auto_edit';

/**
 * Google's Gemini CLI (`gemini -p … --output-format stream-json`). `--skip-trust` because Baton
 * created the worktree: headless Gemini refuses an untrusted folder (exit 55), and every fresh
 * worktree is one.
 */
export const geminiRunner: AgentRunner = {
  kind: 'gemini',
  deliversInstructions: false,
  // ~/.gemini: settings.json (auth type, model), oauth_creds.json (login), tmp/ (sessions).
  homeState: ['.gemini'],
  cli: {
    displayName: 'Gemini CLI',
    command: 'gemini',
    npmPackage: '@google/gemini-cli',
    minimumVersion: '0.61.0',
    testedVersion: '0.61.0',
    auth: {
      variables: [['GEMINI_API_KEY'], ['GOOGLE_API_KEY'], ['GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION'], ['GOOGLE_GENAI_USE_GCA']],
      loginFiles: ['.gemini/oauth_creds.json'],
      hint: 'set GEMINI_API_KEY (or GOOGLE_GENAI_USE_VERTEXAI with GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION), or log in once with `gemini`',
    },
  },
  prepare: prepareGemini,
  interpret: interpretGemini,
};

function prepareGemini(input: RunnerInput): ProcessPlan {
  const args = ['-p', promptArgument(input), '--output-format', 'stream-json', '--skip-trust'];
  if (input.agent.model && input.agent.model !== 'inherit') args.push('-m', input.agent.model);
  const mode = input.agent.frontmatter.permissionMode;
  const approval = (typeof mode === 'string' && APPROVAL_MODES[mode.trim()]) || GEMINI_DEFAULT_APPROVAL_MODE;
  args.push('--approval-mode', approval);
  const team = geminiAttachment(input.mcp);
  return {
    command: input.executable ?? 'gemini', args,
    ...(team.files.length ? { env: team.env, files: team.files } : {}),
    ...(input.agent.model && input.agent.model !== 'inherit' ? { model: input.agent.model } : {}),
    failure: {
      authFailure: /must specify the GEMINI_API_KEY|Please set an Auth method|Invalid auth method|API key not valid|API_KEY_INVALID|UNAUTHENTICATED/i,
      authReason: `no API key for gemini: ${geminiRunner.cli!.auth.hint}`,
    },
  };
}

function interpretGemini(exit: ProcessExit, output: string, resultFileContent: string | undefined, plan?: ProcessPlan): AgentResult {
  return settleResult(exit, readGeminiStream(parseJsonLines(output)), resultFileContent, lastLines(exit.outputTail), plan?.failure);
}

/**
 * Reads `init` / `message` / `tool_use` / `tool_result` / `result` events. The summary is the
 * assistant's text after the last tool result (its closing answer); deltas are concatenated.
 */
export function readGeminiStream(events: JsonRecord[]): StreamClaim {
  const claim: StreamClaim = {};
  let answer = '';
  const toolNames = new Map<string, string>();
  const refused: { tool: string; target?: string }[] = [];
  for (const event of events) {
    const type = stringField(event, 'type');
    const sessionId = stringField(event, 'session_id') ?? stringField(event, 'sessionId');
    if (sessionId) claim.sessionId = sessionId;
    if (type === 'init') claim.model = stringField(event, 'model') ?? claim.model;
    else if (type === 'tool_use') toolNames.set(stringField(event, 'tool_id') ?? '', stringField(event, 'tool_name') ?? 'a tool');
    else if (type === 'tool_result') {
      answer = '';
      const refusal = refusedTool(event, toolNames);
      if (refusal) refused.push(refusal);
    } else if (type === 'message' && event.role === 'assistant') answer += stringField(event, 'content') ?? '';
    else if (type === 'error' && event.severity === 'error') claim.error = stringField(event, 'message');
    else if (type === 'result') readResult(event, claim);
  }
  if (answer.trim()) claim.summary = answer.trim();
  const denied = describeDenials('Gemini CLI', refused, []);
  if (denied) claim.denied = denied;
  return claim;
}

/**
 * A tool Gemini CLI did not let the agent use: in headless mode a tool its approval mode does
 * not allow is not registered at all, so the model's call fails as `tool_not_registered`.
 */
function refusedTool(event: JsonRecord, toolNames: Map<string, string>): { tool: string } | undefined {
  if (stringField(event, 'status') !== 'error') return undefined;
  const kind = stringField(recordField(event, 'error'), 'type') ?? '';
  if (!/tool_not_registered|permission|denied|not_allowed/i.test(kind)) return undefined;
  return { tool: toolNames.get(stringField(event, 'tool_id') ?? '') ?? 'a tool' };
}

function readResult(event: JsonRecord, claim: StreamClaim): void {
  const status = stringField(event, 'status');
  if (status === 'success') claim.status = 'success';
  else if (status) {
    claim.status = 'failure';
    claim.error = stringField(recordField(event, 'error'), 'message') ?? claim.error ?? `Gemini CLI ended with status \`${status}\``;
  }
  const stats = recordField(event, 'stats');
  if (!stats) return;
  // `input_tokens` include the cached ones; `input` is what was not cached.
  const cached = numberField(stats, 'cached');
  const input = numberField(stats, 'input') ?? (numberField(stats, 'input_tokens') !== undefined ? numberField(stats, 'input_tokens')! - (cached ?? 0) : undefined);
  claim.usage = { inputTokens: input, outputTokens: numberField(stats, 'output_tokens'), cacheReadTokens: cached };
  claim.model = mainModel(recordField(stats, 'models')) ?? claim.model;
}

/** The model of `stats.models` with the most tokens (Gemini routes small calls to small models). */
function mainModel(models: JsonRecord | undefined): string | undefined {
  if (!models) return undefined;
  let best: { name: string; tokens: number } | undefined;
  for (const [name, value] of Object.entries(models)) {
    const tokens = numberField(typeof value === 'object' && value !== null ? (value as JsonRecord) : undefined, 'total_tokens') ?? 0;
    if (!best || tokens > best.tokens) best = { name, tokens };
  }
  return best?.name;
}
