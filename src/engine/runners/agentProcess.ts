import type { Redactor } from '../secrets/redactor';
import { AgentProcessHandle } from './agentProcessHandle';

/** How an agent process ended: on its own, or stopped by Baton, or never started. */
export type ExitReason = 'exited' | 'timeout' | 'stalled' | 'cancelled' | 'spawn-failed';
/** The reasons Baton can stop a running agent for. */
export type KillReason = 'timeout' | 'stalled' | 'cancelled';

/** Everything needed to run one agent process. Nothing here is read from the engine's own environment. */
export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  /** The complete environment of the child, already allow-listed (see `buildAgentEnv`). */
  env: Record<string, string>;
  /** Written to the child's stdin, which is then closed; without it stdin is /dev/null. */
  stdin?: string;
  /** Total time allowed, in ms. */
  timeoutMs: number;
  /** Longest silence (no stdout or stderr) allowed, in ms; 0 disables stall detection. */
  stallTimeoutMs: number;
  /** Where the run is logged (appended; parent folders are created). */
  logFile: string;
  signal?: AbortSignal;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Time between SIGTERM and SIGKILL, in ms (default 5000). */
  killGraceMs?: number;
  /**
   * The agent's own command when `command` is a sandbox around it: named in the log and in
   * spawn errors, and looked up on `env.PATH` before the sandbox starts, so "not found" reads
   * the same contained or not.
   */
  contained?: { command: string; args: string[] };
  /**
   * Secrets to replace in the output before anything sees it — the log, `onOutput`, the captured
   * stdout the runner interprets — even when one is split across two chunks.
   */
  redactor?: Redactor;
  /** Cap of the log file in bytes (`settings.max_agent_log_size`); 0 or absent: none. */
  maxLogBytes?: number;
}

/** The outcome of one agent process. Produced for every run, including ones that never started. */
export interface ProcessExit {
  exitCode: number | null;
  signal: string | null;
  reason: ExitReason;
  /** Why the run ended abnormally, for people: spawn errors, timeouts, cancellation. */
  error?: string;
  durationMs: number;
  /** The last ~4 KB of stdout and stderr interleaved, for error reports. */
  outputTail: string;
  /** The last ~4 KB of stderr alone: where CLIs say why they failed. */
  stderrTail: string;
  /** The child's stdout (first 64 KiB and last 4 MiB when larger): what `AgentRunner.interpret` reads. */
  stdout: string;
}

/** A started agent process. `done` never rejects. */
export interface RunningAgent {
  /** Also the process group id; undefined when the process did not start. */
  readonly pid: number | undefined;
  readonly done: Promise<ProcessExit>;
  /** Stops the whole process tree (SIGTERM, then SIGKILL after the grace period). */
  kill(reason?: KillReason): void;
}

/**
 * Starts an agent process: no shell, its own process group (so the whole tree can be stopped),
 * output streamed to the log file and `onOutput`, and stopped on timeout, stall or abort.
 * Problems starting it (missing command, not executable, missing cwd, unwritable log) come
 * back as a `spawn-failed` exit, never as a throw.
 *
 * When the agent exits, anything it left running in its group is stopped too: a background
 * server an agent started must not outlive its task. `done` resolves once the group is gone
 * (or has been sent SIGKILL) and the log is flushed.
 *
 * @throws TypeError only for invalid options (a programming error).
 */
export function startAgentProcess(spec: ProcessSpec): RunningAgent {
  checkDuration('timeoutMs', spec.timeoutMs, false);
  checkDuration('stallTimeoutMs', spec.stallTimeoutMs, true);
  if (spec.killGraceMs !== undefined) checkDuration('killGraceMs', spec.killGraceMs, true);
  return new AgentProcessHandle(spec);
}

function checkDuration(name: string, value: number, zeroAllowed: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw new TypeError(`Expected \`${name}\` to be a ${zeroAllowed ? 'non-negative' : 'positive'} number of milliseconds, got \`${String(value)}\``);
  }
}

