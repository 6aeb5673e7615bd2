import * as path from 'node:path';
import { commandEnvironment } from '../coordination/commandEnvironment';
import type { Workspace } from '../model/workspace';
import { detectSandbox } from '../sandbox/detectSandbox';
import { privateHomesRoot, workspaceHomes } from '../sandbox/privateHome';
import { RunSandbox } from '../sandbox/runSandbox';
import { runDirOf } from '../state/runDirectory';
import type { RunSetup } from '../worktrees/workspaceSetup';
import type { EngineHost } from './engineHost';
import { commonDirOf, type RepositoryInfo } from './repository';
import { runCommand } from './runCommand';
import { RunError } from './runError';

/** Longest a `worktrees.setup` command may run (a cold `npm ci` of a big project included). */
const SETUP_TIMEOUT_MS = 60 * 60_000;

/**
 * The run's sandbox, decided from `settings.sandbox` and what the machine has. Said once per
 * run by the caller (`run:sandbox` in the journal, the host's log).
 *
 * @param runId the open run's id, asked when a private home is first needed.
 * @throws RunError `sandbox-unavailable` when the setting is `required` and there is none.
 */
export async function containRun(workspace: Workspace, repo: RepositoryInfo, stateDir: string, host: EngineHost, runId: () => string | undefined): Promise<RunSandbox> {
  const report = await detectSandbox(workspace.settings.sandbox, host.env);
  if (workspace.settings.sandbox === 'required' && report.mode !== 'bwrap') throw sandboxMissing(workspace, report.mode === 'off' ? 'it is off' : report.reason);
  const homesRoot = privateHomesRoot(host.env);
  const mine = homesRoot ? workspaceHomes(homesRoot, stateDir) : undefined;
  return new RunSandbox(report, {
    repoRoot: repo.root,
    commonDir: await commonDirOf(repo.root, host.env),
    stateDir,
    linkedIntoWorktrees: workspace.settings.worktrees.symlink,
    homes: () => (mine ? path.join(mine, runId() ?? 'no-run') : path.join(runDirOf(stateDir, runId() ?? 'no-run'), 'homes')),
    ...(mine ? { workspaceHomes: mine, homesRoot: homesRoot! } : {}),
    ...(host.env.HOME ? { realHome: host.env.HOME } : {}),
  });
}

/** `settings.sandbox: required` where no sandbox can be made: where the setting is, why, and the fix. */
function sandboxMissing(workspace: Workspace, why: string): RunError {
  const at = workspace.settings.sandboxAt;
  const file = path.relative(workspace.root, at?.file ?? workspace.teamsFile ?? path.join(workspace.configRoot, 'teams.yaml'));
  const where = at ? `${file}:${at.range.line}:${at.range.column}` : file;
  return new RunError('sandbox-unavailable', `${where}: settings.sandbox is \`required\`, but ${why}. Nothing was run. `
    + 'Make a sandbox available, or set `sandbox: auto` to run agents without one (Baton then warns and restores what they change in your repository).');
}

/**
 * Runs `worktrees.setup` in a new worktree: with the allow-listed environment and contained
 * like a verify command (it may write the worktree, nothing else).
 */
export function containedSetup(sandbox: RunSandbox, hostEnv: Readonly<Record<string, string | undefined>>): RunSetup {
  return async (argv, cwd) => {
    const outcome = await runCommand(argv, {
      cwd, env: commandEnvironment(hostEnv), timeoutMs: SETUP_TIMEOUT_MS,
      contain: (a, env, at) => sandbox.command(a, env, { cwd: at, writable: [path.resolve(cwd)] }),
    });
    if (!outcome.ok) throw new Error(`${outcome.reason ?? 'failed'}${outcome.output.trim() ? `\n${outcome.output.trim().slice(-2000)}` : ''}`);
  };
}
