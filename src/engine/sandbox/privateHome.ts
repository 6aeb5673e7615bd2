import * as fs from 'node:fs/promises';
import * as path from 'node:path';

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
  await fs.mkdir(dir, { recursive: true });
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

const SEEDED = '.baton-home';

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(() => true, () => false);
}
