import { spawn, type ChildProcess } from 'node:child_process';
import { Redactor, type StreamRedactor } from '../secrets/redactor';
import type { ExitReason, KillReason, ProcessExit, ProcessSpec, RunningAgent } from './agentProcess';
import { OutputCapture } from './outputCapture';
import { ProcessLog } from './processLog';
import { isProcessGroupAlive, killProcessTree } from './processTree';
import { describeSpawnError, workingDirectoryProblem } from './spawnFailure';
import { programProblem } from '../util/findProgram';

const DEFAULT_KILL_GRACE_MS = 5000;
const TAIL_CHARS = 4096;
/** setTimeout overflows above this (~24.8 days) and fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often a leftover process group is checked after the agent itself exits. */
const GROUP_POLL_MS = 50;
/** Waiting for pipes held by a process that escaped the group (setsid) ends after this. */
const ORPHAN_PIPE_MS = 1000;

/**
 * The running process behind `startAgentProcess`: spawning, output, timers, and stopping the
 * process group. Every path ends in exactly one `#conclude`, which resolves `done`.
 */
export class AgentProcessHandle implements RunningAgent {
  readonly pid: number | undefined;
  readonly done: Promise<ProcessExit>;
  readonly #spec: ProcessSpec;
  readonly #started = Date.now();
  readonly #stdout = new OutputCapture();
  readonly #timers = new Set<NodeJS.Timeout>();
  #resolve!: (exit: ProcessExit) => void;
  #log: ProcessLog | undefined;
  #child: ChildProcess | undefined;
  #tail = '';
  #stderrTail = '';
  #stallTimer: NodeJS.Timeout | undefined;
  #killReason: KillReason | undefined;
  #killError: string | undefined;
  #exit: { code: number | null; signal: string | null } | undefined;
  #stdioClosed = false;
  #finishing = false;
  #orphanPipeTimer = false;
  readonly #redact: Record<'stdout' | 'stderr', StreamRedactor>;
  #paused = false;

  constructor(spec: ProcessSpec) {
    this.#spec = spec;
    const redactor = spec.redactor ?? Redactor.none;
    this.#redact = { stdout: redactor.stream(), stderr: redactor.stream() };
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    this.pid = this.#start();
  }

  kill(reason: KillReason = 'cancelled'): void {
    // Once the agent has exited its leftovers are already being stopped, and the run stays `exited`.
    if (this.#finishing || this.#killReason || this.#exit) return;
    this.#killReason = reason;
    this.#killError = this.#describeKill(reason);
    this.#clearStallTimer();
    if (this.pid === undefined) return;
    this.#log?.write(`\n=== ${this.#killError}: stopping the agent's process group ===\n`);
    killProcessTree(this.pid, 'SIGTERM');
    const grace = this.#spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    this.#after(grace, () => killProcessTree(this.pid!, 'SIGKILL'));
    // Safety: a process stuck in the kernel (D state) may never exit; done must still resolve.
    this.#after(grace + 2000, () => this.#finish());
  }

  /** Returns the pid, or undefined after recording why nothing started. */
  #start(): number | undefined {
    const spec = this.#spec;
    if (spec.signal?.aborted) return this.#failEarly('cancelled', 'cancelled before the agent started');
    const cwdProblem = workingDirectoryProblem(spec.cwd);
    if (cwdProblem) return this.#failEarly('spawn-failed', cwdProblem);
    const shown = spec.contained ?? { command: spec.command, args: spec.args };
    if (spec.contained) {
      const problem = programProblem(shown.command, spec.env.PATH, spec.cwd);
      if (problem) return this.#failEarly('spawn-failed', describeSpawnError({ code: problem }, shown.command, spec.cwd));
    }
    try {
      this.#log = ProcessLog.open(spec.logFile, shown.command, shown.args, spec.cwd, new Date(this.#started), spec.maxLogBytes ?? 0, spec.redactor);
    } catch (error) {
      return this.#failEarly('spawn-failed', `cannot write the agent log \`${spec.logFile}\`: ${(error as Error).message}`);
    }
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.env,
        detached: true,
        shell: false,
        windowsHide: true,
        stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      // spawn throws synchronously for invalid arguments (a NUL byte, EINVAL on Windows).
      return this.#failEarly('spawn-failed', describeSpawnError(error, spec.command, spec.cwd));
    }
    this.#child = child;
    this.#wire(child);
    return child.pid;
  }

  #wire(child: ChildProcess): void {
    const spec = this.#spec;
    child.once('error', (error) => {
      // Without a pid the process never started; with one, 'exit' still follows.
      if (child.pid === undefined) this.#failEarly('spawn-failed', describeSpawnError(error, spec.command, spec.cwd));
    });
    if (child.pid === undefined) return;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.#onData(chunk, 'stdout'));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.#onData(chunk, 'stderr'));
    if (spec.stdin !== undefined && child.stdin) {
      // An agent that exits without reading stdin makes the write fail with EPIPE; that is its business.
      child.stdin.on('error', () => undefined);
      child.stdin.end(spec.stdin);
    }
    child.once('exit', (code, signal) => this.#onLeaderExit(code, signal));
    child.once('close', () => {
      this.#stdioClosed = true;
      this.#settleIfGroupGone();
    });
    this.#after(spec.timeoutMs, () => this.kill('timeout'));
    if (spec.stallTimeoutMs > 0) this.#stallTimer = this.#after(spec.stallTimeoutMs, () => this.kill('stalled'));
    spec.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  readonly #onAbort = (): void => this.kill('cancelled');

  // Safety: the output is redacted here, at its source, so the log, the live view, the tail in
  // error messages and the stdout the runner turns into a summary never hold a secret.
  #onData(raw: string, stream: 'stdout' | 'stderr'): void {
    this.#stallTimer?.refresh();
    this.#emit(this.#redact[stream].push(raw), stream);
  }

  #emit(chunk: string, stream: 'stdout' | 'stderr'): void {
    if (!chunk) return;
    if (stream === 'stdout') this.#stdout.append(chunk);
    this.#tail = (this.#tail + chunk).slice(-TAIL_CHARS);
    if (stream === 'stderr') this.#stderrTail = (this.#stderrTail + chunk).slice(-TAIL_CHARS);
    if (this.#log && !this.#log.write(chunk)) this.#pauseForLog();
    try {
      this.#spec.onOutput?.(chunk, stream);
    } catch {
      // A failing observer must not take the agent's process handling down with it.
    }
  }

  // The log's queue is full (an agent printing faster than the disk takes it): stop reading the
  // pipes until it drains, so the agent waits on its writes instead of the engine's memory filling.
  #pauseForLog(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#child?.stdout?.pause();
    this.#child?.stderr?.pause();
    this.#log!.onDrain(() => {
      this.#paused = false;
      this.#child?.stdout?.resume();
      this.#child?.stderr?.resume();
    });
  }

  #onLeaderExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#finishing) return;
    this.#exit = { code, signal };
    this.#clearStallTimer();
    const pid = this.pid!;
    if (isProcessGroupAlive(pid) && !this.#killReason && this.#spec.contained) {
      // Safety: in a sandbox what is left is its PID namespace's first process, which ignores
      // SIGTERM; killing it makes the kernel kill everything in the namespace, setsid daemons too.
      killProcessTree(pid, 'SIGKILL');
    } else if (isProcessGroupAlive(pid) && !this.#killReason) {
      // Leftovers of a normal exit: stop them the same way, but the run still counts as exited.
      killProcessTree(pid, 'SIGTERM');
      const grace = this.#spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
      this.#after(grace, () => killProcessTree(pid, 'SIGKILL'));
      this.#after(grace + 2000, () => this.#finish());
    }
    const poll = setInterval(() => this.#settleIfGroupGone(), GROUP_POLL_MS);
    this.#timers.add(poll);
    this.#settleIfGroupGone();
  }

  #settleIfGroupGone(): void {
    if (!this.#exit || this.#finishing || isProcessGroupAlive(this.pid!)) return;
    if (this.#stdioClosed) return void this.#finish();
    if (this.#orphanPipeTimer) return;
    // Everything in the group is gone but a pipe is still open: a process that left the group
    // (setsid) holds it. Give buffered output a moment, then stop listening.
    this.#orphanPipeTimer = true;
    this.#after(ORPHAN_PIPE_MS, () => this.#finish());
  }

  #failEarly(reason: ExitReason, error: string): undefined {
    void this.#conclude(reason, error);
    return undefined;
  }

  #finish(): void {
    const reason: ExitReason = this.#killReason ?? 'exited';
    void this.#conclude(reason, this.#killError);
  }

  async #conclude(reason: ExitReason, error: string | undefined): Promise<void> {
    if (this.#finishing) return;
    this.#finishing = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#spec.signal?.removeEventListener('abort', this.#onAbort);
    // Safety: never report done while something of the agent may still run.
    if (this.pid !== undefined && isProcessGroupAlive(this.pid)) killProcessTree(this.pid, 'SIGKILL');
    this.#child?.stdout?.destroy();
    this.#child?.stderr?.destroy();
    // What a redactor held back as a possible start of a secret is not one: the stream ended.
    this.#emit(this.#redact.stdout.end(), 'stdout');
    this.#emit(this.#redact.stderr.end(), 'stderr');
    const exit: ProcessExit = {
      exitCode: this.#exit?.code ?? null,
      signal: this.#exit?.signal ?? null,
      reason,
      durationMs: Date.now() - this.#started,
      outputTail: this.#tail,
      stderrTail: this.#stderrTail,
      stdout: this.#stdout.text(),
    };
    if (error !== undefined) exit.error = error;
    await this.#log?.close(`exit code ${exit.exitCode ?? '-'} · signal ${exit.signal ?? '-'} · ${reason}${error ? ` · ${error}` : ''} · ${exit.durationMs} ms`);
    this.#resolve(exit);
  }

  #describeKill(reason: KillReason): string {
    const seconds = (ms: number): string => `${+(ms / 1000).toFixed(1)} s`;
    if (reason === 'timeout') return `timed out after ${seconds(this.#spec.timeoutMs)}`;
    if (reason === 'stalled') return `stalled: no output for ${seconds(this.#spec.stallTimeoutMs)}`;
    return 'cancelled';
  }

  #after(ms: number, action: () => void): NodeJS.Timeout {
    const timer = setTimeout(action, Math.min(ms, MAX_TIMER_MS));
    this.#timers.add(timer);
    return timer;
  }

  #clearStallTimer(): void {
    if (!this.#stallTimer) return;
    clearTimeout(this.#stallTimer);
    this.#timers.delete(this.#stallTimer);
    // Dropped, not just cleared: refresh() on output must not re-arm it.
    this.#stallTimer = undefined;
  }
}
