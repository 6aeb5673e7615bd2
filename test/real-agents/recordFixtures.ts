/**
 * Records what each real CLI prints and sends, as fixtures for the plain-Node parser tests
 * (test/unit/runners/realOutput.test.ts): every case runs the real binary exactly as Baton's
 * runner plans it (its argv, its filtered environment) against the fake model server, and
 * stores stdout, stderr and the requests the model received.
 *
 *   npx tsx test/real-agents/recordFixtures.ts      # after scripts/setup-agents.sh
 *
 * Re-run it when a pinned CLI version changes, and review the diff of test/fixtures/real-agents.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { git } from '../integration-engine/engineHarness';
import { buildAgentEnv } from '../../src/engine/runners/agentEnvironment';
import { startAgentProcess } from '../../src/engine/runners/agentProcess';
import { runnerFor } from '../../src/engine/runners/runnerRegistry';
import { makeAgent, makeTask } from '../unit/runners/runnerHarness';
import type { Scenario } from './fakeModel/scriptedModel';
import { agentBinary, RealAgentWorld, type AgentCliKind } from './realAgentHarness';

const OUT = path.resolve(__dirname, '../fixtures/real-agents');

interface Case {
  name: string;
  scenario: Omit<Scenario, 'match'>;
  frontmatter?: Record<string, unknown>;
  tools?: string[];
  /** Variables to set or (with undefined) remove from the user's environment. */
  env?: Record<string, string | undefined>;
}

const write = { call: { kind: 'write' as const, path: 'hello.txt', content: 'hello\n' } };
const CASES: Record<AgentCliKind, Case[]> = {
  'claude-code': [
    { name: 'success', scenario: { turns: [write, { call: { kind: 'run', command: 'ls' } }, { say: 'Wrote hello.txt.' }] } },
    { name: 'permission-denied', scenario: { turns: [write, { say: 'Done.' }] }, frontmatter: { permissionMode: 'default' } },
    { name: 'tool-missing', scenario: { turns: [write, { say: 'Done.' }] }, tools: ['Read'] },
    { name: 'rate-limited', scenario: { turns: [write, { say: 'Done.' }], rateLimited: { times: 5, retryAfterSeconds: 2 } }, env: { CLAUDE_CODE_MAX_RETRIES: '1' } },
    { name: 'no-api-key', scenario: { turns: [{ say: 'unreachable' }] }, env: { ANTHROPIC_API_KEY: undefined } },
  ],
  codex: [
    { name: 'success', scenario: { turns: [write, { call: { kind: 'run', command: 'ls' } }, { say: 'Wrote hello.txt.' }] } },
    { name: 'read-only', scenario: { turns: [write, { say: 'Done.' }] }, frontmatter: { permissionMode: 'plan' } },
    { name: 'rate-limited', scenario: { turns: [write, { say: 'Done.' }], rateLimited: { times: 5, retryAfterSeconds: 2 } } },
    { name: 'no-api-key', scenario: { turns: [{ say: 'unreachable' }] }, env: { FAKE_PROVIDER_KEY: undefined } },
  ],
  gemini: [
    { name: 'success', scenario: { turns: [write, { say: 'Wrote hello.txt.' }] } },
    { name: 'write-withheld', scenario: { turns: [write, { say: 'Done.' }] }, frontmatter: { permissionMode: 'default' } },
    { name: 'no-api-key', scenario: { turns: [{ say: 'unreachable' }] }, env: { GEMINI_API_KEY: undefined } },
  ],
};

async function record(kind: AgentCliKind): Promise<void> {
  const world = await RealAgentWorld.start(kind);
  try {
    for (const c of CASES[kind]) {
      world.fake.model.reset();
      const marker = `RECORD-${c.name.toUpperCase()}`;
      world.fake.model.script({ match: marker, ...c.scenario });
      const repo = world.repo({ 'README.md': '# fixture\n' });
      const agent = makeAgent({ runner: kind, body: 'You are a careful engineer.', frontmatter: c.frontmatter ?? {}, tools: c.tools ?? [], ...(kind === 'gemini' ? { model: 'gemini-2.5-flash' } : {}) });
      const task = makeTask({ title: `Write hello ${marker}` });
      const prompt = `## Your task\n\n**${task.title}**\n\nWrite hello.txt.\n`;
      const userEnv: Record<string, string | undefined> = { ...world.env(), ...c.env };
      const plan = runnerFor(kind).prepare({ agent, task, prompt, promptFile: path.join(repo.base, 'prompt.md'), worktree: repo.root, workspaceRoot: repo.root, executable: agentBinary(kind), env: userEnv });
      const env = buildAgentEnv(userEnv, {
        runner: kind, agentEnv: [], configuredNames: runnerFor(kind).configuredEnvNames?.(userEnv) ?? [],
        baton: { BATON_TASK_ID: task.id, BATON_SPRINT_ID: 's', BATON_AGENT: agent.name, BATON_WORKTREE: repo.root, BATON_PROMPT_FILE: 'p', BATON_RESULT_FILE: path.join(repo.base, 'result.json') },
      });
      const exit = await startAgentProcess({ command: plan.command, args: plan.args, ...(plan.stdin !== undefined ? { stdin: plan.stdin } : {}), cwd: repo.root, env, timeoutMs: 120_000, stallTimeoutMs: 0, logFile: path.join(repo.base, 'agent.log') }).done;
      const dir = path.join(OUT, kind);
      fs.mkdirSync(dir, { recursive: true });
      // Paths of this machine's temp folders would make every re-recording a diff.
      const scrub = (text: string): string => text.split(repo.root).join('/work/repo').split(world.home).join('/home/user').split(agentBinary(kind)).join(runnerFor(kind).cli!.command);
      fs.writeFileSync(path.join(dir, `${c.name}.stdout.jsonl`), scrub(exit.stdout));
      fs.writeFileSync(path.join(dir, `${c.name}.stderr.txt`), scrub(exit.stderrTail));
      fs.writeFileSync(path.join(dir, `${c.name}.exit.json`), `${JSON.stringify({ exitCode: exit.exitCode, args: plan.args.map((a) => (a === plan.stdin ? '<prompt>' : scrub(a))), changed: git(repo.root, 'status', '--porcelain') !== '' }, null, 2)}\n`);
      const requests = world.fake.model.requests.filter((r) => r.scenario === marker).slice(0, 2);
      fs.writeFileSync(path.join(dir, `${c.name}.requests.json`), `${scrub(JSON.stringify(requests.map((r) => ({ path: r.path, answered: r.answered, body: shrink(r.body) })), null, 1))}\n`);
      console.log(`${kind} ${c.name}: exit ${exit.exitCode}, ${requests.length} requests`);
    }
  } finally {
    await world.dispose();
  }
}

/**
 * A request body small enough to review: tool definitions by name only (with the shape of
 * their parameters' names), long texts (system prompts, tool descriptions) cut to 600 characters.
 */
function shrink(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return value.length > 600 ? `${value.slice(0, 600)}…[${value.length} chars]` : value;
  if (Array.isArray(value)) {
    if (key === 'tools' || key === 'functionDeclarations') return value.map((t) => toolName(t));
    return value.map((v) => shrink(v));
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shrink(v, k)]));
  return value;
}

function toolName(tool: unknown): unknown {
  if (!tool || typeof tool !== 'object') return tool;
  const t = tool as { name?: string; type?: string; functionDeclarations?: unknown[] };
  if (t.functionDeclarations) return { functionDeclarations: t.functionDeclarations.map((f) => (f as { name?: string }).name) };
  return t.name ?? t.type;
}

void (async () => {
  for (const kind of ['claude-code', 'codex', 'gemini'] as const) await record(kind);
})();
