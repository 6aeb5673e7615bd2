import { createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** Longest argument shown in the log header: a prompt passed as an argument is not repeated. */
const MAX_SHOWN_ARG = 200;

/**
 * The append-only log of one agent run: a header naming what ran where and when, the raw
 * output as it arrives, and a footer with how it ended. Opening is synchronous so a log that
 * cannot be written is known before the agent starts.
 */
export class ProcessLog {
  readonly #stream: WriteStream;
  #failed = false;

  private constructor(stream: WriteStream) {
    this.#stream = stream;
    // A full disk must not crash the engine or stop the agent; the log just stops growing.
    this.#stream.on('error', () => {
      this.#failed = true;
    });
  }

  /**
   * Creates the parent folders and opens `file` for appending.
   * @throws the file system error when the file cannot be opened.
   */
  static open(file: string, command: string, args: readonly string[], cwd: string, now: Date): ProcessLog {
    mkdirSync(dirname(file), { recursive: true });
    const fd = openSync(file, 'a');
    const log = new ProcessLog(createWriteStream('', { fd, encoding: 'utf8' }));
    log.write(`=== baton agent run ${now.toISOString()} ===\n$ ${formatCommand(command, args)}\ncwd: ${cwd}\n\n`);
    return log;
  }

  write(text: string): void {
    if (!this.#failed) this.#stream.write(text);
  }

  /** Writes the footer and resolves once everything is on disk (or the log has failed). */
  close(footer: string): Promise<void> {
    this.write(`\n=== ${footer} ===\n`);
    return new Promise((resolve) => {
      this.#stream.once('close', () => resolve());
      this.#stream.end();
      if (this.#failed) resolve();
    });
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
