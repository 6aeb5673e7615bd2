import * as path from 'node:path';
import type { Sprint } from '../engine/model/workspace';
import { formatEstimate, type EstimateUnit } from '../shared/estimates';
import { takeCancelRequest } from '../engine/run/cancelMarker';
import { RunError } from '../engine/run/runError';
import { resumeRun, startSprint, type RunOptions, type RunResult } from '../engine/run/sprintRunner';
import { LeaseHeldError } from '../engine/state/lease';
import type { StateStore } from '../engine/state/stateStore';
import { ExitCode, type CommandContext } from './command';
import { diagnosticLine, sortForDisplay } from './formatDiagnostics';
import { printChecks } from './checkCommand';
import { formatNumber, plural } from './output';
import { LineProgress, TerminalProgress, type ProgressView } from './runProgress';
import { runFigures } from './runSummary';
import { cliActor } from './cliActor';

export type SessionMode = { kind: 'start'; sprintId: string; maxParallel?: number } | { kind: 'resume'; retry?: string[]; reloadConfig?: boolean };

/**
 * Runs or resumes a sprint from the terminal: live progress, Ctrl-C pauses cleanly (a second
 * Ctrl-C is not needed: agents are stopped and awaited), SIGTERM from `baton cancel` cancels.
 */
export async function runSession(ctx: CommandContext, mode: SessionMode): Promise<ExitCode> {
  const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
  const json = ctx.args.flag('json');
  const stop = new AbortController();
  let stateDir = '';
  let view: ProgressView | undefined;
  let store: StateStore | undefined;
  let sprint: Sprint | undefined;
  let estimateUnit: EstimateUnit | undefined;
  const offs = [
    ctx.io.onSignal?.('SIGINT', () => {
      view?.note('Stopping: agents are being stopped and the run paused…');
      stop.abort();
    }),
    ctx.io.onSignal?.('SIGTERM', () => stop.abort()),
  ];
  const ticker = setInterval(() => store && view?.tick(store.state), 500);
  const options: RunOptions = {
    root: dir,
    ...(ctx.args.option('config-root') !== undefined ? { configRoot: ctx.args.option('config-root')! } : {}),
    host: {
      env: ctx.io.env, log: (m) => (json ? ctx.stderr.line(m) : view?.note ? view.note(m) : ctx.stderr.line(m)),
      actor: await cliActor(ctx, dir), redactor: ctx.redactor,
    },
    signal: stop.signal,
    cancelRequested: () => stateDir !== '' && takeCancelRequest(stateDir),
    owner: `baton ${mode.kind === 'start' ? 'run' : 'resume'}`,
    ...(mode.kind === 'start' && mode.maxParallel !== undefined ? { maxParallel: mode.maxParallel } : {}),
    onStart: (s, info) => {
      store = s;
      sprint = info.sprint;
      estimateUnit = info.estimateUnit;
      stateDir = s.stateDir;
      view = json ? undefined : ctx.io.isTTY.stdout ? new TerminalProgress(ctx.stdout) : new LineProgress(ctx.stdout, Date.now());
      if (info.resumed && !json) ctx.stdout.line(ctx.stdout.style.bold(`Resuming run ${info.runId} of sprint ${info.sprint.id}`));
      s.bus.onAny((e) => (json ? ctx.stdout.json(e) : view?.event(e, s.state)));
    },
  };
  try {
    const result = mode.kind === 'start' ? await startSprint(mode.sprintId, options) : await resumeRun({ ...options, ...(mode.retry ? { retry: mode.retry } : {}), ...(mode.reloadConfig ? { reloadConfig: true } : {}) });
    view?.close();
    return report(ctx, result, store, sprint, json, estimateUnit);
  } catch (error) {
    view?.close();
    return reportError(ctx, error, dir);
  } finally {
    clearInterval(ticker);
    for (const off of offs) off?.();
  }
}

function report(ctx: CommandContext, result: RunResult, store: StateStore | undefined, sprint: Sprint | undefined, json: boolean, estimateUnit: EstimateUnit | undefined): ExitCode {
  const figures = store ? runFigures(store.state, sprint, Date.now(), estimateUnit) : undefined;
  // Waiting for a person is not a failure: the run did all it could (see `RunOptions.waitForReview`).
  const code = result.status === 'completed' || result.waitingForReview?.length || result.waitingForAnswers?.length ? ExitCode.ok : result.status === 'paused' ? ExitCode.interrupted : ExitCode.problems;
  if (json) {
    ctx.stdout.json({ type: 'summary', ...result, ...(figures ? { figures } : {}) });
    return code;
  }
  const s = ctx.stdout.style;
  const out = ctx.stdout;
  out.line();
  if (result.status === 'completed') out.line(s.green(s.bold(`✔ Sprint ${result.sprint} completed`)) + (result.integrationBranch ? ` — merged ${plural(result.mergedTasks?.length ?? 0, 'task branch', 'task branches')} into ${s.bold(result.integrationBranch)}` : ''));
  else if (result.waitingForReview?.length || result.waitingForAnswers?.length) {
    if (result.waitingForReview?.length) {
      out.line(s.yellow(s.bold(`⏸ Sprint ${result.sprint} waits for review: ${result.waitingForReview.join(', ')}`)));
      out.line(`  \`baton review\` shows what they handed off; \`baton approve <task>\` or \`baton reject <task> --comment "…"\`, then \`baton resume\`.`);
    }
    if (result.waitingForAnswers?.length) {
      out.line(s.yellow(s.bold(`⏸ Sprint ${result.sprint} waits for your answers: ${result.waitingForAnswers.join(', ')}`)));
      out.line(`  \`baton inbox\` shows the questions; \`baton answer <question-id> "…"\`, then \`baton resume\`.`);
    }
  } else if (result.status === 'paused') out.line(s.yellow(`Run ${result.runId} paused: \`baton resume\` carries on from here.`));
  else if (result.status === 'cancelled') out.line(s.yellow(`Run ${result.runId} cancelled.`));
  else out.line(s.red(s.bold(`✖ Sprint ${result.sprint} stopped: ${result.reason ?? ''}`)));
  const gate = store?.state.prerequisites;
  if (gate && !gate.go) printChecks(out, gate.checks);
  for (const id of [...result.failed, ...result.blocked]) {
    const t = store?.state.tasks.get(id);
    out.line(`  ${t?.status === 'failed' ? s.red('failed ') : s.yellow('blocked')} ${id}: ${t?.reason ?? 'waiting on an unfinished task'}`);
  }
  if (figures) {
    out.line(s.dim(`  makespan ${formatDuration(figures.makespanMs)} · agents busy ${formatDuration(figures.busyMs)} · parallel efficiency ${Math.round(figures.parallelEfficiency * 100)}% of ${figures.maxParallel} slots (average ${formatNumber(figures.averageParallelism)} at once)`));
    if (figures.criticalPath.length) out.line(s.dim(`  critical path (${formatEstimate(figures.criticalPathEstimate, figures.estimateUnit)}): ${figures.criticalPath.join(' → ')}`));
    if (figures.costUsd > 0) out.line(s.dim(`  agent cost $${figures.costUsd.toFixed(2)}`));
  }
  return code;
}

function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function reportError(ctx: CommandContext, error: unknown, dir: string): ExitCode {
  if (RunError.is(error)) {
    if (error.code === 'invalid-workspace') {
      for (const d of sortForDisplay([...error.diagnostics], dir)) ctx.stderr.line(diagnosticLine(d, dir, ctx.stderr.style));
      ctx.stderr.line(error.message);
      return ExitCode.problems;
    }
    ctx.stderr.line(`baton: ${error.message}`);
    // A journal or recorded config that fails verification is a finding about the data, like a workspace error.
    return error.code === 'journal-tampered' || error.code === 'config-tampered' ? ExitCode.problems : ExitCode.usage;
  }
  if (LeaseHeldError.is(error)) {
    ctx.stderr.line(`baton: another Baton process (pid ${error.pid}, ${error.owner}) is running this workspace since ${error.since}. Watch it with \`baton status\`; stop it with \`baton cancel\`.`);
    return ExitCode.usage;
  }
  throw error;
}
