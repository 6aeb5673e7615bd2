import * as path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { serveHostTools } from '../engine/mcp/hostServer';
import { HOST_TOOLS } from '../engine/mcp/hostTools';
import { personActor } from '../engine/audit/personIdentity';
import { EngineSession } from '../engine/session/engineSession';
import { ExitCode, type Command } from './command';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

export const mcpCommand: Command = {
  name: 'mcp',
  summary: "Serve Baton to your own agent session over MCP (stdio): validate, plan, run, status, inbox, answer, approve",
  description: `Host mode: a person's Claude Code, Codex or Gemini CLI session drives Baton through these tools: ${HOST_TOOLS.map((t) => t.name).join(', ')}. A sprint started with baton_run runs in this process and is paused (resumable) when the session closes. Add it to Claude Code with \`claude mcp add baton -- baton mcp /path/to/repo\`.`,
  positionals: [DIR_POSITIONAL],
  options: { 'config-root': CONFIG_ROOT_OPTION },
  examples: ['mcp', 'mcp ~/src/shop'],
  notes: ['stdout carries the MCP protocol; notes go to stderr. Exit 0 when the client closes the connection.'],
  async run(ctx) {
    const root = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
    const configRoot = ctx.args.option('config-root');
    const session = await EngineSession.open({
      root, ...(configRoot !== undefined ? { configRoot } : {}),
      host: { env: ctx.io.env, log: (m) => ctx.stderr.line(`baton mcp: ${m}`), redactor: ctx.redactor },
      // What the person's session does (start a run, answer, approve) is journalled as theirs, via `mcp`.
      identity: () => personActor({ root, env: ctx.io.env, via: 'mcp' }),
      isTrusted: () => true, owner: 'baton mcp',
    });
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
    });
    const server = await serveHostTools({ session, root, ...(configRoot !== undefined ? { configRoot } : {}) }, transport);
    const stop = new Promise<void>((resolve) => {
      ctx.io.onSignal?.('SIGINT', () => resolve());
      ctx.io.onSignal?.('SIGTERM', () => resolve());
    });
    await Promise.race([closed, stop, new Promise<void>((resolve) => process.stdin.once('end', () => resolve()))]);
    await server.close().catch(() => undefined);
    await session.dispose();
    return ExitCode.ok;
  },
};
