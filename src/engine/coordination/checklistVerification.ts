import type { ChecklistItem } from '../model/workspace';
import { runCommand, type CommandOptions, type CommandOutcome, type Contain } from '../run/runCommand';
import type { ChecklistResult } from '../state/events';

/** Longest output tail kept per checklist item: enough to see why a test failed. */
const OUTPUT_TAIL = 4096;
const DEFAULT_TIMEOUT_SECONDS = 600;

/** What a handoff checklist's verification found. */
export interface ChecklistVerification {
  /** True when every item with a command passed (items without one do not count). */
  passed: boolean;
  checklist: ChecklistResult[];
  durationMs: number;
}

export interface VerifyOptions {
  /** The worktree folder the commands run in (the workspace root inside it). */
  cwd: string;
  env: Record<string, string>;
  /** Runs each command contained (see `RunSandbox.command`). */
  contain?: Contain;
  /** Runs one command; tests inject a fake. */
  run?: (argv: readonly string[], options: CommandOptions) => Promise<CommandOutcome>;
}

/**
 * Runs a task's handoff checklist in its worktree, one command at a time (they may share
 * build output, and the machine's cores belong to the agents). A verify command is an argument
 * list run without a shell; it passes only on exit 0. Every item runs, so a person sees all
 * that failed at once; items without a command are the agent's statements and stay unverified.
 */
export async function verifyChecklist(items: readonly ChecklistItem[], options: VerifyOptions): Promise<ChecklistVerification> {
  const run = options.run ?? runCommand;
  const started = Date.now();
  const checklist: ChecklistResult[] = [];
  for (const item of items) {
    if (!item.verify?.length) {
      checklist.push({ item: item.item });
      continue;
    }
    const outcome = await run(item.verify, { cwd: options.cwd, env: options.env, timeoutMs: 1000 * (item.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS), ...(options.contain ? { contain: options.contain } : {}) });
    const result: ChecklistResult = { item: item.item, verify: [...item.verify], passed: outcome.ok, exitCode: outcome.exitCode, durationMs: outcome.durationMs };
    const output = outcome.output.length > OUTPUT_TAIL ? `…${outcome.output.slice(-OUTPUT_TAIL)}` : outcome.output;
    if (output.trim()) result.output = output;
    if (!outcome.ok) result.reason = outcome.reason ?? 'failed';
    checklist.push(result);
  }
  return { passed: checklist.every((c) => c.passed !== false), checklist, durationMs: Date.now() - started };
}

/** "checklist item `unit tests pass` failed: `npm test` exited 1 (last output: …)", one per failing item. */
export function describeChecklistFailures(checklist: readonly ChecklistResult[]): string {
  return checklist
    .filter((c) => c.passed === false)
    .map((c) => {
      const tail = lastLine(c.output ?? '');
      return `checklist item "${c.item}" failed: \`${(c.verify ?? []).join(' ')}\` ${c.reason ?? 'failed'}${tail ? ` (${tail})` : ''}`;
    })
    .join('; ');
}

function lastLine(output: string): string {
  const line = output.trim().split('\n').pop()?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
