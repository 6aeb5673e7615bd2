import { buildPlanReport } from '../../cli/planReport';
import type { Sprint } from '../../engine/model/workspace';
import { formatEstimate, formatNumber as fmt, type EstimateUnit, unitLabel } from '../../shared/estimates';
const cell = (s: string): string => s.replace(/\|/g, '\\|');

/**
 * "Baton: Show Plan": the sprint's dependency levels, critical path and a schedule on N
 * workers, as Markdown. The numbers are `baton plan`'s (the same report), so the editor and the
 * terminal never disagree.
 */
export function planMarkdown(sprint: Sprint, workers: number, unit: EstimateUnit): string {
  const report = buildPlanReport(sprint, workers, unit);
  const u = (n: number) => formatEstimate(n, unit);
  const title = `# Plan: ${sprint.name || sprint.id}${sprint.name && sprint.name !== sprint.id ? ` (\`${sprint.id}\`)` : ''}`;
  if (!report) return `${title}\n\nThe tasks depend on each other in a cycle, so there is no plan. Fix the dependencies (the Problems panel shows the cycle).\n`;
  if (report.tasks.length === 0) return `${title}\n\nThe sprint has no tasks.\n`;
  const critical = new Set(report.criticalPath);
  const lines = [
    title,
    '',
    `${report.tasks.length} tasks · ${report.levels.length} levels · ${workers} worker${workers === 1 ? '' : 's'}`,
    '',
    `**Critical path** (length ${u(report.criticalPathLength)}): ${report.criticalPath.map((id) => `\`${id}\``).join(' → ')}`,
    '',
    `**Lower bound** ${u(report.lowerBound)} · **makespan** ${u(report.makespan)} critical-path-first (${report.ratio.toFixed(2)}× the bound) · total work ${u(report.totalWork)}`,
    '',
    '## Levels',
    '',
    ...report.levels.map((ids, level) => `${level}. ${ids.map((id) => (critical.has(id) ? `**\`${id}\`**` : `\`${id}\``)).join(', ')}`),
    '',
    '## Tasks',
    '',
    `| task | level | estimate (${unitLabel(unit)}) | start | finish | slack | assignee | unblocks |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...report.tasks.map((t) => `| ${critical.has(t.id) ? `**${cell(t.id)}**` : cell(t.id)} | ${t.level} | ${fmt(t.estimate)} | ${fmt(t.start)} | ${fmt(t.finish)} | ${fmt(t.slack)} | ${cell(t.assignee ?? (t.team ? `team ${t.team}` : '—'))} | ${cell(t.unblocks.join(', ') || '—')} |`),
    '',
    `Bold tasks are on the critical path (slack 0). Estimates, starts, finishes and slack are in ${unit} (\`settings.estimate_unit\` in teams.yaml).`,
    '',
  ];
  return lines.join('\n');
}
