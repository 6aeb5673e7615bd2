import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Redactor } from '../secrets/redactor';
import { BoundedLogFile } from './boundedLogFile';

/** Longest argument shown in the log header: a prompt passed as an argument is not repeated. */
const MAX_SHOWN_ARG = 200;

/**
 * The append-only log of one agent run: a header naming what ran where and when, the raw
 * output as it arrives, and a footer with how it ended. Opening is synchronous so a log that
 * cannot be written is known before the agent starts. Capped at `maxBytes` (boundedLogFile.ts):
 * past it, the start and the end are kept with a marker of what was cut.
 */
export class ProcessLog {
  readonly #file: BoundedLogFile;
  readonly #redactor: Redactor;

  private constructor(file: BoundedLogFile, redactor: Redactor) {
    this.#file = file;
    this.#redactor = redactor;
  }

  /**
   * Creates the parent folders and opens `file` for appending.
   * @param maxBytes the cap (`settings.max_agent_log_size`); 0: none.
   * @param redactor applied to the header and footer (a command line may carry a token); the
   *   output is redacted by the caller, chunk by chunk.
   * @throws the file system error when the file cannot be opened.
   */
  static open(file: string, command: string, args: readonly string[], cwd: string, now: Date, maxBytes = 0, redactor = Redactor.none): ProcessLog {
    mkdirSync(dirname(file), { recursive: true });
    const log = new ProcessLog(BoundedLogFile.open(file, maxBytes), redactor);
    log.write(redactor.redact(`=== baton agent run ${now.toISOString()} ===\n$ ${formatCommand(command, args)}\ncwd: ${cwd}\n\n`));
    return log;
  }

  /** Queues output (already redacted); false when the producer should pause until {@link onDrain}. */
  write(text: string): boolean {
    return this.#file.write(text);
  }

  onDrain(resume: () => void): void {
    this.#file.onDrain(resume);
  }

  /** Bytes of output cut from the middle of the log. */
  get cutBytes(): number {
    return this.#file.cutBytes;
  }

  /** Writes the footer and resolves once everything is on disk (or the log has failed). */
  close(footer: string): Promise<void> {
    return this.#file.close(this.#redactor.redact(`\n=== ${footer} ===\n`));
  }
}

/** A command line for people to read (and to paste into a shell); never executed as such. */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map(shellQuote).join(' ');
}

function shellQuote(arg: string): string {
  const shown = arg.length > MAX_SHOWN_ARG ? `${arg.slice(0, MAX_SHOWN_ARG)}…(${arg.length} chars)` : arg;
  if (/^[\w@%+=:,./-]+$/.test(shown)) return shown;
  return `'${shown.replace(/'/g, `'\\''`)}'`;
}
