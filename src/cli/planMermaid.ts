import type { TaskKind } from '../engine/model/workspace';
import type { PlanReport } from './planReport';
import { formatEstimate } from '../shared/estimates';

/** Node shapes by kind, so generated gates read differently from work at a glance. */
const SHAPES: Record<TaskKind, [string, string]> = {
  task: ['(', ')'],
  analysis: ['(', ')'],
  review: ['{{', '}}'],
  validation: ['{{', '}}'],
  sync: ['{', '}'],
  'fan-in': ['{', '}'],
  branch: ['[/', '/]'],
};

/**
 * The plan as a Mermaid `flowchart LR`: an edge from each dependency to its dependant, the
 * critical path's nodes and edges styled. Task ids become `t_<id>` with every character
 * outside [A-Za-z0-9_] replaced, because `--` inside an id reads as an edge to Mermaid and
 * `end` is a keyword; the real id is the label.
 */
export function planMermaid(report: PlanReport): string[] {
  const ids = mermaidIds(report.tasks.map((t) => t.id));
  const critical = new Set(report.criticalPath);
  const criticalLinks = new Set(report.criticalPath.slice(1).map((id, i) => `${report.criticalPath[i]!}\n${id}`));
  const lines = ['flowchart LR'];
  for (const t of report.tasks) {
    const [open, close] = SHAPES[t.kind];
    const detail = `${t.title === t.id ? '' : `${t.title} · `}${formatEstimate(t.estimate, report.estimateUnit)}`;
    lines.push(`  ${ids.get(t.id)!}${open}"${escapeLabel(t.id)}<br/>${escapeLabel(detail)}"${close}`);
  }
  const criticalEdges: number[] = [];
  let edge = 0;
  for (const t of report.tasks) {
    for (const dep of t.dependencies) {
      lines.push(`  ${ids.get(dep)!} --> ${ids.get(t.id)!}`);
      if (criticalLinks.has(`${dep}\n${t.id}`)) criticalEdges.push(edge);
      edge++;
    }
  }
  if (critical.size > 0) {
    lines.push('  classDef critical stroke:#d9480f,stroke-width:3px');
    lines.push(`  class ${report.criticalPath.map((id) => ids.get(id)!).join(',')} critical`);
  }
  if (criticalEdges.length > 0) lines.push(`  linkStyle ${criticalEdges.join(',')} stroke:#d9480f,stroke-width:3px`);
  return lines;
}

function mermaidIds(taskIds: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of taskIds) {
    const base = `t_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let candidate = base;
    // `a-b` and `a_b` sanitize alike; a suffix keeps them apart.
    for (let k = 2; used.has(candidate); k++) candidate = `${base}_${k}`;
    used.add(candidate);
    out.set(id, candidate);
  }
  return out;
}

/** Mermaid labels take HTML entities as `#name;`; quotes and angle brackets would end or break the label. */
function escapeLabel(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
