import { formatNumber, plural, type Style } from './output';
import type { PlanReport, PlanTask } from './planReport';
import { formatTable } from './table';
import { formatEstimate, unitLabel } from '../shared/estimates';

/**
 * The human-readable plan: header, dependency levels, one aligned row per task, then the
 * critical path and how a schedule on N workers compares with the lower bound. Critical tasks
 * are highlighted on a terminal; piped, slack 0 marks them.
 */
export function planText(report: PlanReport, style: Style, workersNote: string): string[] {
  const onPath = new Set(report.criticalPath);
  const critical = (id: string) => (onPath.has(id) ? style.bold(style.cyan(id)) : id);
  const title = report.name !== report.sprint ? ` ${style.dim(`— ${report.name}`)}` : '';
  const lines = [
    `${style.bold('Sprint')} ${style.bold(report.sprint)}${title}`,
    style.dim(`${plural(report.tasks.length, 'task')} · ${plural(report.levels.length, 'level')} · ${plural(report.workers, 'worker')} ${workersNote}`),
  ];
  if (report.tasks.length === 0) return [...lines, '', 'Nothing to plan: the sprint has no tasks.'];

  lines.push('', style.bold('Levels'));
  const levelWidth = String(report.levels.length - 1).length;
  report.levels.forEach((ids, level) => lines.push(`  ${style.dim(String(level).padStart(levelWidth))}  ${ids.map(critical).join('  ')}`));

  lines.push('', ...taskTable(report.tasks, style, critical, unitLabel(report.estimateUnit)).map((l) => `  ${l}`));

  const u = (value: number) => formatEstimate(value, report.estimateUnit);
  const bound = report.lowerBound;
  lines.push(
    '',
    `${style.bold('Critical path')}  ${report.criticalPath.map(critical).join(' → ')}  ${style.dim(`(length ${u(report.criticalPathLength)})`)}`,
    `${style.bold('Lower bound  ')}  ${u(bound)} on ${plural(report.workers, 'worker')}  ${style.dim(`(max of critical path ${u(report.criticalPathLength)} and total work ${u(report.totalWork)} / ${report.workers})`)}`,
    `${style.bold('Makespan     ')}  ${u(report.makespan)} critical-path-first on ${plural(report.workers, 'worker')}  ${style.dim(`(${report.ratio.toFixed(2)}× the lower bound)`)}`,
  );
  return lines;
}

function taskTable(tasks: readonly PlanTask[], style: Style, critical: (id: string) => string, unit: string): string[] {
  const none = style.dim('—');
  const n = formatNumber;
  const rows = tasks.map((t) => [
    critical(t.id),
    t.kind === 'task' ? '' : style.dim(t.kind),
    String(t.level),
    n(t.estimate),
    n(t.start),
    n(t.finish),
    t.slack === 0 ? n(t.slack) : style.yellow(n(t.slack)),
    who(t) ?? none,
    t.unblocks.length > 0 ? t.unblocks.join(', ') : none,
  ]);
  return formatTable(
    [
      { header: 'TASK' },
      { header: tasks.some((t) => t.kind !== 'task') ? 'KIND' : '' },
      { header: 'LEVEL', align: 'right' },
      { header: `EST (${unit})`, align: 'right' },
      { header: 'START', align: 'right' },
      { header: 'FINISH', align: 'right' },
      { header: 'SLACK', align: 'right' },
      { header: 'ASSIGNEE' },
      { header: 'UNBLOCKS' },
    ],
    rows,
    style.dim,
  );
}

/** `dev`, `team eng`, or `dev (eng)` when both are set. */
function who(task: PlanTask): string | undefined {
  if (task.assignee && task.team) return `${task.assignee} (${task.team})`;
  if (task.assignee) return task.assignee;
  if (task.team) return `team ${task.team}`;
  return undefined;
}
