import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunnerConfigError } from '../../../src/engine/runners/agentRunner';
import { runnerFor } from '../../../src/engine/runners/runnerRegistry';
import { RUNNER_KINDS } from '../../../src/engine/model/agentSchema';
import { FIXTURES, Sandbox, makeAgent, makeTask, runAgent } from './runnerHarness';

interface Recorded {
  argv: string[];
  stdin?: string;
  message?: string;
  cwd: string;
  env?: Record<string, string>;
}

describe('runners (end to end with stand-in CLIs)', () => {
  let box: Sandbox;
  beforeEach(() => {
    box = new Sandbox();
  });
  afterEach(() => box.dispose());

  const recorded = (): Recorded => JSON.parse(readFileSync(box.path('record.json'), 'utf8')) as Recorded;
  const fakeEnv = (mode: string, extra: Record<string, string> = {}): Record<string, string> =>
    box.parentEnv({ FAKE_MODE: mode, FAKE_RECORD: box.path('record.json'), ...extra });
  const fakeAgent = (runner: Parameters<typeof makeAgent>[0] = {}) => makeAgent({ env: ['FAKE_MODE', 'FAKE_RECORD', 'FAKE_RESULT', 'FAKE_EXIT'], ...runner });

  describe('claude-code', () => {
    it('passes the frontmatter as flags, the prompt on stdin, and parses session, cost and usage', async () => {
      const agent = fakeAgent({ model: 'opus', tools: ['Read', 'Bash(git log:*)'], disallowedTools: ['WebFetch'], frontmatter: { permissionMode: 'acceptEdits', maxTurns: 12 } });
      const { exit, result } = await runAgent(box, agent, makeTask(), { parentEnv: fakeEnv('success') });
      assert.equal(exit.reason, 'exited');
      assert.deepEqual(result, {
        status: 'success', summary: 'Implemented the login form and its tests.', artifacts: [], exitCode: 0,
        sessionId: 'fake-session-0001', costUsd: 0.0421, usage: { inputTokens: 1200, outputTokens: 345, cacheReadTokens: 300 }, model: 'claude-sonnet-fake',
      });
      const { argv, stdin, cwd } = recorded();
      assert.deepEqual(argv, [
        '-p', '--output-format', 'stream-json', '--verbose', '--model', 'opus', '--tools', 'Read,Bash', '--allowedTools', 'Read,Bash(git log:*)',
        '--disallowedTools', 'WebFetch', '--permission-mode', 'acceptEdits', '--max-turns', '12',
        '--append-system-prompt', 'You are a careful full-stack engineer.',
      ]);
      assert.match(stdin!, /## Your task/);
      assert.ok(!stdin!.includes('You are a careful'), 'the body goes in the system prompt, not repeated in the prompt');
      assert.equal(cwd, box.worktree);
    });

    it('omits --model for inherit and tools flags when none are set, and lets the agent edit its worktree by default', () => {
      const plan = runnerFor('claude-code').prepare({ agent: makeAgent({ model: 'inherit', body: '' }), task: makeTask(), prompt: 'p', promptFile: '/p', worktree: '/w', workspaceRoot: '/r' });
      assert.deepEqual(plan.args, ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits']);
      assert.equal(plan.command, 'claude');
      assert.equal(plan.stdin, 'p');
    });

    it('honours the executable setting and a per-agent permission mode', () => {
      const plan = runnerFor('claude-code').prepare({
        agent: makeAgent({ body: '', frontmatter: { permissionMode: 'plan' } }), task: makeTask(), prompt: 'p', promptFile: '/p', worktree: '/w', workspaceRoot: '/r', executable: '/opt/claude/bin/claude',
      });
      assert.equal(plan.command, '/opt/claude/bin/claude');
      assert.deepEqual(plan.args.slice(-2), ['--permission-mode', 'plan']);
    });

    it('reports the turn limit as a failure with its reason', async () => {
      const { result } = await runAgent(box, fakeAgent(), makeTask(), { parentEnv: fakeEnv('error') });
      assert.equal(result.status, 'failure');
      assert.equal(result.exitCode, 1);
      assert.equal(result.reason, 'the process exited with code 1 (reached the turn limit (12 turns))');
      assert.equal(result.sessionId, 'fake-session-0001');
      assert.equal(result.rateLimited, undefined);
    });

    it('flags a usage limit as rate limited', async () => {
      const { result } = await runAgent(box, fakeAgent(), makeTask(), { parentEnv: fakeEnv('ratelimit') });
      assert.equal(result.status, 'failure');
      assert.equal(result.rateLimited, true);
      assert.match(result.reason!, /usage limit reached/);
    });

    it('survives a crash with a torn line and no result event', async () => {
      const { result } = await runAgent(box, fakeAgent(), makeTask(), { parentEnv: fakeEnv('crash') });
      assert.equal(result.status, 'failure');
      assert.equal(result.exitCode, 3);
      assert.match(result.reason!, /^the process exited with code 3/);
      assert.equal(result.summary, 'I will make the change.');
    });

    it('takes the result file as the claim over the stream', async () => {
      const file = JSON.stringify({ status: 'success', summary: 'Form done; see docs/login.md', artifacts: ['docs/login.md'], extra: 1 });
      const { result } = await runAgent(box, fakeAgent(), makeTask(), { parentEnv: fakeEnv('success', { FAKE_RESULT: file }) });
      assert.equal(result.status, 'success');
      assert.equal(result.summary, 'Form done; see docs/login.md');
      assert.deepEqual(result.artifacts, ['docs/login.md']);
      assert.equal(result.costUsd, 0.0421, 'metrics still come from the stream');
    });

    it('names the contradiction when the file says success but the process failed', async () => {
      const file = JSON.stringify({ status: 'success', summary: 'all good', artifacts: [] });
      const { result } = await runAgent(box, fakeAgent(), makeTask(), { parentEnv: fakeEnv('success', { FAKE_RESULT: file, FAKE_EXIT: '2' }) });
      assert.equal(result.status, 'failure');
      assert.equal(result.reason, 'the result file says success, but the process exited with code 2');
    });

    it('fails a malformed result file, naming the problem', async () => {
      const { result } = await runAgent(box, fakeAgent(), makeTask(), { parentEnv: fakeEnv('success', { FAKE_RESULT: '{"status":"done"}' }) });
      assert.equal(result.status, 'failure');
      assert.match(result.reason!, /^the result file is malformed: `status`: /);
    });

    it('stops a stalled claude and reports the stall', async () => {
      const { exit, result } = await runAgent(box, fakeAgent(), makeTask(), { parentEnv: fakeEnv('silent'), stallTimeoutMs: 600, killGraceMs: 100 });
      assert.equal(exit.reason, 'stalled');
      assert.equal(result.status, 'failure');
      assert.equal(result.reason, 'the process stalled: no output for 0.6 s');
      assert.equal(result.sessionId, 'fake-session-0001');
    });

    it('reports a missing claude binary by name', async () => {
      const { exit, result } = await runAgent(box, fakeAgent(), makeTask(), { parentEnv: { PATH: box.path('empty-bin'), FAKE_MODE: 'success' } });
      assert.equal(exit.reason, 'spawn-failed');
      assert.equal(result.status, 'failure');
      assert.equal(result.reason, "the process could not start: agent command `claude` was not found on PATH (install it or set the agent's runner)");
    });
  });

  describe('codex', () => {
    it('passes the prompt as the last argument and reads the final agent message and usage', async () => {
      const { result } = await runAgent(box, fakeAgent({ runner: 'codex', model: 'gpt-5' }), makeTask(), { parentEnv: fakeEnv('success') });
      assert.deepEqual(result, {
        status: 'success', summary: 'Added the endpoint and a test.', artifacts: [], exitCode: 0,
        sessionId: 'fake-thread-42', usage: { inputTokens: 4000, outputTokens: 250, cacheReadTokens: 1000, cacheWriteTokens: 0 },
      });
      const { argv, cwd } = recorded();
      assert.deepEqual(argv.slice(0, 8), ['exec', '--json', '--sandbox', 'workspace-write', '-c', 'approval_policy="never"', '--model', 'gpt-5']);
      assert.match(argv[8]!, /^You are a careful full-stack engineer\.\n\n## Your task/);
      assert.equal(cwd, box.worktree);
    });

    it('sends a prompt too long for one argument on stdin with `-`', async () => {
      const long = 'x'.repeat(150_000);
      const { result } = await runAgent(box, fakeAgent({ runner: 'codex', body: long }), makeTask(), { parentEnv: fakeEnv('success') });
      assert.equal(result.status, 'success');
      const { argv, stdin } = recorded();
      assert.equal(argv.at(-1), '-');
      assert.ok(stdin!.startsWith(long));
    });

    it('reports turn.failed with its message', async () => {
      const { result } = await runAgent(box, fakeAgent({ runner: 'codex' }), makeTask(), { parentEnv: fakeEnv('error') });
      assert.equal(result.status, 'failure');
      assert.equal(result.reason, 'the process exited with code 1 (sandbox denied write to /etc/hosts)');
      assert.equal(result.rateLimited, undefined);
    });

    it('flags a 429 as rate limited', async () => {
      const { result } = await runAgent(box, fakeAgent({ runner: 'codex' }), makeTask(), { parentEnv: fakeEnv('ratelimit') });
      assert.equal(result.rateLimited, true);
    });
  });

  describe('gemini', () => {
    it('passes -p, -m and the approval mode, and joins the closing answer', async () => {
      const agent = fakeAgent({ runner: 'gemini', model: 'gemini-2.5-pro', frontmatter: { permissionMode: 'acceptEdits' } });
      const { result } = await runAgent(box, agent, makeTask(), { parentEnv: fakeEnv('success') });
      assert.deepEqual(result, {
        status: 'success', summary: 'Updated the README with setup steps.', artifacts: [], exitCode: 0,
        sessionId: 'gemini-session-7', usage: { inputTokens: 800, outputTokens: 100 }, model: 'gemini-2.5-pro',
      });
      const { argv } = recorded();
      assert.equal(argv[0], '-p');
      assert.match(argv[1]!, /## Your task/);
      assert.deepEqual(argv.slice(2), ['--output-format', 'stream-json', '--skip-trust', '-m', 'gemini-2.5-pro', '--approval-mode', 'auto_edit']);
    });

    it('keeps a prompt that starts with a dash from being parsed as an option', () => {
      const input = { agent: makeAgent({ runner: 'gemini', body: '- Always run the tests.' }), task: makeTask(), prompt: '- Always run the tests.', promptFile: '/p', worktree: '/w', workspaceRoot: '/r' };
      assert.equal(runnerFor('gemini').prepare(input).args[1], '\n- Always run the tests.');
      assert.equal(runnerFor('codex').prepare({ ...input, agent: makeAgent({ runner: 'codex' }) }).args.at(-1), '\n- Always run the tests.');
    });

    it('reports an error result with its message, as rate limited when it is a quota', async () => {
      const { result } = await runAgent(box, fakeAgent({ runner: 'gemini' }), makeTask(), { parentEnv: fakeEnv('error') });
      assert.equal(result.status, 'failure');
      assert.equal(result.reason, 'the process exited with code 1 (API error: quota exceeded for model)');
      assert.equal(result.rateLimited, true);
    });
  });

  describe('aider', () => {
    it('reads the prompt from the prompt file, never auto-commits, and summarises from the last lines', async () => {
      const { result } = await runAgent(box, fakeAgent({ runner: 'aider', model: 'sonnet' }), makeTask(), { parentEnv: fakeEnv('success') });
      assert.equal(result.status, 'success');
      assert.match(result.summary, /Added input validation to the signup handler\.$/);
      const { argv, message } = recorded();
      assert.deepEqual(argv.slice(0, 2), ['--message-file', box.promptFile]);
      assert.ok(argv.includes('--no-auto-commits') && argv.includes('--yes-always'));
      assert.deepEqual(argv.slice(-2), ['--model', 'sonnet']);
      assert.match(message!, /## Reporting/);
    });

    it('fails on a non-zero exit', async () => {
      const { result } = await runAgent(box, fakeAgent({ runner: 'aider' }), makeTask(), { parentEnv: fakeEnv('error') });
      assert.equal(result.status, 'failure');
      assert.equal(result.reason, 'the process exited with code 1 (litellm.AuthenticationError: invalid api key)', "the CLI's last stderr line says why");
    });
  });

  describe('command', () => {
    it('substitutes placeholders inside arguments, without a shell, in an allow-listed env', async () => {
      const agent = makeAgent({
        runner: 'command', env: ['INVOCATION_*'],
        command: [process.execPath, join(FIXTURES, 'print-invocation.mjs'), '{prompt_file}', '--task={task_id}', '{worktree}', 'sprint:{sprint_id}/{agent}', '$HOME;{unknown}', "it's {task_id}"],
      });
      const { result, exit } = await runAgent(box, agent, makeTask(), { parentEnv: box.parentEnv({ INVOCATION_EXIT: '0' }) });
      assert.equal(result.status, 'success');
      assert.equal(result.summary, 'done: printed the invocation');
      const seen = JSON.parse(exit.stdout.split('\n')[0]!) as Recorded;
      assert.deepEqual(seen.argv, [box.promptFile, '--task=task-login', box.worktree, 'sprint:sprint-3/fullstack-eng', '$HOME;{unknown}', "it's task-login"]);
      assert.equal(seen.env!.SECRET_TOKEN, undefined, 'the parent secret does not leak');
      assert.equal(seen.env!.INVOCATION_EXIT, '0', 'declared names pass');
      assert.equal(seen.env!.BATON_TASK_ID, 'task-login');
      assert.equal(seen.env!.BATON_RESULT_FILE, box.resultFile);
    });

    it('throws a typed error for an agent without a command', () => {
      const input = { agent: makeAgent({ runner: 'command' }), task: makeTask(), prompt: '', promptFile: '/p', worktree: '/w', workspaceRoot: '/r' };
      assert.throws(() => runnerFor('command').prepare(input), (error) => RunnerConfigError.is(error) && /has no `command`/.test(error.message));
    });
  });

  describe('script', () => {
    it('runs a non-executable .mjs script with Node in the worktree, and reads its result file', async () => {
      const agent = makeAgent({ runner: 'script', script: join(FIXTURES, 'script-agent.mjs') });
      const { result, exit } = await runAgent(box, agent, makeTask());
      assert.equal(exit.stdout.trim(), `script agent ran in ${box.worktree}`);
      assert.equal(result.status, 'success');
      assert.equal(result.summary, 'script read: You are a careful full-stack engineer.');
      assert.deepEqual(result.artifacts, ['docs/out.md']);
      const plan = runnerFor('script').prepare({ agent, task: makeTask(), prompt: '', promptFile: '/p', worktree: '/w', workspaceRoot: '/r' });
      assert.equal(plan.command, process.execPath);
      assert.match(plan.note!, /script-agent\.mjs is not executable; running it with Node/);
    });

    it('runs an executable script directly', async () => {
      const script = box.writeExecutable(box.path('agent.sh'), '#!/bin/sh\necho "task $BATON_TASK_ID in $(pwd)"\n');
      const { result } = await runAgent(box, makeAgent({ runner: 'script', script }), makeTask());
      assert.equal(result.status, 'success');
      assert.equal(result.summary, `task task-login in ${box.worktree}`);
    });

    it('names a .sh script without +x as not executable', async () => {
      const script = box.writeExecutable(box.path('agent.sh'), '#!/bin/sh\necho hi\n', 0o644);
      const { exit, result } = await runAgent(box, makeAgent({ runner: 'script', script }), makeTask());
      assert.equal(exit.reason, 'spawn-failed');
      assert.equal(result.reason, `the process could not start: \`${script}\` is not executable (chmod +x it)`);
    });
  });

  it('has a runner for every kind', () => {
    for (const kind of RUNNER_KINDS) assert.equal(runnerFor(kind).kind, kind);
  });
});
