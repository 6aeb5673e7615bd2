import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where `command` resolves the way `spawn` without a shell would: a path as given (relative to
 * `cwd`), a bare name through `PATH` (with `PATHEXT` on Windows). Undefined when nothing
 * executable is found.
 */
export function findExecutable(command: string, env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  if (/[\\/]/.test(command)) {
    const full = path.resolve(cwd, command);
    return isExecutableFile(full) ? full : undefined;
  }
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
