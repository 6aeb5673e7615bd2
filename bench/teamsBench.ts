// Baton's MCP server for agents: journalled tool calls per second through the real server
// (Streamable HTTP on loopback, bearer tokens, the SDK's client, role checks, the hub's journal
// writes) against the same events committed straight to the journal by as many producers —
// the overhead of the MCP layer, measured in the same run on the same disk.
//
//   npx tsx bench/teamsBench.ts [--seconds 2] [--agents 16]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadWorkspace } from '../src/engine/config/loadWorkspace';
import { startAgentMcpServer } from '../src/engine/mcp/agentMcpServer';
import { agentMcpServer } from '../src/engine/mcp/agentTools';
import { StateStore } from '../src/engine/state/stateStore';
import { AgentToolset } from '../src/engine/team/agentToolset';
import { liveTasks } from '../src/engine/team/dynamicTasks';
import { TeamHub } from '../src/engine/team/teamHub';
import type { WorktreeManager } from '../src/engine/worktrees/worktreeManager';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}
const SECONDS = Number(arg('seconds', '2'));
const AGENTS = Number(arg('agents', '16'));

async function drive(call: (agent: number) => Promise<unknown>, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let calls = 0;
  await Promise.all(Array.from({ length: AGENTS }, async (_, a) => {
    while (performance.now() < deadline) {
      await call(a);
      calls++;
    }
  }));
  return calls / seconds;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-teams-bench-'));
  const ids = Array.from({ length: AGENTS }, (_, i) => `t${i}`);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('.claude/teams.yaml', `teams:\n  crew:\n    members: [${ids.map((id) => `a${id}`).join(', ')}]\n`);
  for (const id of ids) write(`.claude/agents/a${id}.md`, `---\nname: a${id}\ndescription: bench\nrunner: script\nscript: s.mjs\n---\n`);
  write('s.mjs', '');
  write('.claude/sprints/s.yaml', `sprint:\n  id: s\n  teams: [crew]\n  tasks:\n${ids.map((id) => `    - { id: ${id}, assignee: a${id} }`).join('\n')}\n`);
  const { workspace } = await loadWorkspace(root);
  const sprint = workspace.sprints.get('s')!;

  async function store(name: string): Promise<StateStore> {
    const s = await StateStore.open(path.join(root, '.claude', `state-${name}`), { mode: 'writer', owner: 'bench' });
    await s.startNewRun(name);
    await s.commit([{ type: 'run:started', sprint: 's', baseBranch: 'main', baseCommit: '0'.repeat(40), maxParallel: AGENTS, taskIds: ids, workspaceRoot: root }]);
    return s;
  }
  const handoff = (i: number) => ({ status: 'success' as const, summary: `attempt ${i}`, artifacts: [], knownIssues: [], checklist: [] });

  // Baseline: the journal alone, one producer per agent.
  const direct = await store('direct');
  let n = 0;
  const baseline = await drive((a) => direct.commit([{ type: 'task:handoff-submitted', task: ids[a]!, attempt: 1, agent: `a${ids[a]}`, handoff: handoff(n++) }]), SECONDS);
  await direct.close();

  // Through the MCP server: real HTTP, real tokens, the SDK's client.
  const viaMcp = await store('mcp');
  const ctx = { workspace, sprint, tasks: liveTasks(sprint, viaMcp.state), store: viaMcp, worktrees: {} as WorktreeManager, host: { env: {} }, stateDir: viaMcp.stateDir, subdir: '', now: Date.now };
  const hub = new TeamHub(ctx, async () => ({ ok: true, exitCode: 0, output: '', durationMs: 0 }));
  const tools = new AgentToolset(ctx, hub);
  const endpoint = await startAgentMcpServer({ authenticate: (t) => hub.authenticate(t), serverFor: (c) => agentMcpServer(c, hub, tools) });
  hub.serveAt(endpoint.url);
  const clients = await Promise.all(ids.map(async (id) => {
    const link = hub.openAttempt(ctx.tasks.get(id)!, 1, `a${id}`);
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint.url), { requestInit: { headers: { Authorization: `Bearer ${link.token}` } } }));
    return client;
  }));
  const submit = (a: number) => clients[a]!.callTool({ name: 'submit_handoff', arguments: { status: 'success', summary: `attempt ${n++}` } });
  await drive(submit, 0.3); // warm-up
  const mcp = await drive(submit, SECONDS);
  const reads = await drive((a) => clients[a]!.callTool({ name: 'get_task', arguments: {} }), SECONDS);
  for (const c of clients) await c.close();
  await endpoint.close();
  await hub.close({ runEnded: false });
  await viaMcp.close();
  fs.rmSync(root, { recursive: true, force: true });

  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`${AGENTS} agents, ${SECONDS} s each`);
  console.log(`  journal only (baseline)          ${f(baseline).padStart(8)} handoffs/s`);
  console.log(`  through the MCP server           ${f(mcp).padStart(8)} handoffs/s  (${(mcp / baseline * 100).toFixed(0)}% of the baseline)`);
  console.log(`  read-only get_task over MCP      ${f(reads).padStart(8)} calls/s`);
}

void main();
