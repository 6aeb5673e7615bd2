import type { ProcessExit } from './agentProcess';
import { lastMeaningfulLine, retryAfterMsIn } from './failureText';
import { readResultFile, type AgentStatus, type ResultFile } from './resultFile';

export type { AgentStatus } from './resultFile';

/**
 * Token counts as the agent CLI reported them. `inputTokens` are the uncached input tokens where
 * the CLI tells them apart (Claude Code, Codex); cache reads and writes are counted separately,
 * because they are priced differently.
 */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/** How a runner reads failures its CLI reports in words rather than in its stream. */
export interface FailureContext {
  /** Matches the CLI's words for missing or rejected credentials. */
  authFailure?: RegExp;
  /** The reason to give instead, naming what to set ("no API key for codex: set OPENAI_API_KEY …"). */
  authReason?: string;
  /** How the run was restricted on purpose (e.g. a read-only sandbox), for a run that changed nothing. */
  restriction?: string;
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
  /** Cost as the CLI reported it (Claude Code); the engine prices the others from `usage`. */
  costUsd?: number;
  /** Set by the engine: whether `costUsd` is the CLI's own figure or priced from the table. */
  costSource?: 'cli' | 'price-table';
  usage?: TokenUsage;
  /** The model that did (most of) the work, as the CLI named it. */
  model?: string;
  exitCode: number | null;
  /** Why the run did not succeed, for people. */
  reason?: string;
  /** The failure looks like a rate or usage limit: back off rather than fail over. */
  rateLimited?: boolean;
  /** How long the CLI (or its API) asked to wait before trying again, in ms. */
  retryAfterMs?: number;
  /**
   * Tools the CLI refused the agent, as a sentence naming them and the fix ("Claude Code denied
   * Write (src/a.ts): set permissionMode or tools"). A run can claim success despite them; the
   * engine puts this first in the reason when the evidence is missing.
   */
  denied?: string;
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
  model?: string;
  /** A wait the stream asked for (e.g. Claude Code's last `api_retry` delay), in ms. */
  retryAfterMs?: number;
  denied?: string;
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
export function settleResult(exit: ProcessExit, stream: StreamClaim, resultFileContent: string | undefined, fallbackSummary: string, context: FailureContext = {}): AgentResult {
  const reading = readResultFile(resultFileContent);
  const processFailure = describeProcessFailure(exit);
  // A CLI that failed without saying why in its stream said it on stderr.
  stream = stream.error || !processFailure ? stream : { ...stream, ...(lastMeaningfulLine(exit.stderrTail) ? { error: lastMeaningfulLine(exit.stderrTail)! } : {}) };
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
  if (result.status !== 'success') explainAuth(result, exit, stream, context);
  if (context.restriction && !result.denied) result.denied = context.restriction;
  return withRateLimit(result, exit, stream);
}

/** A failure for want of credentials gets the runner's reason, which names what to set. */
function explainAuth(result: AgentResult, exit: ProcessExit, stream: StreamClaim, context: FailureContext): void {
  if (!context.authFailure || !context.authReason) return;
  const said = [stream.error, stream.summary, exit.stderrTail].find((text) => text && context.authFailure!.test(text));
  if (!said) return;
  // The CLI's own line that matched: it names what is missing ("Missing environment variable: `X`").
  const words = said.split('\n').map((l) => l.trim()).find((l) => context.authFailure!.test(l)) ?? firstLine(said);
  result.reason = words ? `${context.authReason} (${words})` : context.authReason;
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
  const usage = stream.usage ? compactUsage(stream.usage) : undefined;
  if (usage) result.usage = usage;
  if (stream.model) result.model = stream.model;
  if (stream.denied) result.denied = stream.denied;
}

/** The usage without its undefined counts; undefined when the CLI reported none. */
export function compactUsage(usage: TokenUsage): TokenUsage | undefined {
  const out: TokenUsage = {};
  for (const key of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens'] as const) {
    const value = usage[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
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
    const wait = stream.retryAfterMs ?? retryAfterMsIn(exit.stderrTail) ?? retryAfterMsIn(stream.error);
    if (wait !== undefined) result.retryAfterMs = wait;
  }
  return result;
}

/** The last non-empty lines of plain output, as a summary for agents that report nothing else. */
export function lastLines(output: string, count = 5, maxChars = 1000): string {
  const lines = output.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() && !line.trimStart().startsWith('{'));
  const text = lines.slice(-count).join('\n');
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
}
