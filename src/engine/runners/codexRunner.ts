import { MAX_PROMPT_ARGUMENT, promptArgument, type AgentRunner, type ProcessPlan, type RunnerInput } from './agentRunner';
import { lastLines, settleResult, type AgentResult, type StreamClaim } from './agentResult';
import type { ProcessExit } from './agentProcess';
import { numberField, parseJsonLines, recordField, stringField, type JsonRecord } from './jsonLines';

/**
 * OpenAI Codex (`codex exec --json`), run in the worktree (its cwd). `--full-auto` because
 * `codex exec` otherwise runs in a read-only sandbox and could change nothing; its
 * workspace-write sandbox confines the agent to the worktree, which is what Baton wants.
 */
export const codexRunner: AgentRunner = {
  kind: 'codex',
  deliversInstructions: false,
  prepare: prepareCodex,
  interpret: interpretCodex,
};

function prepareCodex(input: RunnerInput): ProcessPlan {
  const args = ['exec', '--json', '--full-auto'];
  if (input.agent.model && input.agent.model !== 'inherit') args.push('--model', input.agent.model);
  const command = input.executable ?? 'codex';
  // `-` makes codex read the prompt from stdin: used when it is too long for one argument.
  if (Buffer.byteLength(input.prompt) > MAX_PROMPT_ARGUMENT) return { command, args: [...args, '-'], stdin: input.prompt };
  return { command, args: [...args, promptArgument(input)] };
}

function interpretCodex(exit: ProcessExit, output: string, resultFileContent: string | undefined): AgentResult {
  return settleResult(exit, readCodexStream(parseJsonLines(output)), resultFileContent, lastLines(exit.outputTail));
}

/**
 * Reads codex's JSONL events. The last `turn.completed` / `turn.failed` decides; an `error`
 * event alone decides only when no turn ended (codex also reports retried reconnects as errors).
 */
function readCodexStream(events: JsonRecord[]): StreamClaim {
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
      readUsage(recordField(event, 'usage'), claim);
    } else if (type === 'turn.failed') {
      claim.status = 'failure';
      claim.error = stringField(recordField(event, 'error'), 'message') ?? lastError ?? 'the codex turn failed';
      readUsage(recordField(event, 'usage'), claim);
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

function readUsage(usage: JsonRecord | undefined, claim: StreamClaim): void {
  if (!usage) return;
  claim.usage = { inputTokens: numberField(usage, 'input_tokens'), outputTokens: numberField(usage, 'output_tokens') };
}
