import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/cli';
import type { CliIo } from '../../../src/cli/cliIo';

/** What one in-process `baton` run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Pretend both streams are terminals. */
  tty?: boolean;
}

/** Runs `baton <argv>` in-process with captured streams; no colour unless `tty` or FORCE_COLOR. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: options.cwd ?? os.tmpdir(),
    env: options.env ?? {},
    isTTY: { stdout: options.tty ?? false, stderr: options.tty ?? false },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const created: string[] = [];

/**
 * Writes a workspace into a fresh temp folder: keys are paths relative to it
 * (`.claude/teams.yaml`), values the file text. Returns the folder.
 */
export function makeWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cli-'));
  created.push(dir);
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return dir;
}

/** Deletes every folder {@link makeWorkspace} made. */
export function removeWorkspaces(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A teams file with one team `eng` of agents `dev` and `qa`, and their agent files. */
export const BASE_FILES: Record<string, string> = {
  '.claude/teams.yaml': `teams:
  eng:
    members:
      - { agent: dev, capacity: 2 }
      - qa
`,
  '.claude/agents/dev.md': `---
name: dev
description: Writes the code.
---
You are a developer.
`,
  '.claude/agents/qa.md': `---
name: qa
description: Tests the code.
---
You are a tester.
`,
};

/** Lines of output, without the final newline's empty string. */
export function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}
