import assert from 'node:assert/strict';
import * as http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { startAgentMcpServer, type McpEndpoint } from '../../../src/engine/mcp/agentMcpServer';
import { CredentialRegistry } from '../../../src/engine/team/credentials';
import type { Caller } from '../../../src/engine/team/permissions';

const caller = (task: string): Caller => ({ agent: `agent-${task}`, role: 'team_member', task, attempt: 1, kind: 'attempt', teams: ['eng'] });
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'hostile', version: '1' } } };

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 't', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/** A POST with a Host header of our choosing (fetch sets its own). */
function rawStatus(port: number, host: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { host, authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(JSON.stringify(INIT));
  });
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe("Baton's MCP server for agents: per-attempt credentials on loopback", () => {
  const registry = new CredentialRegistry();
  let endpoint: McpEndpoint;
  before(async () => {
    endpoint = await startAgentMcpServer({
      authenticate: (token) => registry.resolve(token),
      serverFor: (c) => {
        const server = new McpServer({ name: 'baton', version: '1' });
        server.registerTool('whoami', { inputSchema: {} }, async () => ({ content: [{ type: 'text', text: c.task }] }));
        return server;
      },
    });
    registry.onRevoked((c) => void endpoint.closeSessionsOf(c));
  });
  after(() => endpoint.close());

  it('listens on 127.0.0.1 and binds each token to its own task', async () => {
    assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const a = registry.issue(caller('task-a'));
    const b = registry.issue(caller('task-b'));
    const ca = await connect(endpoint.url, a.token);
    const cb = await connect(endpoint.url, b.token);
    assert.equal(((await ca.callTool({ name: 'whoami', arguments: {} })).content as { text: string }[])[0]!.text, 'task-a');
    assert.equal(((await cb.callTool({ name: 'whoami', arguments: {} })).content as { text: string }[])[0]!.text, 'task-b');
    await ca.close();
    await cb.close();
    a.revoke();
    b.revoke();
  });

  it('refuses no token, a forged token, a foreign Host header, another credential on a session, and oversized bodies', async () => {
    assert.equal((await post(endpoint.url, INIT, {})).status, 401);
    assert.equal((await post(endpoint.url, INIT, { authorization: 'Bearer forged' })).status, 401);
    const a = registry.issue(caller('task-a'));
    const b = registry.issue(caller('task-b'));
    const port = new URL(endpoint.url).port;
    assert.equal(await rawStatus(Number(port), `evil.example:${port}`, a.token), 403, 'DNS rebinding: a foreign Host header is refused');
    const init = await post(endpoint.url, INIT, { authorization: `Bearer ${a.token}` });
    assert.equal(init.status, 200);
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    const hijack = await post(endpoint.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { authorization: `Bearer ${b.token}`, 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' });
    assert.equal(hijack.status, 403, 'task-b cannot use task-a\'s session');
    assert.equal((await post(endpoint.url, 'x'.repeat(1_100_000), { authorization: `Bearer ${a.token}` })).status, 413);
    a.revoke();
    b.revoke();
  });

  it('refuses a token once its attempt has ended, and closes its open sessions', async () => {
    const a = registry.issue(caller('task-a'));
    const client = await connect(endpoint.url, a.token);
    assert.ok(await client.callTool({ name: 'whoami', arguments: {} }));
    a.revoke();
    await assert.rejects(client.callTool({ name: 'whoami', arguments: {} }));
    assert.equal((await post(endpoint.url, INIT, { authorization: `Bearer ${a.token}` })).status, 401);
    await client.close().catch(() => undefined);
  });
});
