import type { ServerResponse } from 'node:http';
import { tokensOf, type ModelTurn, type ScriptedModel, type ToolIntent } from './scriptedModel';
import { sendJson, sendSse, type FakeRequest } from './httpHelpers';

/**
 * The Anthropic Messages API as Claude Code uses it (`ANTHROPIC_BASE_URL`): `POST /v1/messages`
 * streamed as server-sent events (message_start, content_block_*, message_delta, message_stop),
 * `POST /v1/messages/count_tokens`, and 429 `rate_limit_error` with `retry-after`.
 */
export function handleAnthropic(model: ScriptedModel, req: FakeRequest, res: ServerResponse): void {
  const body = (req.body ?? {}) as AnthropicRequest;
  if (req.path.startsWith('/v1/messages/count_tokens')) {
    model.record({ api: 'anthropic', method: req.method, path: req.path, headers: req.headers, body, answered: 'count_tokens' });
    return sendJson(res, 200, { input_tokens: tokensOf(JSON.stringify(body.messages ?? [])) });
  }
  const messages = body.messages ?? [];
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
  const decision = hasTools ? model.decide(firstUserText(messages), messages.filter((m) => m.role === 'assistant').length) : { kind: 'side' as const };
  const base = { api: 'anthropic' as const, method: req.method, path: req.path, headers: req.headers, body };
  if (decision.kind === 'rate-limit') {
    model.record({ ...base, scenario: decision.scenario, answered: '429' });
    return sendJson(res, 429, { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } },
      { 'retry-after': String(decision.retryAfterSeconds), 'anthropic-ratelimit-requests-remaining': '0' });
  }
  const turn: ModelTurn = decision.kind === 'turn' ? decision.turn : { say: model.sideAnswer };
  model.record({ ...base, ...(decision.kind === 'turn' ? { scenario: decision.scenario, answered: String(decision.index) } : { answered: 'side' }) });
  const content = contentOf(turn, decision.kind === 'turn' ? `${decision.scenario}-${decision.index}` : 'side');
  const inputTokens = tokensOf(JSON.stringify(messages));
  const outputTokens = tokensOf(JSON.stringify(content));
  const usage = { input_tokens: inputTokens, output_tokens: outputTokens, cache_creation_input_tokens: 7, cache_read_input_tokens: 11 };
  const message = { id: `msg_${Date.now()}`, type: 'message', role: 'assistant', model: body.model ?? 'claude-fake', content, stop_reason: 'call' in turn ? 'tool_use' : 'end_turn', stop_sequence: null, usage };
  if (!body.stream) return sendJson(res, 200, message);
  const events: [string, unknown][] = [['message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } }]];
  content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }]);
      events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } }]);
    } else {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }]);
      events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }]);
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push(['message_delta', { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: outputTokens } }]);
  events.push(['message_stop', { type: 'message_stop' }]);
  sendSse(res, events.map(([event, data]) => ({ event, data })));
}

interface AnthropicRequest {
  model?: string;
  stream?: boolean;
  tools?: unknown[];
  messages?: { role: string; content: string | { type: string; text?: string }[] }[];
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function contentOf(turn: ModelTurn, id: string): Block[] {
  const blocks: Block[] = [];
  if ('say' in turn && turn.say) blocks.push({ type: 'text', text: turn.say });
  if ('call' in turn) blocks.push({ type: 'tool_use', id: `toolu_${id.replace(/[^\w]/g, '_')}`, ...claudeTool(turn.call) });
  return blocks;
}

/** Claude Code's own tool names and inputs. */
function claudeTool(intent: ToolIntent): { name: string; input: Record<string, unknown> } {
  switch (intent.kind) {
    case 'write': return { name: 'Write', input: { file_path: intent.path, content: intent.content } };
    case 'run': return { name: 'Bash', input: { command: intent.command, description: 'Run a command' } };
    case 'raw': return { name: intent.name, input: intent.input };
  }
}

/** The text of the first user message, where the CLI puts Baton's prompt. */
export function firstUserText(messages: NonNullable<AnthropicRequest['messages']>): string {
  const first = messages.find((m) => m.role === 'user');
  if (!first) return '';
  if (typeof first.content === 'string') return first.content;
  return first.content.map((b) => b.text ?? '').join('\n');
}
