import type { ServerResponse } from 'node:http';
import { sendJson, sendSse, type FakeRequest } from './httpHelpers';
import { tokensOf, type ModelTurn, type ScriptedModel, type ToolIntent } from './scriptedModel';

/**
 * The OpenAI Responses API as Codex speaks it (`wire_api = "responses"` with a custom provider's
 * `base_url`): `POST /v1/responses` streamed as server-sent events — response.created,
 * response.output_item.added / .done, response.output_text.delta, response.completed with usage —
 * and 429 with `retry-after`.
 */
export function handleOpenAiResponses(model: ScriptedModel, req: FakeRequest, res: ServerResponse): void {
  const body = (req.body ?? {}) as ResponsesRequest;
  const input = Array.isArray(body.input) ? body.input : [];
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
  const modelTurns = input.filter((i) => i.type === 'function_call' || (i.type === 'message' && i.role === 'assistant')).length;
  const decision = hasTools ? model.decide(userText(input), modelTurns) : { kind: 'side' as const };
  const base = { api: 'openai' as const, method: req.method, path: req.path, headers: req.headers, body };
  if (decision.kind === 'rate-limit') {
    model.record({ ...base, scenario: decision.scenario, answered: '429' });
    return sendJson(res, 429, { error: { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded', message: `Rate limit reached for requests. Please try again in ${decision.retryAfterSeconds}s.` } },
      { 'retry-after': String(decision.retryAfterSeconds) });
  }
  const turn: ModelTurn = decision.kind === 'turn' ? decision.turn : { say: model.sideAnswer };
  const id = decision.kind === 'turn' ? `${decision.scenario}-${decision.index}`.replace(/[^\w-]/g, '_') : `side-${Date.now()}`;
  model.record({ ...base, ...(decision.kind === 'turn' ? { scenario: decision.scenario, answered: String(decision.index) } : { answered: 'side' }) });
  const output = outputOf(turn, id, toolNames(body.tools ?? []));
  const usage = {
    input_tokens: tokensOf(JSON.stringify(input)), input_tokens_details: { cached_tokens: 5 },
    output_tokens: tokensOf(JSON.stringify(output)), output_tokens_details: { reasoning_tokens: 0 },
  };
  const response = { id: `resp_${id}`, object: 'response', model: body.model ?? 'gpt-fake', status: 'in_progress', output: [] as unknown[] };
  const events: { event: string; data: unknown }[] = [{ event: 'response.created', data: { type: 'response.created', response } }];
  output.forEach((item, index) => {
    events.push({ event: 'response.output_item.added', data: { type: 'response.output_item.added', output_index: index, item: { ...item, ...(item.type === 'message' ? { content: [] } : { arguments: '' }) } } });
    if (item.type === 'message') {
      const text = item.content[0]!.text;
      events.push({ event: 'response.output_text.delta', data: { type: 'response.output_text.delta', item_id: item.id, output_index: index, content_index: 0, delta: text } });
    }
    events.push({ event: 'response.output_item.done', data: { type: 'response.output_item.done', output_index: index, item } });
  });
  events.push({ event: 'response.completed', data: { type: 'response.completed', response: { ...response, status: 'completed', output, usage: { ...usage, total_tokens: usage.input_tokens + usage.output_tokens } } } });
  sendSse(res, events);
}

interface ResponsesRequest {
  model?: string;
  tools?: unknown[];
  input?: { type?: string; role?: string; content?: { type?: string; text?: string }[] }[];
}

type OutputItem =
  | { type: 'message'; id: string; role: 'assistant'; status: 'completed'; content: { type: 'output_text'; text: string; annotations: [] }[] }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status: 'completed' };

function toolNames(tools: unknown[]): Set<string> {
  return new Set(tools.map((t) => (typeof t === 'object' && t !== null ? String((t as { name?: unknown }).name ?? '') : '')));
}

function outputOf(turn: ModelTurn, id: string, tools: Set<string>): OutputItem[] {
  const items: OutputItem[] = [];
  if ('say' in turn && turn.say) items.push({ type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.say, annotations: [] }] });
  if ('call' in turn) {
    const { name, input } = codexTool(turn.call, tools);
    items.push({ type: 'function_call', id: `fc_${id}`, call_id: `call_${id}`, name, arguments: JSON.stringify(input), status: 'completed' });
  }
  return items;
}

/**
 * Codex's own tools: `exec_command` (`cmd`) runs a shell command, or `shell` (`command` argv) in
 * configurations that offer that one instead; files are written through a command.
 */
function codexTool(intent: ToolIntent, tools: Set<string>): { name: string; input: Record<string, unknown> } {
  if (intent.kind === 'raw') return { name: intent.name, input: intent.input };
  const cmd = intent.kind === 'write'
    ? `mkdir -p "$(dirname '${intent.path}')" && cat > '${intent.path}' <<'BATON_EOF'\n${intent.content}BATON_EOF`
    : intent.command;
  if (!tools.has('exec_command') && tools.has('shell')) return { name: 'shell', input: { command: ['bash', '-lc', cmd] } };
  return { name: 'exec_command', input: { cmd } };
}

/** Every user message's text: codex sends its environment context first, then the prompt. */
function userText(input: NonNullable<ResponsesRequest['input']>): string {
  return input.filter((i) => i.type === 'message' && i.role === 'user').flatMap((i) => i.content ?? []).map((c) => c.text ?? '').join('\n');
}
