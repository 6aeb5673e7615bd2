import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `baton cancel` from another terminal: it drops this marker in the state folder, then signals
 * the lease holder. The holder's stop handler reads the marker to know "cancel", not "pause".
 */
const MARKER = 'cancel-requested';

export function requestCancel(stateDir: string): void {
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(stateDir, MARKER), new Date().toISOString());
}

/** True (and the marker consumed) when a cancel was requested. */
export function takeCancelRequest(stateDir: string): boolean {
  try {
    fs.rmSync(path.join(stateDir, MARKER));
    return true;
  } catch {
    return false;
  }
}
