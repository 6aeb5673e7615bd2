import { MAX_PROMPT_ARGUMENT, promptArgument, type AgentRunner, type ProcessPlan, type RunnerInput } from './agentRunner';
import { lastLines, settleResult, type AgentResult, type StreamClaim } from './agentResult';
import type { ProcessExit } from './agentProcess';
import { readCodexConfig } from './codexConfig';
import { codexAttachment } from './mcpAttachment';
import { numberField, parseJsonLines, recordField, stringField, type JsonRecord } from './jsonLines';

/**
 * Claude Code's permission modes as codex sandboxes, so one agent file says how much the agent
 * may do whichever CLI runs it. Anything else (no mode, `acceptEdits`, `auto`, `default`) is
 * `workspace-write`: the agent edits its own worktree and nothing outside it.
 */
const SANDBOXES: Readonly<Record<string, string>> = {
  plan: 'read-only',
  bypassPermissions: 'danger-full-access',
};

/**
 * OpenAI Codex (`codex exec --json`), run in the worktree (its cwd). `--sandbox workspace-write`
 * confines the agent's commands to the worktree, which is what Baton wants; `exec` never asks
 * for approval (`approval_policy="never"` says so explicitly, whatever the user's config.toml
 * says), so a command the sandbox refuses fails and the model sees why.
 */
export const codexRunner: AgentRunner = {
  kind: 'codex',
  deliversInstructions: false,
  // ~/.codex: config.toml (providers, model), auth.json (login), sessions/ (resume).
  homeState: ['.codex'],
  cli: {
    displayName: 'Codex',
    command: 'codex',
    npmPackage: '@openai/codex',
    minimumVersion: '0.100.0',
    testedVersion: '0.171.0',
    auth: {
      variables: [['OPENAI_API_KEY'], ['CODEX_API_KEY']],
      loginFiles: ['.codex/auth.json'],
      hint: 'set OPENAI_API_KEY or configure a provider (model_provider and its env_key in ~/.codex/config.toml), or log in with `codex login`',
    },
  },
  configuredEnvNames: (env) => [...(readCodexConfig(env)?.envKeys.values() ?? [])],
  resumesSessions: true,
  prepare: prepareCodex,
  interpret: interpretCodex,
};

function prepareCodex(input: RunnerInput): ProcessPlan {
  const mode = input.agent.frontmatter.permissionMode;
  const sandbox = (typeof mode === 'string' && SANDBOXES[mode.trim()]) || 'workspace-write';
  const team = codexAttachment(input.mcp);
  const args = ['exec', '--json', '--sandbox', sandbox, '-c', 'approval_policy="never"', ...team.args];
  // From a Codex agent file (.codex/agents/*.toml): the reasoning effort it asks for.
  const effort = input.agent.frontmatter.model_reasoning_effort;
  if (typeof effort === 'string' && /^[a-z]+$/.test(effort)) args.push('-c', `model_reasoning_effort="${effort}"`);
  const ownModel = input.agent.model && input.agent.model !== 'inherit' ? input.agent.model : undefined;
  if (ownModel) args.push('--model', ownModel);
  // codex's --json stream never names the model: the agent's, else the one its config.toml sets.
  const model = ownModel ?? (input.env ? readCodexConfig(input.env)?.model : undefined);
  if (input.resumeSession) args.push('resume', input.resumeSession);
  const command = input.executable ?? 'codex';
  const failure = {
    authFailure: /401 Unauthorized|invalid_api_key|Incorrect API key|Missing environment variable|not logged in|OPENAI_API_KEY/i,
    authReason: `no API key for codex: ${codexRunner.cli!.auth.hint}`,
    ...(sandbox === 'read-only' ? { restriction: `codex ran in its read-only sandbox (permissionMode: ${String(mode)}), so the agent could change no files: set permissionMode: acceptEdits` } : {}),
  };
  // `-` makes codex read the prompt from stdin: used when it is too long for one argument.
  const common = { command, failure, ...(model ? { model } : {}), ...(team.args.length ? { env: team.env } : {}) };
  if (Buffer.byteLength(input.prompt) > MAX_PROMPT_ARGUMENT) return { ...common, args: [...args, '-'], stdin: input.prompt };
  return { ...common, args: [...args, promptArgument(input)] };
}

function interpretCodex(exit: ProcessExit, output: string, resultFileContent: string | undefined, plan?: ProcessPlan): AgentResult {
  return settleResult(exit, readCodexStream(parseJsonLines(output)), resultFileContent, lastLines(exit.outputTail), plan?.failure);
}

/**
 * Reads codex's JSONL events. The last `turn.completed` / `turn.failed` decides; an `error`
 * event alone decides only when no turn ended (codex also reports retried reconnects as errors).
 * Usage is summed over turns.
 */
export function readCodexStream(events: JsonRecord[]): StreamClaim {
  const claim: StreamClaim = {};
  let lastError: string | undefined;
  for (const event of events) {
    const type = stringField(event, 'type');
    if (type === 'thread.started') claim.sessionId = stringField(event, 'thread_id') ?? claim.sessionId;
    else if (type === 'item.completed') readItem(recordField(event, 'item'), claim);
    else if (type === 'error') lastError = stringField(event, 'message') ?? 'codex reported an error';
    else if (type === 'turn.completed') {
      claim.status = 'success';
      delete claim.error;
      addUsage(recordField(event, 'usage'), claim);
    } else if (type === 'turn.failed') {
      claim.status = 'failure';
      claim.error = stringField(recordField(event, 'error'), 'message') ?? lastError ?? 'the codex turn failed';
      addUsage(recordField(event, 'usage'), claim);
    }
  }
  if (!claim.status && lastError) {
    claim.status = 'failure';
    claim.error = lastError;
  }
  return claim;
}

function readItem(item: JsonRecord | undefined, claim: StreamClaim): void {
  // Older codex versions name the field `item_type` and the kind `assistant_message`.
  const kind = stringField(item, 'type') ?? stringField(item, 'item_type');
  if (kind !== 'agent_message' && kind !== 'assistant_message') return;
  const text = stringField(item, 'text')?.trim();
  if (text) claim.summary = text;
}

/**
 * Codex's `input_tokens` include the cached ones (`cached_input_tokens`); Baton counts uncached
 * input, cache reads and cache writes apart, as it prices them.
 */
function addUsage(usage: JsonRecord | undefined, claim: StreamClaim): void {
  if (!usage) return;
  const input = numberField(usage, 'input_tokens');
  const cached = numberField(usage, 'cached_input_tokens') ?? 0;
  const written = numberField(usage, 'cache_write_input_tokens') ?? 0;
  const sum = claim.usage ?? {};
  const add = (a: number | undefined, b: number | undefined): number | undefined => (b === undefined ? a : (a ?? 0) + b);
  claim.usage = {
    inputTokens: add(sum.inputTokens, input === undefined ? undefined : Math.max(0, input - cached - written)),
    outputTokens: add(sum.outputTokens, numberField(usage, 'output_tokens')),
    cacheReadTokens: add(sum.cacheReadTokens, cached),
    cacheWriteTokens: add(sum.cacheWriteTokens, written),
  };
}
