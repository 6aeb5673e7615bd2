import { execFile } from 'node:child_process';

export interface CommandOutcome {
  ok: boolean;
  exitCode: number | null;
  /** Combined output, truncated to the last 8 KB. */
  output: string;
  durationMs: number;
  /** Why it failed, in words: "exited 1", "timed out after 60 s", "`foo` not found". */
  reason?: string;
}

/**
 * Runs a check command (sync point checks, later checklist verification) without a shell:
 * argv[0] is the program, the rest its arguments. Never throws.
 */
export function runCommand(argv: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<CommandOutcome> {
  const started = Date.now();
  const [program, ...args] = argv;
  if (!program) return Promise.resolve({ ok: false, exitCode: null, output: '', durationMs: 0, reason: 'empty command' });
  return new Promise((resolve) => {
    execFile(program, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.slice(-8192);
      const durationMs = Date.now() - started;
      if (!error) return resolve({ ok: true, exitCode: 0, output, durationMs });
      const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
      const reason = e.code === 'ENOENT' ? `\`${program}\` was not found` : e.killed ? `timed out after ${Math.round(options.timeoutMs / 1000)} s` : `exited ${String(e.code ?? 'with an error')}`;
      resolve({ ok: false, exitCode: typeof e.code === 'number' ? e.code : null, output, durationMs, reason });
    });
  });
}
