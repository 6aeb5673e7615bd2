import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * The folder holding every workspace's private homes: `$XDG_STATE_HOME/baton/homes`, else
 * `~/.local/state/baton/homes`; undefined without a home (the run's folder serves then).
 *
 * Not in the workspace's state folder: a repository may sit under a temporary directory (a test,
 * a scratch clone), and Codex refuses to set up its own sandbox helper (`codex-linux-sandbox`,
 * which its bubblewrap then cannot exec) when HOME is under one — as a user's home never is.
 */
export function privateHomesRoot(hostEnv: Readonly<Record<string, string | undefined>>): string | undefined {
  const xdg = hostEnv.XDG_STATE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'baton', 'homes');
  return hostEnv.HOME && path.isAbsolute(hostEnv.HOME) ? path.join(hostEnv.HOME, '.local', 'state', 'baton', 'homes') : undefined;
}

/**
 * One workspace's private homes under {@link privateHomesRoot}: `<folder name>-<hash of its
 * state folder>`, so two checkouts of one project never share a home.
 */
export function workspaceHomes(root: string, stateDir: string): string {
  const key = createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 16);
  const name = path.basename(path.dirname(path.dirname(path.resolve(stateDir)))).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'workspace';
  return path.join(root, `${name}-${key}`);
}

/**
 * The home folder a sandboxed agent gets: private to one agent for one run, and seeded, the
 * first time, with copies of `entries` (its CLI's login, settings and sessions) from the real
 * home. It persists across the agent's attempts in the run, so a CLI can resume its session;
 * what the agent changes there never reaches the user's own settings.
 *
 * @returns `dir`, which exists afterwards.
 */
export async function ensurePrivateHome(dir: string, realHome: string | undefined, entries: readonly string[]): Promise<string> {
  if (await exists(path.join(dir, SEEDED))) return dir;
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const entry of realHome ? entries : []) {
    const source = path.join(realHome!, entry);
    const target = path.join(dir, entry);
    if (!(await exists(source)) || (await exists(target))) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Links are copied as links: following one could copy a whole disk into the run's state.
    await fs.cp(source, target, { recursive: true, verbatimSymlinks: true, errorOnExist: false, force: false }).catch(() => undefined);
  }
  // Written last: a crash while copying seeds the rest next time instead of leaving it half done.
  await fs.writeFile(path.join(dir, SEEDED), '');
  return dir;
}

/** Removes a workspace's private homes of every run but `keep` (they hold copies of CLI logins). */
export async function pruneHomes(workspaceDir: string, keep?: string): Promise<void> {
  for (const run of await fs.readdir(workspaceDir).catch(() => [] as string[])) {
    if (run !== keep) await fs.rm(path.join(workspaceDir, run), { recursive: true, force: true });
  }
  if (keep === undefined) await fs.rmdir(workspaceDir).catch(() => undefined);
}

const SEEDED = '.baton-home';

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(() => true, () => false);
}
