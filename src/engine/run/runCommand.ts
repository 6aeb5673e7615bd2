import { execFile } from 'node:child_process';
import { programProblem } from '../util/findProgram';

/** Wraps a command in a sandbox (`RunSandbox.command`); the identity when there is none. */
export type Contain = (argv: readonly string[], env: Record<string, string>, cwd: string) => { command: string; args: string[]; env: Record<string, string> };

/** How {@link runCommand} runs a command. */
export interface CommandOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Runs the command contained; the command is looked up first, so "not found" reads the same. */
  contain?: Contain;
}

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
export function runCommand(argv: readonly string[], options: CommandOptions): Promise<CommandOutcome> {
  const started = Date.now();
  const [program] = argv;
  if (!program) return Promise.resolve({ ok: false, exitCode: null, output: '', durationMs: 0, reason: 'empty command' });
  if (options.contain && programProblem(program, options.env.PATH, options.cwd) === 'ENOENT') {
    return Promise.resolve({ ok: false, exitCode: null, output: '', durationMs: 0, reason: `\`${program}\` was not found` });
  }
  const run = options.contain ? options.contain(argv, options.env, options.cwd) : { command: program, args: argv.slice(1), env: options.env };
  return new Promise((resolve) => {
    execFile(run.command, run.args, { cwd: options.cwd, env: run.env, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.slice(-8192);
      const durationMs = Date.now() - started;
      if (!error) return resolve({ ok: true, exitCode: 0, output, durationMs });
      const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
      const reason = e.code === 'ENOENT' ? `\`${program}\` was not found` : e.killed ? `timed out after ${Math.round(options.timeoutMs / 1000)} s` : `exited ${String(e.code ?? 'with an error')}`;
      resolve({ ok: false, exitCode: typeof e.code === 'number' ? e.code : null, output, durationMs, reason });
    });
  });
}
