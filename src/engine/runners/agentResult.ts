import type { ProcessExit } from './agentProcess';
import { readResultFile, type AgentStatus, type ResultFile } from './resultFile';

export type { AgentStatus } from './resultFile';

/** Token counts as the agent CLI reported them. */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
}

/** What one agent run achieved, settled from its result file, its own output and its exit. */
export interface AgentResult {
  status: AgentStatus;
  summary: string;
  artifacts: string[];
  /** An analyzer's reported outcome, which conditional tasks branch on. */
  outcome?: string;
  knownIssues?: string[];
  sessionId?: string;
  costUsd?: number;
  usage?: TokenUsage;
  exitCode: number | null;
  /** Why the run did not succeed, for people. */
  reason?: string;
  /** The failure looks like a rate or usage limit: back off rather than fail over. */
  rateLimited?: boolean;
}

/** What a runner read from the agent's own output stream. */
export interface StreamClaim {
  /** The verdict of the stream's final event; undefined when there was none. */
  status?: AgentStatus;
  summary?: string;
  /** The stream's error message, when it reported one. */
  error?: string;
  sessionId?: string;
  costUsd?: number;
  usage?: TokenUsage;
}

interface Claim {
  status: AgentStatus;
  summary: string;
  source: string;
  file?: ResultFile;
}

/**
 * Settles a run's result. Precedence: a valid result file is the agent's claim; otherwise the
 * stream's final event; otherwise the exit code. A process that did not exit with 0 (or timed
 * out, stalled, was cancelled) is a failure whatever the claim says — the contradiction is
 * named in `reason`. A malformed result file is a failure. Session, cost and usage always come
 * from the stream.
 *
 * @param fallbackSummary used when neither the file nor the stream gave one (e.g. the last lines of output).
 */
export function settleResult(exit: ProcessExit, stream: StreamClaim, resultFileContent: string | undefined, fallbackSummary: string): AgentResult {
  const reading = readResultFile(resultFileContent);
  const processFailure = describeProcessFailure(exit);
  const result: AgentResult = { status: 'failure', summary: stream.summary || fallbackSummary, artifacts: [], exitCode: exit.exitCode };
  copyMetrics(result, stream);
  if (reading.kind === 'malformed') {
    result.reason = joinReasons(`the result file is malformed: ${reading.problem}`, processFailure);
    return withRateLimit(result, exit, stream);
  }
  const claim = chooseClaim(reading.kind === 'valid' ? reading.result : undefined, stream, processFailure === undefined, result.summary);
  result.summary = claim.summary;
  if (claim.file) applyFile(result, claim.file);
  if (processFailure === undefined) {
    result.status = claim.status;
    if (claim.status !== 'success') result.reason = stream.error ?? `${claim.source} reports ${claim.status}${claim.summary ? `: ${firstLine(claim.summary)}` : ''}`;
  } else {
    // An agent that says it is blocked and exits non-zero agrees with itself; anything stopped by Baton is a failure.
    result.status = claim.status === 'blocked' && exit.reason === 'exited' ? 'blocked' : 'failure';
    result.reason = claim.status === 'success' && claim.source !== 'the exit code'
      ? `${claim.source} says success, but the process ${processFailure}`
      : joinReasons(`the process ${processFailure}`, stream.error);
  }
  return withRateLimit(result, exit, stream);
}

function chooseClaim(file: ResultFile | undefined, stream: StreamClaim, processOk: boolean, summary: string): Claim {
  if (file) return { status: file.status, summary: file.summary.trim() || summary, source: 'the result file', file };
  if (stream.status) return { status: stream.status, summary, source: "the agent's final event" };
  return { status: processOk ? 'success' : 'failure', summary, source: 'the exit code' };
}

function applyFile(result: AgentResult, file: ResultFile): void {
  result.artifacts = file.artifacts;
  if (file.outcome !== undefined) result.outcome = file.outcome;
  if (file.knownIssues?.length) result.knownIssues = file.knownIssues;
}

function copyMetrics(result: AgentResult, stream: StreamClaim): void {
  if (stream.sessionId !== undefined) result.sessionId = stream.sessionId;
  if (stream.costUsd !== undefined) result.costUsd = stream.costUsd;
  if (stream.usage && (stream.usage.inputTokens !== undefined || stream.usage.outputTokens !== undefined)) result.usage = stream.usage;
}

/** "exited with code 2", "timed out after 30 s", ...; undefined for a clean exit 0. */
function describeProcessFailure(exit: ProcessExit): string | undefined {
  switch (exit.reason) {
    case 'exited':
      if (exit.exitCode === 0) return undefined;
      return exit.exitCode !== null ? `exited with code ${exit.exitCode}` : `was killed by ${exit.signal ?? 'a signal'}`;
    case 'spawn-failed':
      return `could not start: ${exit.error ?? 'unknown error'}`;
    case 'cancelled':
      return 'was cancelled';
    default:
      return exit.error ?? exit.reason;
  }
}

function joinReasons(first: string, second: string | undefined): string {
  return second ? `${first} (${firstLine(second)})` : first;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

const RATE_LIMIT = /rate[ _-]?limit|\b429\b|usage limit|too many requests|quota exceeded|resource[ _]exhausted|overloaded_error|\b529\b/i;

function withRateLimit(result: AgentResult, exit: ProcessExit, stream: StreamClaim): AgentResult {
  // Only failures are checked: a successful agent may well have written code that mentions 429.
  // JSON lines are skipped: they carry tool output (test logs, code) that may mention anything.
  const texts = [stream.error, result.status === 'failure' ? stream.summary : undefined, lastLines(exit.outputTail, 20, 4000)];
  if (result.status === 'failure' && texts.some((text) => text && RATE_LIMIT.test(text))) {
    result.rateLimited = true;
  }
  return result;
}

/** The last non-empty lines of plain output, as a summary for agents that report nothing else. */
export function lastLines(output: string, count = 5, maxChars = 1000): string {
  const lines = output.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() && !line.trimStart().startsWith('{'));
  const text = lines.slice(-count).join('\n');
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
}
