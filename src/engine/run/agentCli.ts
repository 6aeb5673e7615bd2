import * as path from 'node:path';
import type { RunnerKind } from '../model/agentSchema';
import type { Workspace } from '../model/workspace';
import type { ProcessPlan } from '../runners/agentRunner';
import type { AgentResult } from '../runners/agentResult';
import { checkCliVersion, type CliCheck, type ContainVersionCheck } from '../runners/cliVersion';
import { runnerFor } from '../runners/runnerRegistry';
import { costOf, priceOf } from '../usage/priceTable';
import { log, type RunContext } from './runContext';

/**
 * The `executable` of `settings.runners.<kind>`: a bare name as written (found on PATH), a path
 * resolved from the workspace root.
 */
export function executableFor(workspace: Workspace, kind: RunnerKind): string | undefined {
  const executable = workspace.settings.executables[kind];
  if (!executable) return undefined;
  return /[\\/]/.test(executable) ? path.resolve(workspace.root, executable) : executable;
}

const checks = new WeakMap<RunContext, Map<string, Promise<CliCheck>>>();

/**
 * Reads the agent CLI's version once per run (per runner and command) and journals it; every
 * attempt of that runner then gets the same answer. Resolves to why the agent cannot run, or
 * undefined when it can (or the runner is not an agent CLI Baton knows).
 */
export async function verifiedCli(ctx: RunContext, kind: RunnerKind, command: string, env: Record<string, string>, cwd: string, contain?: ContainVersionCheck): Promise<string | undefined> {
  const cli = runnerFor(kind).cli;
  if (!cli) return undefined;
  // A resumed run trusts the version it journalled; an unsupported one is checked again (it may have been upgraded).
  const known = ctx.store.state.clis?.[kind];
  if (known && known.command === command && known.supported) return undefined;
  let byCommand = checks.get(ctx);
  if (!byCommand) checks.set(ctx, (byCommand = new Map()));
  const key = `${kind}\0${command}`;
  let pending = byCommand.get(key);
  if (!pending) {
    pending = checkCliVersion(kind, cli, command, env, cwd, contain).then(async (check) => {
      await ctx.store.commit([{
        type: 'run:cli-checked', runner: kind, command: check.command, supported: check.supported,
        ...(check.version !== undefined ? { version: check.version } : {}), ...(check.problem !== undefined ? { problem: check.problem } : {}),
      }]);
      log(ctx, check.supported ? `${cli.displayName} ${check.version ?? '(version unknown)'} (${command})` : check.problem!);
      return check;
    });
    byCommand.set(key, pending);
  }
  const check = await pending;
  return check.supported ? undefined : check.problem;
}

/**
 * The result with its model and cost filled in: the model the plan asked for when the CLI did
 * not name one; the cost from `settings.prices` and the built-in table when the CLI reported
 * tokens but no cost.
 */
export function priceAttempt(ctx: RunContext, result: AgentResult, plan: ProcessPlan): AgentResult {
  const priced: AgentResult = { ...result };
  if (!priced.model && plan.model) priced.model = plan.model;
  if (priced.costUsd !== undefined) {
    priced.costSource = 'cli';
    return priced;
  }
  const cost = costOf(priced.usage, priceOf(priced.model, ctx.workspace.settings.prices));
  if (cost !== undefined) {
    priced.costUsd = cost;
    priced.costSource = 'price-table';
  }
  return priced;
}
