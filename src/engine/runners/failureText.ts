/**
 * Reading a failed CLI's own words: the line of its stderr worth showing a person, the
 * retry-after it asked for, and whether it failed for want of credentials.
 */

/** Lines every CLI prints that never explain a failure (warnings, progress, stack frames). */
const NOISE = [
  /^\s*at\s/, // a stack frame
  /^\s*[{[]/, // JSON (tool output, events)
  /^WARNING: proceeding, even though we could not create PATH aliases/i, // codex under a temp HOME
  /^Reading (additional )?(input|prompt) from stdin/i, // codex
  /^\[STARTUP\]/, // gemini's startup profiler
  /^Warning: 256-color support not detected/i, // gemini
  /^(Loaded cached credentials|Data collection is disabled)/i, // gemini
  /^\s*\^+\s*$/, // a caret marker
  /^\s*[-=]{3,}\s*$/, // rules
];

/**
 * The last line of `stderr` that says something: not blank, not a stack frame or JSON, not one
 * of the CLIs' routine warnings. Cut to 300 characters.
 */
export function lastMeaningfulLine(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/).map((l) => stripAnsi(l).trim()).filter((l) => l && !NOISE.some((n) => n.test(l)));
  const line = lines.at(-1);
  if (!line) return undefined;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

const RETRY_AFTER = [
  /retry[- ]after[:\s]+(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|seconds?)?/i,
  /try again in\s+(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|seconds?)/i,
  /suggested retry after\s+(\d+(?:\.\d+)?)\s*(ms|s)/i,
  /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)(s)"/i,
];

/** The wait a rate-limit message asks for, in ms; undefined when it names none. */
export function retryAfterMsIn(text: string | undefined): number | undefined {
  if (!text) return undefined;
  let found: number | undefined;
  for (const pattern of RETRY_AFTER) {
    for (const match of text.matchAll(new RegExp(pattern, 'gi'))) {
      const value = Number(match[1]);
      const unit = (match[2] ?? 's').toLowerCase();
      if (!Number.isFinite(value)) continue;
      // The last one wins: a CLI that retried prints the most recent request's wait last.
      found = unit.startsWith('ms') || unit.startsWith('milli') ? value : value * 1000;
    }
  }
  return found;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}
