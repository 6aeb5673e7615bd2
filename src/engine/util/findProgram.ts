import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Why `command` cannot be executed as `execvp` would look it up (a bare name on `pathVar`, a
 * path from `cwd`), as an errno-like code; undefined when it can. A sandbox starts the command
 * itself, so its own "not found" would reach people as bwrap's exit 1: Baton looks first and
 * says it the way an unsandboxed spawn failure is said.
 */
export function programProblem(command: string, pathVar: string | undefined, cwd: string): 'ENOENT' | 'EACCES' | undefined {
  const candidates = /[\\/]/.test(command)
    ? [path.resolve(cwd, command)]
    : (pathVar ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter).filter(Boolean).map((dir) => path.resolve(cwd, dir, command));
  let sawOne = false;
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
    } catch {
      continue;
    }
    sawOne = true;
    try {
      accessSync(candidate, constants.X_OK);
      return undefined;
    } catch {
      // exists, not executable: keep looking, as execvp does
    }
  }
  return sawOne ? 'EACCES' : 'ENOENT';
}
