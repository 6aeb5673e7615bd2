import { agentMcpServer } from '../mcp/agentTools';
import { startAgentMcpServer } from '../mcp/agentMcpServer';
import type { Task } from '../model/workspace';
import { AgentToolset } from '../team/agentToolset';
import type { CommandRunner } from '../team/teamContext';
import { TeamHub } from '../team/teamHub';
import type { RunContext } from './runContext';
import { executableFor } from './agentCli';
import { runCommand } from './runCommand';
import { log } from './runContext';

/** The run's team layer, open: `close(runEnded)` once (later calls do nothing). */
export interface OpenTeam {
  close(runEnded: boolean): Promise<void>;
}

/**
 * Starts a run's communication layer: the hub (ctx.team), then Baton's MCP server for agents
 * on loopback, then the hub's start-up work (events a crash left unraised, questions to ask
 * again). If the server cannot listen, the run still runs: agents get no server, and the result
 * file still works.
 */
export async function openTeam(ctx: RunContext, onMcp?: (url: string) => void): Promise<OpenTeam> {
  const hub = new TeamHub(ctx, subscriptionCommands(ctx), (kind) => executableFor(ctx.workspace, kind));
  const tools = new AgentToolset(ctx, hub);
  ctx.team = hub;
  const endpoint = await startAgentMcpServer({
    authenticate: (token) => hub.authenticate(token),
    serverFor: (caller) => agentMcpServer(caller, hub, tools),
  }).catch((error: unknown) => {
    log(ctx, `Baton's MCP server for agents did not start (${(error as Error).message}); agents report through their result files only.`);
    return undefined;
  });
  if (endpoint) {
    hub.serveAt(endpoint.url, (to, text) => endpoint.notify(to, text));
    hub.credentials.onRevoked((caller) => void endpoint.closeSessionsOf(caller));
    onMcp?.(endpoint.url);
  }
  await hub.start();
  let closed = false;
  return {
    async close(runEnded) {
      if (closed) return;
      closed = true;
      await hub.close({ runEnded });
      await endpoint?.close();
    },
  };
}

/**
 * How subscriptions' commands run: contained like a prerequisite — the user's tree readable,
 * nothing of theirs writable (the event's data in `BATON_EVENT` comes from agents). Without a
 * sandbox the guard checks the repository around each one, as around an attempt.
 */
function subscriptionCommands(ctx: RunContext): CommandRunner {
  let count = 0;
  return async (argv, options) => {
    const key = `subscription-command#${++count}`;
    await ctx.guard.started(key);
    try {
      const outcome = await runCommand(argv, { ...options, contain: (a, env, cwd) => ctx.sandbox.command(a, env, { cwd, writable: [] }) });
      const touched = await ctx.guard.check(key);
      return touched ? { ...outcome, ok: false, reason: touched, output: `${outcome.output}${outcome.output.endsWith('\n') || !outcome.output ? '' : '\n'}${touched}` } : outcome;
    } finally {
      ctx.guard.finished(key);
    }
  };
}

const STARTED = new Set(['running', 'waiting', 'review']);
const SATISFIED = new Set(['done', 'skipped']);

/**
 * The tasks the scheduling policy plans: the live set without the integration's merge
 * resolutions. A task that already started keeps only the dependencies that are satisfied: one
 * added while it ran (a fix for the bug it raised) is waited for by parking it (team/parking.ts),
 * not by the policy, which never un-starts a task.
 */
export function schedulableTasks(ctx: RunContext): Task[] {
  const state = ctx.store.state;
  return [...ctx.tasks.values()].filter((t) => !state.tasks.get(t.id)?.resolution).map((t) => {
    if (!STARTED.has(state.tasks.get(t.id)?.status ?? '')) return t;
    const deps = t.dependencies.filter((d) => SATISFIED.has(state.tasks.get(d)?.status ?? ''));
    return deps.length === t.dependencies.length ? t : { ...t, dependencies: deps };
  });
}
