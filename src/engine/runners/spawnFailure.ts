import { existsSync, statSync } from 'node:fs';

/**
 * Why an agent's working directory cannot be used, or undefined when it can. Checked before
 * spawning because `spawn` with a missing cwd reports ENOENT as if the command were missing.
 */
export function workingDirectoryProblem(cwd: string): string | undefined {
  try {
    if (statSync(cwd).isDirectory()) return undefined;
    return `working directory \`${cwd}\` is not a folder`;
  } catch {
    return `working directory \`${cwd}\` does not exist (was the task's worktree removed?)`;
  }
}

/** A spawn error as one sentence that names the command and says what to do. */
export function describeSpawnError(error: unknown, command: string, cwd: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const shown = `\`${command}\``;
  const isBareName = !/[\\/]/.test(command);
  switch (code) {
    case 'ENOENT':
      // The cwd was checked before spawning, but a worktree can vanish in between.
      return workingDirectoryProblem(cwd)
        ?? (isBareName
          ? `agent command ${shown} was not found on PATH (install it or set the agent's runner)`
          : existsSync(command)
            ? `${shown} exists but its interpreter (the #! line) was not found`
            : `agent command ${shown} does not exist`);
    case 'EACCES':
      return `${shown} is not executable (chmod +x it)`;
    case 'ENOEXEC':
      return `${shown} is not a program the system can run (a script needs a #! line)`;
    case 'EINVAL':
      return `${shown} cannot be started without a shell (on Windows, .cmd and .bat files need one; point the runner at the real executable)`;
    default:
      return `could not start ${shown}: ${(error as Error | undefined)?.message ?? String(error)}`;
  }
}
