import * as fs from 'node:fs';
import * as path from 'node:path';
import { attemptFilesOf } from '../engine/run/attemptFiles';
import { inspectCurrentRun, stateDirFor } from '../engine/run/runInspection';
import { ExitCode, type Command } from './command';
import { UsageError } from './usageError';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, nothingRunYet } from './workspaceArgs';
import { didYouMeanText } from '../engine/config/didYouMean';

export const logsCommand: Command = {
  name: 'logs',
  summary: "Print a task's agent output (the latest attempt, or --attempt N)",
  positionals: [{ name: 'task', description: 'The task id.' }, DIR_POSITIONAL],
  options: {
    attempt: { type: 'string', valueName: 'N', description: 'Which attempt (default: the latest).' },
    follow: { type: 'boolean', short: 'f', description: 'Keep printing new output while the task runs.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['logs task-oauth', 'logs task-oauth --attempt 1', 'logs task-oauth -f'],
  async run(ctx) {
    const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
    const stateDir = stateDirFor(dir, ctx.args.option('config-root'));
    const snapshot = await inspectCurrentRun(stateDir);
    if (!snapshot) throw new UsageError(nothingRunYet(dir), { showUsageHint: false });
    const taskId = ctx.args.positional('task')!;
    const task = snapshot.state.tasks.get(taskId);
    if (!task) throw new UsageError(`run ${snapshot.runId} has no task \`${taskId}\`.${didYouMeanText(taskId, snapshot.state.tasks.keys())}`, { showUsageHint: false });
    const raw = ctx.args.option('attempt');
    const attempt = raw === undefined ? task.attempts : Number(raw);
    if (!Number.isInteger(attempt) || attempt < 1 || attempt > task.attempts) {
      throw new UsageError(task.attempts === 0 ? `task \`${taskId}\` has not started yet.` : `Expected \`--attempt\` between 1 and ${task.attempts}, got \`${raw}\``, { showUsageHint: false });
    }
    const file = attemptFilesOf(stateDir, snapshot.runId, taskId, attempt).logFile;
    let offset = printFrom(ctx.stdout, file, 0);
    if (!ctx.args.flag('follow')) return ExitCode.ok;
    for (;;) {
      await new Promise((r) => setTimeout(r, 300));
      offset = printFrom(ctx.stdout, file, offset);
      const now = await inspectCurrentRun(stateDir);
      const t = now?.state.tasks.get(taskId);
      if (!t || t.status !== 'running' || t.attempts !== attempt) {
        printFrom(ctx.stdout, file, offset);
        return ExitCode.ok;
      }
    }
  },
};

function printFrom(out: { raw(text: string): void }, file: string, offset: number): number {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    // The log hit its cap and cut its middle: what it kept was printed already; carry on from its end.
    if (size < offset) return size;
    if (size <= offset) return offset;
    const buffer = Buffer.alloc(size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    out.raw(buffer.toString('utf8'));
    return size;
  } catch {
    return offset;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
