/** Something text can be written to: `process.stdout`, or a test's capture buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Everything the CLI takes from its process, injected so tests run commands in-process: no
 * subprocess, no global state, and a fake terminal is just `isTTY: { stdout: true, ... }`.
 */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Directory relative paths on the command line are resolved against. */
  cwd: string;
  /** Environment the CLI reads (`NO_COLOR`, `FORCE_COLOR`, `TERM`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether each stream is a terminal: decides colour. */
  isTTY: { stdout: boolean; stderr: boolean };
  /** Subscribes to Ctrl-C (SIGINT) and SIGTERM; returns the unsubscribe. Absent in tests that don't need it. */
  onSignal?: (signal: 'SIGINT' | 'SIGTERM', handler: () => void) => () => void;
  /** This process's id (the lease holder `baton cancel` signals). */
  pid?: number;
}

/** The real process's streams, directory and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    onSignal: (signal, handler) => {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
    pid: process.pid,
  };
}
