import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { HOST_TOOLS, runHostTool, type HostToolContext } from './hostTools';

/** Baton's MCP server in host mode: the host tools for a person's own agent session, over any transport (stdio for `baton mcp`). */
export async function serveHostTools(ctx: HostToolContext, transport: Transport): Promise<McpServer> {
  const server = new McpServer({ name: 'baton', version: '1' }, {
    instructions: `Baton orchestrates teams of coding agents in ${ctx.root}. Validate and plan sprints, run them, watch their status, answer the agents' questions (baton_inbox, baton_answer) and approve reviews.`,
  });
  for (const tool of HOST_TOOLS) {
    server.registerTool(tool.name, { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, annotations: { readOnlyHint: tool.readOnly } }, async (args: Record<string, unknown>) => {
      const outcome = await runHostTool(tool, args, ctx);
      return { content: [{ type: 'text', text: outcome.text }], ...(outcome.isError ? { isError: true } : {}) };
    });
  }
  await server.connect(transport);
  return server;
}
