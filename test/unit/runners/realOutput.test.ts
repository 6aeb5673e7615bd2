import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProcessExit } from '../../../src/engine/runners/agentProcess';
import type { AgentResult } from '../../../src/engine/runners/agentResult';
import { runnerFor } from '../../../src/engine/runners/runnerRegistry';
import { makeAgent, makeTask } from './runnerHarness';

/**
 * The runners' parsers on what the real CLIs printed (test/fixtures/real-agents, recorded by
 * test/real-agents/recordFixtures.ts from claude-code 2.1.332, codex 0.171.0, gemini-cli 0.61.0
 * against the fake model server).
 */
const FIXTURES = resolve(__dirname, '../../fixtures/real-agents');

type Kind = 'claude-code' | 'codex' | 'gemini';

function interpret(kind: Kind, name: string, frontmatter: Record<string, unknown> = {}, tools: string[] = []): AgentResult {
  const read = (suffix: string): string => readFileSync(join(FIXTURES, kind, `${name}.${suffix}`), 'utf8');
  const recorded = JSON.parse(read('exit.json')) as { exitCode: number; args: string[] };
  const stdout = read('stdout.jsonl');
  const stderr = read('stderr.txt');
  const exit: ProcessExit = { exitCode: recorded.exitCode, signal: null, reason: 'exited', durationMs: 1, outputTail: (stdout + stderr).slice(-4096), stderrTail: stderr, stdout };
  const agent = makeAgent({ runner: kind, body: 'You are a careful engineer.', frontmatter, tools, ...(kind === 'gemini' ? { model: 'gemini-2.5-flash' } : {}) });
  const prompt = `## Your task\n\n**${makeTask().title}**\n`;
  const plan = runnerFor(kind).prepare({ agent, task: makeTask(), prompt, promptFile: '/p', worktree: '/work/repo', workspaceRoot: '/work/repo' });
  // The argv Baton builds today is the argv the fixture was recorded with (prompts aside).
  const shape = (args: readonly string[]): string[] => args.map((a) => (a.startsWith('## Your task') || a === prompt ? '<prompt>' : a));
  assert.deepEqual(shape(plan.args), shape(recorded.args), `${kind}/${name}: re-record the fixtures when the argv changes`);
  return runnerFor(kind).interpret(exit, stdout, undefined, plan);
}

describe('runners on real CLI output (recorded fixtures)', () => {
  describe('Claude Code 2.1.332', () => {
    it('reads the result: summary, session, cost, the four token counts and the model', () => {
      const r = interpret('claude-code', 'success');
      assert.equal(r.status, 'success');
      assert.equal(r.summary, 'Wrote hello.txt.');
      assert.match(r.sessionId!, /^[0-9a-f-]{36}$/);
      assert.ok(r.costUsd! > 0);
      assert.ok(r.usage!.inputTokens! > 0 && r.usage!.outputTokens! > 0 && r.usage!.cacheReadTokens! > 0 && r.usage!.cacheWriteTokens! > 0, JSON.stringify(r.usage));
      assert.match(r.model!, /^claude-/);
      assert.equal(r.denied, undefined);
    });

    it('names a permission denial from permission_denials', () => {
      const r = interpret('claude-code', 'permission-denied', { permissionMode: 'default' });
      assert.equal(r.status, 'success', 'the CLI itself reports success: the evidence check fails the task');
      assert.equal(r.denied, 'Claude Code denied Write (/work/repo/hello.txt): set permissionMode or tools');
    });

    it('names a tool the agent was not given (`tools:` restricts)', () => {
      const r = interpret('claude-code', 'tool-missing', {}, ['Read']);
      assert.equal(r.denied, 'the agent asked for Write, which it does not have: add it to its tools');
    });

    it('flags a 429 it gave up on as rate limited, with its own retry delay', () => {
      const r = interpret('claude-code', 'rate-limited');
      assert.equal(r.status, 'failure');
      assert.equal(r.rateLimited, true);
      assert.ok(r.retryAfterMs! >= 2000 && r.retryAfterMs! < 5000, String(r.retryAfterMs));
      assert.match(r.reason!, /429/);
    });

    it('says which key to set when it is not logged in', () => {
      const r = interpret('claude-code', 'no-api-key');
      assert.equal(r.status, 'failure');
      assert.match(r.reason!, /^no API key for claude-code: set ANTHROPIC_API_KEY .*\(Not logged in · Please run \/login\)$/);
    });
  });

  describe('Codex 0.171.0', () => {
    it('reads the thread, the closing message and the usage (cached input apart)', () => {
      const r = interpret('codex', 'success');
      assert.equal(r.status, 'success');
      assert.equal(r.summary, 'Wrote hello.txt.');
      assert.match(r.sessionId!, /^[0-9a-f-]{36}$/);
      assert.ok(r.usage!.inputTokens! > 0 && r.usage!.outputTokens! > 0 && r.usage!.cacheReadTokens! > 0, JSON.stringify(r.usage));
      assert.equal(r.costUsd, undefined, 'codex reports no cost: the engine prices it');
    });

    it('says the read-only sandbox is why nothing changed', () => {
      const r = interpret('codex', 'read-only', { permissionMode: 'plan' });
      assert.equal(r.status, 'success');
      assert.match(r.denied!, /^codex ran in its read-only sandbox \(permissionMode: plan\)/);
    });

    it('flags a 429 it gave up on as rate limited', () => {
      const r = interpret('codex', 'rate-limited');
      assert.equal(r.status, 'failure');
      assert.equal(r.rateLimited, true);
      assert.match(r.reason!, /exceeded retry limit, last status: 429/);
    });

    it("says which key to set when the provider's env_key is missing", () => {
      const r = interpret('codex', 'no-api-key');
      assert.equal(r.reason, 'no API key for codex: set OPENAI_API_KEY or configure a provider (model_provider and its env_key in ~/.codex/config.toml), or log in with `codex login` (Missing environment variable: `FAKE_PROVIDER_KEY`.)');
    });
  });

  describe('Gemini CLI 0.61.0', () => {
    it('reads the session, the closing answer, usage with cached tokens and the model', () => {
      const r = interpret('gemini', 'success');
      assert.equal(r.status, 'success');
      assert.equal(r.summary, 'Wrote hello.txt.');
      assert.match(r.sessionId!, /^[0-9a-f-]{36}$/);
      assert.ok(r.usage!.inputTokens! > 0 && r.usage!.outputTokens! > 0 && r.usage!.cacheReadTokens! > 0, JSON.stringify(r.usage));
      assert.equal(r.model, 'gemini-2.5-flash');
    });

    it('names the write tool its approval mode withheld', () => {
      const r = interpret('gemini', 'write-withheld', { permissionMode: 'default' });
      assert.equal(r.denied, 'Gemini CLI denied write_file: set permissionMode or tools');
    });

    it('says which key to set (exit 41), from its stderr', () => {
      const r = interpret('gemini', 'no-api-key');
      assert.equal(r.exitCode, 41);
      assert.match(r.reason!, /^no API key for gemini: set GEMINI_API_KEY .*\(When using Gemini API, you must specify the GEMINI_API_KEY environment variable\.\)$/);
    });
  });
});
