import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { bwrapArguments } from './sandboxScope';

/** The workspace setting `settings.sandbox`. */
export type SandboxSetting = 'auto' | 'required' | 'off';

/** How a run contains its agents and check commands; journalled with `run:started` / `run:resumed`. */
export type SandboxReport =
  | { mode: 'bwrap'; bwrap: string }
  /** `settings.sandbox: off`, or no sandbox on this machine: detection only. */
  | { mode: 'off' | 'unavailable'; reason: string };

const PROBE_TIMEOUT_MS = 10_000;

/**
 * Decides a run's sandbox: bubblewrap when the setting allows it and `bwrap` is on the host's
 * PATH and can really create a sandbox here (namespaces may be forbidden in a container), which
 * one probe run — the same mounts an agent gets, around `bwrap --version` — proves. Never throws.
 */
export async function detectSandbox(setting: SandboxSetting, hostEnv: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): Promise<SandboxReport> {
  if (setting === 'off') return { mode: 'off', reason: 'settings.sandbox is off in teams.yaml' };
  if (platform !== 'linux') return { mode: 'unavailable', reason: `no sandbox on ${platform} (Baton's sandbox is bubblewrap, Linux only)` };
  const bwrap = findOnPath('bwrap', hostEnv.PATH);
  if (!bwrap) return { mode: 'unavailable', reason: 'bubblewrap (`bwrap`) is not installed: `apt-get install bubblewrap` (Debian, Ubuntu) or `dnf install bubblewrap` enables it' };
  const problem = await probe(bwrap);
  return problem ? { mode: 'unavailable', reason: `\`${bwrap}\` cannot create a sandbox here: ${problem}` } : { mode: 'bwrap', bwrap };
}

/** One sentence for people: what contains the run's agents. */
export function describeSandbox(report: SandboxReport): string {
  if (report.mode === 'bwrap') return `agents and check commands run in a bubblewrap sandbox (${report.bwrap})`;
  return `WARNING: agents run without a sandbox — ${report.reason}. They can read and write anything you can; Baton checks your branches, HEAD, index and working tree around every attempt and undoes what an agent changed, but cannot stop it reading your files`;
}

function probe(bwrap: string): Promise<string | undefined> {
  const args = [...bwrapArguments({ cwd: '/', readable: [], hidden: [], writable: [], pinned: [], dieWithParent: true }), bwrap, '--version'];
  return new Promise((resolve) => {
    execFile(bwrap, args, { env: {}, timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error, _stdout, stderr) => {
      if (!error) return resolve(undefined);
      resolve((String(stderr).trim().split('\n').pop() ?? '') || error.message);
    });
  });
}

function findOnPath(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
