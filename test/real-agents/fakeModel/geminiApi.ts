import type { ServerResponse } from 'node:http';
import { sendJson, sendSse, type FakeRequest } from './httpHelpers';
import { tokensOf, type ModelTurn, type ScriptedModel, type ToolIntent } from './scriptedModel';

/**
 * The Gemini API as Gemini CLI calls it (`GOOGLE_GEMINI_BASE_URL`):
 * `models/{model}:streamGenerateContent?alt=sse` (server-sent events of GenerateContentResponse),
 * `:generateContent`, `:countTokens`, and 429 `RESOURCE_EXHAUSTED` with a `RetryInfo` delay.
 */
export function handleGemini(model: ScriptedModel, req: FakeRequest, res: ServerResponse): void {
  const body = (req.body ?? {}) as GeminiRequest;
  const base = { api: 'gemini' as const, method: req.method, path: req.path, headers: req.headers, body };
  const modelName = /models\/([^/:]+):/.exec(req.path)?.[1] ?? 'gemini-fake';
  if (req.path.includes(':countTokens')) {
    model.record({ ...base, answered: 'countTokens' });
    return sendJson(res, 200, { totalTokens: tokensOf(JSON.stringify(body.contents ?? [])) });
  }
  const contents = body.contents ?? [];
  const hasTools = Array.isArray(body.tools) && body.tools.some((t) => Array.isArray(t.functionDeclarations) && t.functionDeclarations.length > 0);
  const decision = hasTools ? model.decide(userText(contents), contents.filter((c) => c.role === 'model').length) : { kind: 'side' as const };
  if (decision.kind === 'rate-limit') {
    model.record({ ...base, scenario: decision.scenario, answered: '429' });
    return sendJson(res, 429, {
      error: {
        code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${decision.retryAfterSeconds}s` }],
      },
    }, { 'retry-after': String(decision.retryAfterSeconds) });
  }
  const turn: ModelTurn = decision.kind === 'turn' ? decision.turn : { say: model.sideAnswer };
  model.record({ ...base, ...(decision.kind === 'turn' ? { scenario: decision.scenario, answered: String(decision.index) } : { answered: 'side' }) });
  const parts = partsOf(turn);
  const usageMetadata = {
    promptTokenCount: tokensOf(JSON.stringify(contents)), candidatesTokenCount: tokensOf(JSON.stringify(parts)),
    cachedContentTokenCount: 3, totalTokenCount: 0,
  };
  usageMetadata.totalTokenCount = usageMetadata.promptTokenCount + usageMetadata.candidatesTokenCount;
  const response = { candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion: modelName };
  if (req.path.includes(':streamGenerateContent')) return sendSse(res, [{ data: response }]);
  sendJson(res, 200, response);
}

interface GeminiRequest {
  contents?: { role?: string; parts?: { text?: string }[] }[];
  tools?: { functionDeclarations?: unknown[] }[];
}

function partsOf(turn: ModelTurn): Record<string, unknown>[] {
  const parts: Record<string, unknown>[] = [];
  if ('say' in turn && turn.say) parts.push({ text: turn.say });
  if ('call' in turn) {
    const { name, args } = geminiTool(turn.call);
    parts.push({ functionCall: { name, args } });
  }
  return parts;
}

/** Gemini CLI's own tool names and arguments. */
function geminiTool(intent: ToolIntent): { name: string; args: Record<string, unknown> } {
  switch (intent.kind) {
    case 'write': return { name: 'write_file', args: { file_path: intent.path, content: intent.content } };
    case 'run': return { name: 'run_shell_command', args: { command: intent.command, description: 'Run a command' } };
    case 'raw': return { name: intent.name, args: intent.input };
  }
}

function userText(contents: NonNullable<GeminiRequest['contents']>): string {
  return contents.filter((c) => c.role === 'user').flatMap((c) => c.parts ?? []).map((p) => p.text ?? '').join('\n');
}
