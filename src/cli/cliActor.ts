import { personActor } from '../engine/audit/personIdentity';
import type { Actor } from '../engine/state/events';
import type { CommandContext } from './command';

/**
 * The person running this `baton` command, for the journal's `actor`: `--by` when the command
 * has it, else `BATON_ACTOR`, else the repository's `git config user.name`, else the login name.
 */
export function cliActor(ctx: CommandContext, dir: string): Promise<Actor> {
  const by = ctx.args.option('by');
  return personActor({ root: dir, env: ctx.io.env, via: 'cli', ...(by ? { name: by } : {}) });
}
