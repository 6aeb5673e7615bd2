import * as path from 'node:path';
import { requestCancel, takeCancelRequest } from '../engine/run/cancelMarker';
import { cancelIdleRun } from '../engine/run/idleRunCancellation';
import { RunError } from '../engine/run/runError';
import { inspectCurrentRun, stateDirFor } from '../engine/run/runInspection';
import { cliActor } from './cliActor';
import { ExitCode, type Command } from './command';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'Cancel the unfinished run (stopping its agents if a Baton process is running it)',
  description: 'If `baton run` (or VS Code) is running the sprint, it is asked to stop its agents and cancel. If no process is running it (after a crash or Ctrl-C), agents left behind are stopped and the run is cancelled here. Worktrees of cancelled tasks are removed; their branches are kept.',
  positionals: [DIR_POSITIONAL],
  options: { 'config-root': CONFIG_ROOT_OPTION },
  notes: ['Exit 0 when the run was cancelled, 2 when there was nothing to cancel.'],
  async run(ctx) {
    const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
    const configRoot = ctx.args.option('config-root');
    const stateDir = stateDirFor(dir, configRoot);
    const snapshot = await inspectCurrentRun(stateDir);
    if (snapshot?.holder && snapshot.holder.pid !== ctx.io.pid && signalled(stateDir, snapshot.holder.pid)) {
      ctx.stdout.line(`Asked ${snapshot.holder.owner} (pid ${snapshot.holder.pid}) to cancel run ${snapshot.runId}…`);
      for (let waited = 0; waited < 120_000; waited += 200) {
        await new Promise((r) => setTimeout(r, 200));
        const now = await inspectCurrentRun(stateDir);
        if (!now?.holder) {
          // A holder that ended before it read the marker would leave it for the next run's Ctrl-C.
          takeCancelRequest(stateDir);
          ctx.stdout.line(`Run ${snapshot.runId} is ${now?.state.status ?? 'gone'}.`);
          return now?.state.status === 'cancelled' ? ExitCode.ok : ExitCode.problems;
        }
      }
      ctx.stderr.line(`baton cancel: pid ${snapshot.holder.pid} has not stopped after 2 minutes.`);
      return ExitCode.problems;
    }
    try {
      const host = { env: ctx.io.env, log: (m: string) => ctx.stdout.line(m), actor: await cliActor(ctx, dir), redactor: ctx.redactor };
      const result = await cancelIdleRun({ root: dir, ...(configRoot !== undefined ? { configRoot } : {}), host });
      ctx.stdout.line(`Run ${result.runId} cancelled.`);
      return ExitCode.ok;
    } catch (error) {
      if (!RunError.is(error)) throw error;
      ctx.stderr.line(`baton cancel: ${error.message}`);
      return ExitCode.usage;
    }
  },
};

/**
 * Drops the cancel marker and sends SIGTERM to the lease holder. False when the holder died in
 * between (the marker is taken back): the run is then idle, and cancelled here instead.
 */
function signalled(stateDir: string, pid: number): boolean {
  requestCancel(stateDir);
  try {
    process.kill(pid, 'SIGTERM');
    return true;
  } catch {
    takeCancelRequest(stateDir);
    return false;
  }
}
