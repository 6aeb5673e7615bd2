import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Caller } from '../team/permissions';

/** The largest request body accepted: tool arguments, not files. */
const MAX_BODY_BYTES = 1 << 20;
const PATH = '/mcp';

/** A running endpoint: where it listens, and how to stop it. */
export interface McpEndpoint {
  url: string;
  /** Closes the sessions of callers whose credential was revoked (their attempt ended). */
  closeSessionsOf(caller: Caller): Promise<void>;
  /** Sends an MCP logging notification to the open sessions of the callers `to` selects (a question for a running agent). */
  notify(to: (caller: Caller) => boolean, text: string): void;
  close(): Promise<void>;
}

export interface AgentMcpServerOptions {
  /** The caller a bearer token stands for; undefined refuses the request (401). */
  authenticate(token: string | undefined): Caller | undefined;
  /** A new MCP server with the agent tools bound to this caller. */
  serverFor(caller: Caller): McpServer;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  caller: Caller;
}

/**
 * Baton's MCP server for agents: Streamable HTTP on 127.0.0.1 (an ephemeral port), one per run.
 *
 * Why HTTP on loopback rather than stdio: every agent CLI (Claude Code, Codex, Gemini CLI)
 * connects to an HTTP server from its config without spawning anything, scripts connect with
 * the SDK's client, and the server lives in the engine, next to the journal it writes — a stdio
 * server would be one more process per agent, talking back to the engine anyway. Agents run in
 * sandboxes that keep the network on, so loopback stays reachable.
 *
 * Every request carries the attempt's bearer token; the caller it stands for is fixed for the
 * session it opens (a session cannot switch tokens), the `Host` header must name the loopback
 * address (DNS rebinding), bodies are capped, and a revoked credential's sessions are closed.
 */
export async function startAgentMcpServer(options: AgentMcpServerOptions): Promise<McpEndpoint> {
  const sessions = new Map<string, Session>();
  let port = 0;
  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `internal error: ${(error as Error).message}` });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== PATH) return send(res, 404, { error: `not found; the MCP endpoint is ${PATH}` });
    if (!allowedHost(req.headers.host, port)) return send(res, 403, { error: 'forbidden host' });
    const caller = options.authenticate(bearer(req.headers.authorization));
    if (!caller) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="baton"');
      return send(res, 401, { error: 'a valid bearer token for this attempt is required (BATON_MCP_TOKEN); it ends with the attempt' });
    }
    const sessionId = header(req.headers['mcp-session-id']);
    const body = req.method === 'POST' ? await readBody(req, res) : undefined;
    if (body === FAILED) return;
    if (sessionId) {
      const session = sessions.get(sessionId);
      if (!session) return send(res, 404, { error: 'unknown or closed session' });
      if (session.caller !== caller) return send(res, 403, { error: 'this session belongs to another credential' });
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) return send(res, 400, { error: 'start with an initialize request' });
    const server = options.serverFor(caller);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, { transport, server, caller }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => resolve());
  });
  port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    async closeSessionsOf(caller) {
      const mine = [...sessions.entries()].filter(([, s]) => s.caller === caller);
      for (const [id, s] of mine) {
        sessions.delete(id);
        await s.server.close().catch(() => undefined);
      }
    },
    notify(to, text) {
      for (const s of sessions.values()) if (to(s.caller)) void s.server.sendLoggingMessage({ level: 'notice', logger: 'baton', data: text }).catch(() => undefined);
    },
    async close() {
      for (const s of [...sessions.values()]) await s.server.close().catch(() => undefined);
      sessions.clear();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

const FAILED = Symbol('failed');

async function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown | typeof FAILED> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      send(res, 413, { error: `request body over ${MAX_BODY_BYTES} bytes` });
      return FAILED;
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    send(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
    return FAILED;
  }
}

function bearer(value: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return m?.[1];
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function allowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
