import { didYouMeanText } from '../engine/config/didYouMean';
import { checkPrerequisites } from '../engine/coordination/prerequisites';
import type { PrerequisiteCheck } from '../engine/state/events';
import { ExitCode, type Command } from './command';
import type { Output } from './output';
import { formatTable } from './table';
import { UsageError } from './usageError';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, loadWorkspaceArgs } from './workspaceArgs';

/** `baton check <sprint> [dir]`: the prerequisites gate alone (seed 002's GO/NO-GO). */
export const checkCommand: Command = {
  name: 'check',
  summary: "Check a sprint's prerequisites (GO/NO-GO) without running anything else",
  description: 'Runs every prerequisite of the sprint — commands (no shell), environment variables, files in the workspace, TCP ports on 127.0.0.1, installed npm packages — all of them, not stopping at the first NO-GO, and prints the table. `baton run` runs the same gate before any task starts and stops the sprint on a NO-GO.',
  positionals: [{ name: 'sprint', description: 'The sprint id.' }, DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print one JSON object: {"sprint","go","checks":[{"name","kind","verdict","detail","durationMs"}]}.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['check auth-feature', 'check sprint-3 examples/auth --json'],
  notes: ['Exit 0 GO (stated prerequisites are listed, not checked), 1 NO-GO, 2 usage problems (unknown sprint, no config folder).'],
  async run(ctx) {
    const loaded = await loadWorkspaceArgs(ctx);
    const id = ctx.args.positional('sprint')!;
    const sprint = loaded.workspace.sprints.get(id);
    if (!sprint) {
      const known = [...loaded.workspace.sprints.keys()].sort();
      throw new UsageError(`unknown sprint ${id}; known: ${known.join(', ') || 'none'}.${didYouMeanText(id, known)}`, { showUsageHint: false });
    }
    const report = await checkPrerequisites(sprint.prerequisites, { root: loaded.workspace.root, env: ctx.io.env });
    if (ctx.args.flag('json')) {
      ctx.stdout.json({ sprint: sprint.id, go: report.go, checks: report.checks });
    } else {
      printChecks(ctx.stdout, report.checks);
      const s = ctx.stdout.style;
      if (report.checks.length === 0) ctx.stdout.line(`Sprint ${sprint.id} has no prerequisites: ${s.green('GO')}.`);
      else ctx.stdout.line(report.go ? s.green(s.bold(`GO — sprint ${sprint.id} may start.`)) : s.red(s.bold(`NO-GO — ${report.checks.filter((c) => c.verdict === 'no-go').length} of ${report.checks.length} prerequisites failed; sprint ${sprint.id} would not start.`)));
    }
    return report.go ? ExitCode.ok : ExitCode.problems;
  },
};

/** The GO/NO-GO table (also printed by `baton run` when the gate stops a sprint). */
export function printChecks(out: Output, checks: readonly PrerequisiteCheck[]): void {
  if (checks.length === 0) return;
  const s = out.style;
  const verdict = (v: PrerequisiteCheck['verdict']): string => (v === 'go' ? s.green('GO') : v === 'no-go' ? s.red('NO-GO') : s.dim('stated'));
  out.lines(formatTable(
    [{ header: 'prerequisite' }, { header: 'kind' }, { header: 'verdict' }, { header: 'detail' }],
    checks.map((c) => [c.name, c.kind, verdict(c.verdict), c.detail]),
    s.dim,
  ).map((l) => `  ${l}`));
}
