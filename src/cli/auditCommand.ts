import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditRuns, type AuditReport, type RunAudit } from '../engine/audit/auditRuns';
import { didYouMeanText } from '../engine/config/didYouMean';
import { stateDirFor } from '../engine/run/runInspection';
import { ExitCode, type Command, type CommandContext } from './command';
import { plural } from './output';
import { UsageError } from './usageError';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

const ACTIONS = ['verify'];

export const auditCommand: Command = {
  name: 'audit',
  summary: "Verify every run's journal: report lines edited, deleted, inserted or moved since Baton wrote them",
  description: "`baton audit verify` re-reads the journal of every run in the state folder and checks its hash chain and, with the state folder's key, every line's MAC. It reports each line that was changed after Baton wrote it, each line that is missing (in the middle, or from the end as far as Baton had recorded), each line Baton did not write, and each line moved out of order. It never changes anything. Journals written by a Baton that did not chain them are reported as such, not as tampered.",
  positionals: [{ name: 'action', description: '`verify`.' }, DIR_POSITIONAL],
  options: {
    json: { type: 'boolean', description: 'Print one JSON object: {"clean","stateDir","runs":[{"runId","file","lines","status","legacyLines","macChecked","findings":[{"kind","line","seq","toSeq","message"}],"notes"}]}.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['audit verify', 'audit verify examples/ecommerce --json'],
  notes: ['Exit 0 when every journal is intact (notes such as a torn last line from a crash are not findings), 1 when any run has a finding or cannot be read, 2 on usage errors or when the folder has no Baton config.'],
  run: (ctx) => {
    const action = ctx.args.positional('action')!;
    if (!ACTIONS.includes(action)) throw new UsageError(`Unknown audit action \`${action}\`.${didYouMeanText(action, ACTIONS)} \`baton audit\` takes: ${ACTIONS.join(', ')}.`);
    return verify(ctx);
  },
};

async function verify(ctx: CommandContext): Promise<ExitCode> {
  const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
  const configRoot = ctx.args.option('config-root');
  const stateDir = stateDirFor(dir, configRoot);
  if (!fs.existsSync(path.dirname(stateDir))) {
    throw new UsageError(`No Baton config folder at ${path.dirname(stateDir)}: nothing to verify.`, { showUsageHint: false });
  }
  const report = await auditRuns(stateDir);
  const code = report.clean ? ExitCode.ok : ExitCode.problems;
  if (ctx.args.flag('json')) {
    ctx.stdout.json(toJson(report, dir));
    return code;
  }
  if (report.runs.length === 0) {
    ctx.stdout.line('No runs to verify in this workspace.');
    return code;
  }
  for (const run of report.runs) printRun(ctx, run, dir);
  const bad = report.runs.filter((r) => r.status !== 'intact').length;
  const s = ctx.stdout.style;
  ctx.stdout.line();
  ctx.stdout.line(bad === 0
    ? s.green(`${plural(report.runs.length, 'run')} verified: every journal is as Baton wrote it.`)
    : s.red(s.bold(`${plural(report.runs.length, 'run')} verified: ${bad} changed after Baton wrote ${bad === 1 ? 'it' : 'them'}.`)));
  return code;
}

function printRun(ctx: CommandContext, run: RunAudit, dir: string): void {
  const s = ctx.stdout.style;
  const file = relative(dir, run.file);
  const checks = run.macChecked ? 'hash chain and MACs' : 'hash chain only';
  if (run.status === 'intact') ctx.stdout.line(`${s.green('✔')} ${run.runId}: ${plural(run.lines, 'line')} intact ${s.dim(`(${checks})`)}`);
  else if (run.status === 'unreadable') ctx.stdout.line(`${s.red('✖')} ${run.runId}: cannot be verified`);
  else ctx.stdout.line(`${s.red('✖')} ${run.runId}: ${plural(run.findings.length, 'change')} since Baton wrote it ${s.dim(`(${checks})`)}`);
  for (const f of run.findings) ctx.stdout.line(`  ${file}:${f.line}: ${s.red(f.kind)}: ${f.message}`);
  for (const note of run.notes) ctx.stdout.line(s.dim(`  note: ${note}`));
}

function toJson(report: AuditReport, dir: string): unknown {
  return {
    clean: report.clean,
    stateDir: relative(dir, report.stateDir),
    runs: report.runs.map((r) => ({
      runId: r.runId, file: relative(dir, r.file), lines: r.lines, status: r.status, legacyLines: r.legacyLines, macChecked: r.macChecked,
      findings: r.findings.map((f) => ({ kind: f.kind, line: f.line, seq: f.seq ?? null, toSeq: f.toSeq ?? null, message: f.message })),
      notes: r.notes,
    })),
  };
}

function relative(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}
