import { execFile } from 'node:child_process';
import type { RunnerCli } from './agentRunner';
import { programProblem } from '../util/findProgram';
import { describeSpawnError } from './spawnFailure';

/** Wraps the `--version` process (a sandbox): the command, its arguments and environment as spawned. */
export type ContainVersionCheck = (command: string, args: string[], env: Record<string, string>) => { command: string; args: string[]; env: Record<string, string> };

/** What `<cli> --version` said, judged against the runner's oldest supported version. */
export interface CliCheck {
  command: string;
  /** Undefined when the CLI did not start or printed no version. */
  version?: string;
  supported: boolean;
  /** Why an agent cannot run with it, naming the fix; absent when it can. */
  problem?: string;
}

const VERSION_TIMEOUT_MS = 20_000;

/**
 * Runs `command --version` (no shell) and compares the version it prints with the runner's
 * minimum. A CLI that cannot be started is unsupported with the spawn error as the problem;
 * one whose output has no version is given the benefit of the doubt.
 *
 * @param kind the runner (`claude-code`), for the settings key the fix names.
 * @param env the environment to run it in (the agent's own, so PATH and HOME are the agent's).
 * @param contain runs it where the agent will run (the sandbox, the agent's private home): even
 *   `--version` writes state under HOME (codex its helper links, Gemini CLI its project list).
 */
export function checkCliVersion(kind: string, cli: RunnerCli, command: string, env: Record<string, string>, cwd: string, contain?: ContainVersionCheck): Promise<CliCheck> {
  // Contained, the sandbox starts the CLI: a missing one would read as the sandbox's exit 1.
  const missing = contain ? programProblem(command, env.PATH, cwd) : undefined;
  if (missing) return Promise.resolve({ command, supported: false, problem: notFound(kind, cli, describeSpawnError({ code: missing }, command, cwd)) });
  const spawned = contain ? contain(command, ['--version'], env) : { command, args: ['--version'], env };
  return new Promise((resolve) => {
    execFile(spawned.command, spawned.args, { env: spawned.env, cwd, timeout: VERSION_TIMEOUT_MS, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      const version = parseVersion(`${stdout}\n${stderr}`);
      if (error && !version) {
        const spawnCode = (error as NodeJS.ErrnoException).code;
        const problem = typeof spawnCode === 'string'
          ? notFound(kind, cli, describeSpawnError(error, command, cwd))
          : `\`${command} --version\` failed (${firstLine(stderr) || error.message}): is it ${cli.displayName}?`;
        resolve({ command, supported: false, problem });
        return;
      }
      if (!version) return resolve({ command, supported: true });
      if (compareVersions(version, cli.minimumVersion) < 0) {
        return resolve({
          command, version, supported: false,
          problem: `${cli.displayName} ${version} is older than ${cli.minimumVersion}, the oldest version Baton supports: upgrade it (npm install -g ${cli.npmPackage}@latest)`,
        });
      }
      resolve({ command, version, supported: true });
    });
  });
}

function notFound(kind: string, cli: RunnerCli, spawnError: string): string {
  const said = spawnError.replace(/ \(install it or set the agent's runner\)$/, '');
  return `${said}: install ${cli.displayName} (npm install -g ${cli.npmPackage}) or set its path in teams.yaml settings.runners.${kind}.executable`;
}

/** The first `x.y.z` in a CLI's version output ("2.1.332 (Claude Code)", "codex-cli 0.171.0"). */
export function parseVersion(text: string): string | undefined {
  return /(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(text)?.[1];
}

/** Compares dotted versions numerically (a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const partsA = coreA.split('.').map(Number);
  const partsB = coreB.split('.').map(Number);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  if (preA && !preB) return -1;
  if (!preA && preB) return 1;
  return 0;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
