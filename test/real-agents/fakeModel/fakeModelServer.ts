import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAnthropic } from './anthropicApi';
import { handleGemini } from './geminiApi';
import { sendJson, type FakeRequest } from './httpHelpers';
import { handleOpenAiResponses } from './openaiResponsesApi';
import { recordableHeaders, ScriptedModel } from './scriptedModel';

/**
 * One HTTP server on 127.0.0.1 speaking the three model APIs the real CLIs call: Anthropic
 * Messages (Claude Code), OpenAI Responses (Codex), Gemini generateContent (Gemini CLI). The
 * scripted model behind it decides every answer; every request is recorded.
 */
export class FakeModelServer {
  readonly model = new ScriptedModel();
  readonly #server: Server;
  #port = 0;

  private constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(): Promise<FakeModelServer> {
    const fake = new FakeModelServer();
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // Not JSON: kept as text in the recording.
    }
    const request: FakeRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: recordableHeaders(req.headers), body };
    try {
      route(this.model, request, res);
    } catch (error) {
      sendJson(res, 500, { error: { message: (error as Error).message } });
    }
  }
}

function route(model: ScriptedModel, req: FakeRequest, res: ServerResponse): void {
  const path = req.path;
  if (req.method === 'POST' && path.startsWith('/v1/messages')) return handleAnthropic(model, req, res);
  if (req.method === 'POST' && /\/responses(\?|$)/.test(path)) return handleOpenAiResponses(model, req, res);
  if (req.method === 'POST' && /\/models\/[^/]+:(streamGenerateContent|generateContent|countTokens)/.test(path)) return handleGemini(model, req, res);
  model.record({ api: guessApi(path), method: req.method, path, headers: req.headers, body: req.body, answered: '404' });
  sendJson(res, 404, { error: { message: `the fake model server has no ${req.method} ${path}` } });
}

function guessApi(path: string): 'anthropic' | 'openai' | 'gemini' {
  if (path.includes('models/')) return 'gemini';
  return path.startsWith('/v1/') && !path.includes('messages') ? 'openai' : 'anthropic';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
