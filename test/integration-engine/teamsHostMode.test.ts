import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { batonEnv, buildCli, CLI, makeRepo, readJournal, removeTempRepos } from './engineHarness';
import { teamsRepo } from './teamsHarness';

// `baton mcp [dir]`: Baton in host mode, driven by an MCP client over stdio as a person's own
// Claude Code or Codex session would drive it — validate, plan, run, status, inbox, answer.

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
}

describe('baton mcp: host mode over stdio', function () {
  this.timeout(180_000);
  before(buildCli);
  after(removeTempRepos);

  it('validates, plans, runs a sprint, shows its inbox and status (secrets redacted), takes an answer and sees it complete; the person\'s acts are journalled as theirs, via mcp', async () => {
    const repo = teamsRepo({
      agents: [{ name: 'fe', team: 'eng', tasks: { ui: [{ do: 'status', progress: 50, status: 'in_progress with {{env.MCP_AGENT_TOKEN}}' }, { do: 'ask', to: 'person', question: 'Dark mode by default?' }, { do: 'work' }] } }],
      tasks: [{ id: 'ui', assignee: 'fe' }],
    });
    const client = new Client({ name: 'host-test', version: '1' });
    const secret = 'svc-host-4Kd8Qm2Wz7Lp5Xn9';
    const env = Object.fromEntries(Object.entries(batonEnv({ MCP_AGENT_TOKEN: secret, BATON_ACTOR: 'Pat Host' })).filter((e): e is [string, string] => e[1] !== undefined));
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', repo.root], env, stderr: 'pipe' }));
    const seen: string[] = [];
    const text = (result: Awaited<ReturnType<Client['callTool']>>): string => {
      const t = textOf(result);
      seen.push(t);
      return t;
    };
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      assert.deepEqual(names, ['baton_validate', 'baton_plan', 'baton_run', 'baton_status', 'baton_inbox', 'baton_answer', 'baton_approve']);
      assert.match(text(await client.callTool({ name: 'baton_validate', arguments: {} })), /^No errors/);
      assert.match(text(await client.callTool({ name: 'baton_plan', arguments: { sprint: 's1', workers: 2 } })), /critical path ui/);
      assert.match(text(await client.callTool({ name: 'baton_run', arguments: { sprint: 's1' } })), /Started sprint s1/);
      let inbox = '';
      for (let i = 0; i < 300 && !/q-1 from fe/.test(inbox); i++) {
        inbox = text(await client.callTool({ name: 'baton_inbox', arguments: {} }));
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(inbox, /1 question\(s\) for a person: q-1 from fe: Dark mode by default\?/);
      const waiting = text(await client.callTool({ name: 'baton_status', arguments: {} }));
      assert.match(waiting, /"status": "waiting"/);
      assert.match(waiting, /"report": "in_progress with \[redacted:MCP_AGENT_TOKEN\]"/);
      const refused = await client.callTool({ name: 'baton_answer', arguments: { question: 'q-9', answer: 'x' } });
      assert.equal(refused.isError, true);
      assert.match(text(await client.callTool({ name: 'baton_answer', arguments: { question: 'q-1', answer: 'Yes', by: 'host' } })), /Answered q-1/);
      let status = '';
      for (let i = 0; i < 300 && !/\(completed\)/.test(status); i++) {
        status = text(await client.callTool({ name: 'baton_status', arguments: {} }));
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match(status, /Sprint s1 \(completed\): done 1/);
      assert.ok(!seen.some((t) => t.includes(secret)), 'a host tool handed the secret to the session');
      const person = { kind: 'person', name: 'Pat Host', via: 'mcp' };
      const events = readJournal(repo.root).events;
      assert.deepEqual(events.find((e) => e.type === 'run:started')?.actor, person);
      assert.deepEqual(events.filter((e) => e.type === 'question:answered').map((e) => [e.by, e.actor]), [['host', person]]);
    } finally {
      await client.close();
    }
  });

  it('in a folder that is no Baton workspace, serves its tools and answers each with the mistake, never a stack trace', async () => {
    const repo = makeRepo({ files: { 'README.md': 'not Baton\n' } });
    const client = new Client({ name: 'host-test', version: '1' });
    const env = Object.fromEntries(Object.entries(batonEnv()).filter((e): e is [string, string] => e[1] !== undefined));
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', repo.root], env, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await client.connect(transport);
    try {
      for (const [name, args] of [['baton_validate', {}], ['baton_plan', { sprint: 's1' }], ['baton_status', {}], ['baton_inbox', {}], ['baton_run', { sprint: 's1' }]] as const) {
        const result = await client.callTool({ name, arguments: args });
        const t = textOf(result);
        assert.doesNotMatch(t, /^\s+at .+:\d+:\d+\)?$/m, `${name}: ${t}`);
        if (name !== 'baton_status' && name !== 'baton_inbox') {
          assert.equal(result.isError, true, `${name}: ${t}`);
          assert.match(t, /No Baton config folder|no Baton workspace|\.claude/i, `${name}: ${t}`);
        }
      }
    } finally {
      await client.close();
    }
    assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, stderr);
  });
});
