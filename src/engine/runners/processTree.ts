import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Whether a process with this pid exists and is not a zombie. A pid that exists but belongs to
 * another user (EPERM) counts as alive: it is not ours to reuse, and crash recovery must not
 * treat it as gone.
 */
export function isProcessAlive(pid: number): boolean {
  if (!isValidPid(pid)) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
  // kill(pid, 0) succeeds on a zombie, and zombies linger where nobody reaps orphans (some
  // container inits); a zombie has already released everything, so it is not alive for us.
  return processState(pid) !== 'Z';
}

/**
 * Whether any live process remains in the process group `pgid`. Agents are spawned as group
 * leaders (`detached: true`), so their pid is their group id, and the group outlives the
 * leader while any descendant runs.
 */
export function isProcessGroupAlive(pgid: number): boolean {
  if (!isValidPid(pgid)) return false;
  if (process.platform === 'win32') return isProcessAlive(pgid);
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
  return hasLiveGroupMember(pgid);
}

/**
 * Sends `signal` to the whole process group led by `pid` (the agent and everything it
 * started), falling back to the single process when it leads no group. Returns whether a
 * signal was delivered. Never throws: crash recovery calls this on pids that may be long gone.
 */
export function killProcessTree(pid: number, signal: NodeJS.Signals = 'SIGTERM'): boolean {
  if (!isValidPid(pid)) return false;
  if (process.platform === 'win32') {
    // Windows has no process groups or signals; taskkill /T walks the tree and /F forces it.
    const result = spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
    return result.status === 0;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if (errorCode(error) !== 'ESRCH') return false;
  }
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

function isValidPid(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Linux `/proc/<pid>/stat` fields after the command name: state, ppid, pgrp, ... */
function statFields(pid: string | number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may itself contain spaces and parentheses; the last ')' ends it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function processState(pid: number): string | undefined {
  return statFields(pid)?.[0];
}

function hasLiveGroupMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    // No /proc (macOS): trust kill(-pgid, 0), zombies included.
    return true;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(name);
    if (fields && Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
