import { findCycles } from '../graph/findCycle';
import { TaskGraph } from '../graph/taskGraph';
import type { CompiledTask } from '../patterns/compiledTask';
import { didYouMean } from './didYouMean';
import { DiagnosticSink } from './diagnosticSink';
import type { SprintEntry } from './resolveSprints';

/**
 * Checks one sprint's task graph with the same graph code the scheduler uses, so the editor
 * and the scheduler never disagree: duplicate ids, unknown and self dependencies, cycles.
 */
export function checkTaskGraph(entry: SprintEntry, sink: DiagnosticSink): void {
  const { source, compiled, sprint } = entry;
  const byId = new Map<string, CompiledTask>();
  for (const c of compiled) {
    const first = byId.get(c.task.id);
    if (!first) {
      byId.set(c.task.id, c);
      continue;
    }
    sink.add(source, c.idPath, 'error', 'duplicate-task-id',
      `Task id \`${c.task.id}\` is already used in sprint \`${sprint.id}\` (line ${first.task.location.range.line}). Give this task its own id.`);
  }
  const ids = [...byId.keys()];
  for (const c of compiled) {
    if (byId.get(c.task.id) !== c) continue;
    for (const dep of c.task.dependencies) {
      const at = c.dependencyPaths.get(dep) ?? c.path;
      if (dep === c.task.id) {
        sink.add(source, at, 'error', 'self-dependency', `Task \`${dep}\` depends on itself, so it could never start. Remove this dependency.`, { data: { task: dep, dependency: dep } });
      } else if (!byId.has(dep)) {
        const suggestion = didYouMean(dep, ids.filter((i) => i !== c.task.id));
        sink.add(source, at, 'error', 'unknown-task',
          `Task \`${c.task.id}\` depends on \`${dep}\`, which is not a task of sprint \`${sprint.id}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ' Fix the id or remove the dependency.'}`,
          suggestion ? { fix: DiagnosticSink.replaceFix(source, at, suggestion, `Change to \`${suggestion}\``)!, data: { suggestion } } : {});
      }
    }
    for (const ref of c.before ?? []) {
      if (byId.has(ref.name)) continue;
      const suggestion = didYouMean(ref.name, ids);
      sink.add(source, ref.path, 'error', 'unknown-task', `\`${ref.name}\` is not a task of sprint \`${sprint.id}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        suggestion ? { fix: DiagnosticSink.replaceFix(source, ref.path, suggestion, `Change to \`${suggestion}\``)!, data: { suggestion } } : {});
    }
  }
  const graph = TaskGraph.from([...byId.values()].map((c) => ({ id: c.task.id, estimate: c.task.estimate, dependencies: c.task.dependencies })));
  for (const cycle of findCycles(graph)) {
    if (cycle.length <= 2) continue; // a self-dependency, reported above
    const text = cycle.join(' → ');
    for (let i = 0; i + 1 < cycle.length; i++) {
      const from = byId.get(cycle[i]!)!;
      const to = cycle[i + 1]!;
      const at = from.dependencyPaths.get(to) ?? from.path;
      sink.add(source, at, 'error', 'dependency-cycle',
        `Dependency cycle: ${text} (each task depends on the next), so none of them can ever start. Remove one of these dependencies.`,
        { data: { cycle, task: from.task.id, dependency: to } });
    }
  }
}
