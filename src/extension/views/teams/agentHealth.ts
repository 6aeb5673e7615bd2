import type { DoctorReport } from '../../../engine/doctor/agentDoctor';

/** Why an agent cannot run, from the last agent check; undefined when it can (or was not checked). */
export function agentProblems(report: DoctorReport | undefined, agent: string): string[] | undefined {
  const entry = report?.agents.find((a) => a.name === agent);
  return entry && !entry.canRun ? entry.problems : undefined;
}

/** The agent check as lines for the output channel, one block per runner. */
export function agentReportText(report: DoctorReport): string {
  const lines = ['Agent check:'];
  for (const r of report.runners) {
    const where = r.path ? `${r.version ?? 'version unknown'} at ${r.path}` : r.command;
    lines.push(`  ${r.problems.length ? '✗' : '✓'} ${r.runner} — ${where} (agents: ${r.agents.join(', ')})`);
    if (r.auth) lines.push(`      credentials: ${r.auth.ok ? [...r.auth.present, ...(r.auth.loginFile ? [`~/${r.auth.loginFile}`] : [])].join(', ') : 'none set'}`);
    for (const p of r.problems) lines.push(`      problem: ${p}`);
  }
  return lines.join('\n');
}
