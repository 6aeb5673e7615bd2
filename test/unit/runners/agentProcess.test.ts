import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAgentProcess, type ProcessSpec } from '../../../src/engine/runners/agentProcess';
import { Redactor } from '../../../src/engine/secrets/redactor';
import { isProcessAlive, killProcessTree } from '../../../src/engine/runners/processTree';
import { FIXTURES, Sandbox, waitFor } from './runnerHarness';

describe('runners/startAgentProcess', () => {
  let box: Sandbox;
  beforeEach(() => {
    box = new Sandbox();
  });
  afterEach(() => box.dispose());

  function spec(overrides: Partial<ProcessSpec>): ProcessSpec {
    return {
      command: process.execPath, args: [], cwd: box.worktree, env: box.parentEnv(), timeoutMs: 10_000, stallTimeoutMs: 5_000,
      killGraceMs: 200, logFile: box.logFile, ...overrides,
    };
  }

  function treeSpec(mode: string, pidFile: string, overrides: Partial<ProcessSpec> = {}): ProcessSpec {
    const env = box.parentEnv({ TREE_MODE: mode, TREE_PID_FILE: pidFile, ...(overrides.env ?? {}) });
    return spec({ args: [join(FIXTURES, 'process-tree.mjs')], ...overrides, env });
  }

  it('streams output to onOutput and an appended log with a header and footer, and passes stdin', async () => {
    const chunks: string[] = [];
    const running = startAgentProcess(spec({
      args: ['-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{console.log("got:"+s);console.error("warn!")})'],
      stdin: 'hello agent',
      logFile: join(box.root, 'deep', 'er', 'run.log'),
      onOutput: (chunk, stream) => chunks.push(`${stream}:${chunk}`),
    }));
    assert.ok(running.pid);
    const exit = await running.done;
    assert.equal(exit.reason, 'exited');
    assert.equal(exit.exitCode, 0);
    assert.equal(exit.stdout, 'got:hello agent\n');
    assert.match(exit.outputTail, /got:hello agent/);
    assert.match(exit.outputTail, /warn!/);
    assert.ok(chunks.includes('stdout:got:hello agent\n'));
    assert.ok(chunks.some((c) => c.startsWith('stderr:warn!')));
    const log = readFileSync(join(box.root, 'deep', 'er', 'run.log'), 'utf8');
    assert.match(log, /^=== baton agent run \d{4}-\d\d-\d\dT/);
    assert.ok(log.includes(`$ ${process.execPath} -e`));
    assert.ok(log.includes(`cwd: ${box.worktree}`));
    assert.match(log, /got:hello agent/);
    assert.match(log, /=== exit code 0 · signal - · exited · \d+ ms ===\n$/);
  });

  it('redacts secrets before anything sees the output, even one split across two writes', async () => {
    const secret = 'sk-ant-api03-SplitAcrossWritesXyZ0123456789';
    const chunks: string[] = [];
    const exit = await startAgentProcess(spec({
      // The halves go out 50 ms apart: two chunks for the engine.
      args: ['-e', `const s=${JSON.stringify(secret)};process.stdout.write("key="+s.slice(0,12));setTimeout(()=>{process.stdout.write(s.slice(12)+"\\n");console.error("err "+s)},50)`],
      redactor: Redactor.fromEnv({ ANTHROPIC_API_KEY: secret }),
      onOutput: (chunk) => chunks.push(chunk),
    })).done;
    assert.equal(exit.exitCode, 0);
    const log = readFileSync(box.logFile, 'utf8');
    for (const text of [log, exit.stdout, exit.outputTail, chunks.join('')]) {
      assert.ok(!text.includes(secret) && !text.includes(secret.slice(12)), text);
    }
    assert.match(log, /key=\[redacted:ANTHROPIC_API_KEY\]\n/);
    assert.match(log, /err \[redacted:ANTHROPIC_API_KEY\]/);
    assert.equal(exit.stdout, 'key=[redacted:ANTHROPIC_API_KEY]\n');
  });

  it('caps the log at maxLogBytes, keeping its start, its end and the footer', async () => {
    const exit = await startAgentProcess(spec({
      args: ['-e', 'for(let i=0;i<50000;i++)process.stdout.write(`line ${i}\\n`);process.stdout.write("LAST\\n")'],
      maxLogBytes: 64 * 1024,
    })).done;
    assert.equal(exit.exitCode, 0);
    const log = readFileSync(box.logFile, 'utf8');
    assert.ok(Buffer.byteLength(log) <= 64 * 1024);
    assert.match(log, /^=== baton agent run [\s\S]*\nline 0\nline 1\n/);
    assert.match(log, /\[baton: \d+ bytes of output were cut here \(max_agent_log_size is 64 KB/);
    assert.match(log, /line 49999\nLAST\n\n=== exit code 0 · signal - · exited · \d+ ms ===\n$/);
  });

  it('keeps only the last ~4 KB as the output tail', async () => {
    const exit = await startAgentProcess(spec({ args: ['-e', 'process.stdout.write("x".repeat(20000) + "END")'] })).done;
    assert.equal(exit.outputTail.length, 4096);
    assert.ok(exit.outputTail.endsWith('END'));
    assert.equal(exit.stdout.length, 20003);
  });

  it('kills the whole process tree on the total timeout (SIGKILL for what ignores SIGTERM)', async () => {
    const pidFile = box.path('grandchild.pid');
    const exit = await startAgentProcess(treeSpec('chatty', pidFile, { timeoutMs: 1500, stallTimeoutMs: 0 })).done;
    assert.equal(exit.reason, 'timeout');
    assert.equal(exit.error, 'timed out after 1.5 s');
    assert.equal(exit.signal, 'SIGTERM');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(isProcessAlive(grandchild), false, 'the grandchild that ignored SIGTERM is gone');
    assert.match(readFileSync(box.logFile, 'utf8'), /timed out after 1\.5 s: stopping the agent's process group/);
  });

  it('kills the whole tree when the agent stalls, even while a grandchild holds its stdout', async () => {
    const pidFile = box.path('grandchild.pid');
    const started = Date.now();
    const exit = await startAgentProcess(treeSpec('silent', pidFile, { stallTimeoutMs: 400, env: { TREE_GRANDCHILD_STDIO: 'inherit' } })).done;
    assert.equal(exit.reason, 'stalled');
    assert.equal(exit.error, 'stalled: no output for 0.4 s');
    assert.match(exit.stdout, /ready\n$/);
    assert.equal(isProcessAlive(Number(readFileSync(pidFile, 'utf8'))), false);
    assert.ok(Date.now() - started < 5000);
  });

  it('stops leftovers of an agent that exited normally, and still reports a clean exit', async () => {
    const pidFile = box.path('grandchild.pid');
    const exit = await startAgentProcess(treeSpec('exit', pidFile)).done;
    assert.equal(exit.reason, 'exited');
    assert.equal(exit.exitCode, 0);
    assert.equal(isProcessAlive(Number(readFileSync(pidFile, 'utf8'))), false);
  });

  it('cancels through the AbortSignal', async () => {
    const pidFile = box.path('grandchild.pid');
    const controller = new AbortController();
    const running = startAgentProcess(treeSpec('chatty', pidFile, {
      signal: controller.signal,
      onOutput: (chunk) => { if (chunk.includes('ready')) controller.abort(); },
    }));
    const exit = await running.done;
    assert.equal(exit.reason, 'cancelled');
    assert.equal(isProcessAlive(running.pid!), false);
    assert.equal(isProcessAlive(Number(readFileSync(pidFile, 'utf8'))), false);
  });

  it('kill() stops the tree with the given reason, once', async () => {
    const running = startAgentProcess(spec({ args: ['-e', 'console.log("up");setInterval(()=>{},1000)'] }));
    await waitFor(() => existsSync(box.logFile) && readFileSync(box.logFile, 'utf8').includes('up'), 5000, 'output');
    running.kill('cancelled');
    running.kill('timeout');
    const exit = await running.done;
    assert.equal(exit.reason, 'cancelled');
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const running = startAgentProcess(spec({ args: ['-e', ''], signal: controller.signal }));
    assert.equal(running.pid, undefined);
    const exit = await running.done;
    assert.equal(exit.reason, 'cancelled');
    assert.equal(exit.exitCode, null);
  });

  it('reports a command missing from PATH by name', async () => {
    const running = startAgentProcess(spec({ command: 'claude', env: { PATH: box.path('nowhere') } }));
    const exit = await running.done;
    assert.equal(running.pid, undefined);
    assert.equal(exit.reason, 'spawn-failed');
    assert.equal(exit.error, "agent command `claude` was not found on PATH (install it or set the agent's runner)");
    assert.match(readFileSync(box.logFile, 'utf8'), /spawn-failed/);
  });

  it('reports a script without +x as not executable', async () => {
    const script = box.writeExecutable(box.path('x.sh'), '#!/bin/sh\necho hi\n', 0o644);
    const exit = await startAgentProcess(spec({ command: script })).done;
    assert.equal(exit.reason, 'spawn-failed');
    assert.equal(exit.error, `\`${script}\` is not executable (chmod +x it)`);
  });

  it('reports a deleted worktree as a missing working directory, never a missing command', async () => {
    rmSync(box.worktree, { recursive: true });
    const exit = await startAgentProcess(spec({ args: ['-e', ''] })).done;
    assert.equal(exit.reason, 'spawn-failed');
    assert.equal(exit.error, `working directory \`${box.worktree}\` does not exist (was the task's worktree removed?)`);
  });

  it('reports an unwritable log file as a spawn failure', async () => {
    writeFileSync(box.promptFile, 'a file, so it cannot be a folder');
    const exit = await startAgentProcess(spec({ args: ['-e', ''], logFile: join(box.promptFile, 'x.log') })).done;
    assert.equal(exit.reason, 'spawn-failed');
    assert.match(exit.error ?? '', /^cannot write the agent log/);
  });

  it('rejects invalid durations with a message naming the option', () => {
    assert.throws(() => startAgentProcess(spec({ timeoutMs: 0 })), /Expected `timeoutMs` to be a positive number of milliseconds, got `0`/);
    assert.throws(() => startAgentProcess(spec({ stallTimeoutMs: -1 })), /`stallTimeoutMs`/);
  });
});

describe('runners/processTree', () => {
  it('kills an orphaned agent group left behind by a dead engine', async () => {
    // Crash recovery sees only a recorded pid: the group leader of a detached agent.
    const child = spawn(process.execPath, ['-e', 'require("child_process").spawn(process.execPath,["-e","setInterval(()=>{},1000)"],{stdio:"ignore"});setInterval(()=>{},1000)'], { detached: true, stdio: 'ignore' });
    const pid = child.pid!;
    assert.equal(isProcessAlive(pid), true);
    assert.equal(killProcessTree(pid, 'SIGKILL'), true);
    await waitFor(() => !isProcessAlive(pid), 5000, 'the group leader to die');
    assert.equal(killProcessTree(999_999_999), false);
    assert.equal(isProcessAlive(-1), false);
  });
});
