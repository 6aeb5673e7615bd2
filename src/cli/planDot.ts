import type { TaskKind } from '../engine/model/workspace';
import type { PlanReport } from './planReport';
import { formatEstimate } from '../shared/estimates';

const SHAPES: Record<TaskKind, string> = {
  task: 'box',
  analysis: 'box',
  review: 'hexagon',
  validation: 'hexagon',
  sync: 'diamond',
  'fan-in': 'diamond',
  branch: 'parallelogram',
};

/**
 * The plan as a Graphviz digraph (`dot -Tsvg`): left to right, an edge from each dependency to
 * its dependant, critical-path nodes and edges drawn bold. Ids are quoted, so any task id works.
 */
export function planDot(report: PlanReport): string[] {
  const links = new Set(report.criticalPath.slice(1).map((id, i) => `${report.criticalPath[i]!}\n${id}`));
  const critical = new Set(report.criticalPath);
  const lines = [
    `digraph ${quote(report.sprint)} {`,
    '  rankdir=LR;',
    '  node [shape=box, style="rounded", fontname="Helvetica"];',
  ];
  for (const t of report.tasks) {
    const label = [t.id, ...(t.title === t.id ? [] : [t.title]), `est ${formatEstimate(t.estimate, report.estimateUnit)}`].join('\n');
    const attrs = [`label=${quote(label)}`, ...(SHAPES[t.kind] === 'box' ? [] : [`shape=${SHAPES[t.kind]}`]), ...(critical.has(t.id) ? ['color="#d9480f"', 'penwidth=2'] : [])];
    lines.push(`  ${quote(t.id)} [${attrs.join(', ')}];`);
  }
  for (const t of report.tasks) {
    for (const dep of t.dependencies) {
      const style = links.has(`${dep}\n${t.id}`) ? ' [color="#d9480f", penwidth=2]' : '';
      lines.push(`  ${quote(dep)} -> ${quote(t.id)}${style};`);
    }
  }
  lines.push('}');
  return lines;
}

/** A DOT double-quoted string; `\n` becomes DOT's centred line break. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
