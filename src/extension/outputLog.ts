import * as vscode from 'vscode';
import { Redactor } from '../engine/secrets/redactor';
import type { EngineEvent } from '../engine/state/events';

/** Where the extension writes notes for people: the Baton output channel. */
export interface OutputLog {
  appendLine(line: string): void;
  show(): void;
  /** The host's secrets replaced by `[redacted:NAME]`: for any text shown elsewhere (notifications, terminals). */
  redact(text: string): string;
}

const KEEP = 300;

/**
 * The Baton output channel: a log channel, so every line carries its time (and VS Code's log
 * level controls), also keeping its last lines so the test API can hand them to a failing test
 * (a run that ended in an error says why there).
 */
export class BatonOutput implements OutputLog, vscode.Disposable {
  readonly #channel = vscode.window.createOutputChannel('Baton', { log: true });
  readonly #lines: string[] = [];
  /** Built once from the extension host's environment; the same one the engine gets. */
  readonly redactor: Redactor;

  constructor(redactor: Redactor = Redactor.none) {
    this.redactor = redactor;
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  // Safety: every line reaches the channel redacted, whatever produced it.
  appendLine(raw: string): void {
    const line = this.redactor.redact(raw);
    this.#lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (this.#lines.length > KEEP) this.#lines.shift();
    if (/\b(failed|error|could not)\b/i.test(line)) this.#channel.warn(line);
    else this.#channel.info(line);
  }

  show(): void {
    this.#channel.show(true);
  }

  get lines(): readonly string[] {
    return this.#lines;
  }

  dispose(): void {
    this.#channel.dispose();
  }
}

/** The line a run event writes to the output channel: where each run starts, pauses and ends. */
export function runEventLine(e: EngineEvent): string | undefined {
  switch (e.type) {
    case 'run:started':
      return `Run ${e.runId} of sprint ${e.sprint} started: ${e.taskIds.length} task${e.taskIds.length === 1 ? '' : 's'} from ${e.baseBranch} (${e.baseCommit.slice(0, 8)}), at most ${e.maxParallel} agent${e.maxParallel === 1 ? '' : 's'} at once.`;
    case 'run:resumed':
      return `Run ${e.runId} resumed.`;
    case 'run:paused':
      return `Run ${e.runId} paused${e.reason ? `: ${e.reason}` : ''}.`;
    case 'run:completed':
      return `Run ${e.runId} completed${e.integrationBranch ? `: ${e.mergedTasks?.length ?? 0} task branches merged into ${e.integrationBranch}` : ''}.`;
    case 'run:stopped':
      return `Run ${e.runId} stopped: ${e.reason}.`;
    case 'run:cancelled':
      return `Run ${e.runId} cancelled${e.reason ? `: ${e.reason}` : ''}.`;
    default:
      return undefined;
  }
}
