import type { Actor } from '../state/events';
import { GitRunner } from '../worktrees/gitRunner';

/** Where a front gets the name of the person it acts for. */
export interface PersonIdentityOptions {
  /** The workspace: its repository's `user.name` is the default. */
  root: string;
  /** The front's environment, passed in (the engine reads none): `BATON_ACTOR` overrides git's name. */
  env: Readonly<Record<string, string | undefined>>;
  /** The front: `cli`, `vscode`. */
  via: string;
  /** A name given explicitly (`baton approve --by alice`): wins over everything else. */
  name?: string;
}

/**
 * The person behind a front's actions, as journalled in `actor`: the name passed in, else
 * `BATON_ACTOR`, else the repository's `git config user.name`, else the login name. Never
 * throws: an audit entry with a login name beats no audit entry.
 */
export async function personActor(options: PersonIdentityOptions): Promise<Actor> {
  const explicit = options.name?.trim() || options.env.BATON_ACTOR?.trim();
  const name = explicit || (await gitUserName(options.root)) || options.env.USER?.trim() || options.env.USERNAME?.trim() || 'unknown';
  return { kind: 'person', name, via: options.via };
}

async function gitUserName(root: string): Promise<string | undefined> {
  try {
    const name = (await new GitRunner(root).run(root, ['config', '--get', 'user.name'], { allowExit: [1] })).trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}
