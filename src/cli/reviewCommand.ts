import * as path from 'node:path';
import { inspectCurrentRun, stateDirFor } from '../engine/run/runInspection';
import type { HandoffPackage } from '../engine/state/events';
import type { DeepReadonly } from '../engine/state/runState';
import { ExitCode, type Command } from './command';
import type { Output } from './output';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, nothingRunYet } from './workspaceArgs';

/** `baton review [dir]`: the handoffs waiting for a person, with what each handed off. */
export const reviewCommand: Command = {
  name: 'review',
  summary: 'List the tasks waiting for review, with their handoff: summary, checklist, changed files',
  positionals: [DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print one JSON object: {"runId","sprint","state","tasks":[{"id","agent","attempts","handoff"}]}; `handoff` has summary, notes, knownIssues, artifacts, acceptanceCriteria, checklist, diffStat, reviews.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['review', 'review examples/auth --json'],
  notes: ['Decide with `baton approve <task>` or `baton reject <task> --comment "…"`. Read-only: safe while a run is going. Exit 0 (also when nothing waits), 2 when nothing has run yet.'],
  async run(ctx) {
    const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
    const snapshot = await inspectCurrentRun(stateDirFor(dir, ctx.args.option('config-root')));
    if (!snapshot) {
      ctx.stderr.line(`baton review: ${nothingRunYet(dir)}`);
      return ExitCode.usage;
    }
    const waiting = [...snapshot.state.tasks.values()].filter((t) => t.status === 'review');
    if (ctx.args.flag('json')) {
      ctx.stdout.json({
        runId: snapshot.runId, sprint: snapshot.state.sprint ?? null, state: snapshot.state.status,
        tasks: waiting.map((t) => ({ id: t.id, agent: t.agent ?? null, attempts: t.attempts, handoff: t.handoff ?? null })),
      });
      return ExitCode.ok;
    }
    const s = ctx.stdout.style;
    if (waiting.length === 0) {
      ctx.stdout.line(`Nothing waits for review in run ${snapshot.runId} (${snapshot.state.status}).`);
      return ExitCode.ok;
    }
    ctx.stdout.line(s.bold(`${waiting.length} task${waiting.length === 1 ? '' : 's'} waiting for review in run ${snapshot.runId}`));
    for (const t of waiting) {
      ctx.stdout.line();
      ctx.stdout.line(`${s.bold(t.id)} ${s.dim(`${t.agent ?? '?'}, attempt ${t.attempts}`)}`);
      if (t.handoff) printHandoff(ctx.stdout, t.handoff);
      else if (t.summary) ctx.stdout.line(`  ${t.summary}`);
    }
    ctx.stdout.line();
    ctx.stdout.line(s.dim('Decide: `baton approve <task>` or `baton reject <task> --comment "…"`; then `baton resume` if the run is paused.'));
    return ExitCode.ok;
  },
};

function printHandoff(out: Output, h: DeepReadonly<HandoffPackage>): void {
  const s = out.style;
  for (const line of (h.summary || '(no summary)').trim().split('\n')) out.line(`  ${line}`);
  if (h.checklist.length) {
    out.line(`  ${s.dim('checklist:')}`);
    for (const c of h.checklist) {
      const mark = c.passed === true ? s.green('✔') : c.passed === false ? s.red('✖') : s.dim('•');
      out.line(`    ${mark} ${c.item}${c.verify ? s.dim(` — \`${c.verify.join(' ')}\``) : s.dim(' — stated, not verified')}`);
    }
  }
  const d = h.diffStat;
  out.line(`  ${s.dim('changed:')} ${d.files.length} file${d.files.length === 1 ? '' : 's'}, ${s.green(`+${d.insertions}`)} ${s.red(`−${d.deletions}`)}`);
  for (const f of d.files.slice(0, 20)) out.line(`    ${f.status} ${f.path}${f.oldPath ? ` (from ${f.oldPath})` : ''} ${s.dim(`+${f.insertions} −${f.deletions}`)}`);
  if (d.files.length > 20) out.line(s.dim(`    … and ${d.files.length - 20} more`));
  if (h.artifacts.length) out.line(`  ${s.dim('artifacts:')} ${h.artifacts.join(', ')}`);
  if (h.knownIssues.length) out.line(`  ${s.dim('known issues:')} ${h.knownIssues.join('; ')}`);
  for (const r of h.reviews ?? []) out.line(`  ${s.dim(`review by ${r.reviewer} (${r.status}):`)} ${r.summary.split('\n')[0]}`);
  for (const n of h.notes) out.line(`  ${s.dim(`note: ${n}`)}`);
}
