import { buildAgentEnv } from '../runners/agentEnvironment';

/**
 * The environment for commands Baton runs to check or set up work (checklist `verify`, sync
 * checks, prerequisites, `worktrees.setup`): the same allow-list an agent gets — basics, network
 * settings, and `names` (the agent's own `env` key, for the checks of its work) — without any
 * runner's credentials. These commands run the agent's code (its tests), so they get no more
 * than the agent did. The engine reads no `process.env`; the front passes the host environment in.
 */
export function commandEnvironment(hostEnv: Readonly<Record<string, string | undefined>>, names: readonly string[] = []): Record<string, string> {
  return buildAgentEnv(hostEnv, { runner: 'command', agentEnv: names });
}
