import * as path from 'node:path';
import { attemptHistory } from '../engine/coordination/attemptHistory';
import { inspectCurrentRun, stateDirFor } from '../engine/run/runInspection';
import { usageOfRun } from '../engine/usage/runUsage';
import { ExitCode, type Command } from './command';
import { countsLine } from './runProgress';
import { formatTable } from './table';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, nothingRunYet } from './workspaceArgs';

export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the current run: every task with its status, agent, attempts and reason',
  positionals: [DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print one JSON object: {"sprint","state","runId","reason","tasks":[{"id","status","agent","attempts","reason","usage","progress","waitingFor","attemptLog":[{"attempt","agent","outcome","reason"}]}]}, plus "usage" ({"sprint","byAgent","models"}; each usage is {"inputTokens","outputTokens","cacheReadTokens","cacheWriteTokens","costUsd","unpricedAttempts"}), "clis" (the agent CLI versions read), "prerequisites" (the GO/NO-GO gate), "waitingForReview", "waitingForAnswers", "emergencies", "openQuestions" and "denials".' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['status', 'status examples/ecommerce --json'],
  notes: ['Read-only: safe while a run is going in another terminal or VS Code window. Exit 0 when there is a run to show, 2 when nothing has run yet.'],
  async run(ctx) {
    const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
    const snapshot = await inspectCurrentRun(stateDirFor(dir, ctx.args.option('config-root')));
    if (!snapshot) {
      ctx.stderr.line(`baton status: ${nothingRunYet(dir, 'Start with `baton run <sprint>`.')}`);
      return ExitCode.usage;
    }
    const { state, runId, holder } = snapshot;
    const usage = usageOfRun(state);
    const tasks = [...state.tasks.values()].map((t) => ({
      id: t.id, status: t.status, agent: t.agent ?? t.reassignedTo ?? null, attempts: t.attempts, reason: t.reason ?? null, usage: usage.byTask[t.id]!,
      attemptLog: attemptHistory(t).map((a) => ({ attempt: a.attempt, agent: a.agent ?? null, outcome: a.outcome, reason: a.reason ?? null })),
      ...(t.reassignedTo && t.reassignedTo !== t.agent ? { nextAgent: t.reassignedTo } : {}),
      ...(t.resolution ? { resolves: t.resolution.for } : {}),
      progress: t.progress ? { status: t.progress.status, percent: t.progress.progress ?? null, completedWork: t.progress.completedWork, remainingWork: t.progress.remainingWork, blockers: t.progress.blockers, estimatedCompletion: t.progress.estimatedCompletion ?? null, agent: t.progress.agent, at: t.progress.at } : null,
      ...(t.status === 'waiting' && t.waiting ? { waitingFor: { questions: t.waiting.questions ?? [], tasks: t.waiting.tasks ?? [], ...(t.waiting.emergency ? { emergency: t.waiting.emergency } : {}) } } : {}),
      ...(t.created ? { createdBy: t.created.by } : {}),
    }));
    if (ctx.args.flag('json')) {
      ctx.stdout.json({
        sprint: state.sprint ?? null, state: state.status, runId, reason: state.reason ?? null, startedAt: state.startedAt ?? null, finishedAt: state.finishedAt ?? null,
        runningIn: holder ? { pid: holder.pid, owner: holder.owner } : null, prerequisites: state.prerequisites ?? null, waitingForReview: state.waitingForReview ?? [],
        waitingForAnswers: state.waitingForAnswers ?? [], emergencies: (state.team?.emergencies ?? []).filter((e) => e.status === 'active').map((e) => ({ id: e.id, event: e.name, tasks: e.tasks })),
        openQuestions: (state.team?.questions ?? []).filter((q) => q.status === 'open').length, denials: state.team?.denials.length ?? 0,
        usage: { sprint: usage.sprint, byAgent: usage.byAgent, models: usage.models }, clis: state.clis ?? {}, tasks,
      });
      return ExitCode.ok;
    }
    const s = ctx.stdout.style;
    ctx.stdout.line(`${s.bold(`Sprint ${state.sprint ?? '?'}`)} · run ${runId} · ${state.status}${holder ? s.dim(` (running in ${holder.owner}, pid ${holder.pid})`) : ''}${state.reason ? ` · ${state.reason}` : ''}`);
    ctx.stdout.line(`  ${countsLine(state, s)}`);
    const spent = formatUsage(usage.sprint);
    if (spent) ctx.stdout.line(s.dim(`  ${spent}`));
    for (const e of state.team?.emergencies.filter((x) => x.status === 'active') ?? []) ctx.stdout.line(s.red(`  ⚠ emergency ${e.id} (${e.name}): ${e.tasks.join(', ')} go first`));
    const open = state.team?.questions.filter((q) => q.status === 'open' && q.to.kind === 'person') ?? [];
    if (open.length) ctx.stdout.line(s.yellow(`  ${open.length} question${open.length === 1 ? '' : 's'} for a person: \`baton inbox\` shows ${open.length === 1 ? 'it' : 'them'}, \`baton answer ${open[0]!.id} "…"\` answers`));
    ctx.stdout.lines(formatTable(
      [{ header: 'task' }, { header: 'status' }, { header: 'agent' }, { header: 'attempts', align: 'right' }, { header: 'progress', align: 'right' }, { header: 'reason' }],
      tasks.map((t) => [t.id, t.status, t.agent ?? '', String(t.attempts), t.progress?.percent !== undefined && t.progress.percent !== null && !['done', 'skipped'].includes(t.status) ? `${t.progress.percent}%` : '', t.reason ?? (t.progress && t.status === 'running' ? t.progress.status : '')]),
      s.dim,
    ).map((l) => `  ${l}`));
    // Every attempt that did not simply succeed, with its agent and reason (seed 001: on record).
    const eventful = tasks.filter((t) => t.attemptLog.length > 1 || t.attemptLog.some((a) => a.outcome !== 'done'));
    if (eventful.length) ctx.stdout.line(s.dim('  attempts:'));
    for (const t of eventful) {
      for (const a of t.attemptLog) ctx.stdout.line(`    ${t.id} #${a.attempt} ${a.agent ?? 'sync'}: ${a.outcome}${a.reason ? s.dim(` — ${a.reason}`) : ''}`);
    }
    return ExitCode.ok;
  },
};

/** "12.3k tokens in, 1.2k out, 40k cache reads · $0.0412" — undefined before any agent ran. */
export function formatUsage(u: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number; unpricedAttempts: number }): string | undefined {
  if (!u.inputTokens && !u.outputTokens && !u.cacheReadTokens && !u.costUsd) return undefined;
  const k = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));
  const parts = [`${k(u.inputTokens)} tokens in`, `${k(u.outputTokens)} out`];
  if (u.cacheReadTokens) parts.push(`${k(u.cacheReadTokens)} cache reads`);
  if (u.cacheWriteTokens) parts.push(`${k(u.cacheWriteTokens)} cache writes`);
  const cost = `$${u.costUsd.toFixed(4)}${u.unpricedAttempts ? ` (+${u.unpricedAttempts} unpriced run${u.unpricedAttempts === 1 ? '' : 's'})` : ''}`;
  return `${parts.join(', ')} · ${cost}`;
}
