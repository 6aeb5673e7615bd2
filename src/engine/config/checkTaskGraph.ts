import { findCycles, findCyclesAfterChange } from '../graph/findCycle';
import { TaskGraph, type GraphNode } from '../graph/taskGraph';
import type { Diagnostic } from '../model/diagnostic';
import type { CompiledTask } from '../patterns/compiledTask';
import { DiagnosticSink } from './diagnosticSink';
import type { SprintEntry } from './resolveSprints';
import { TaskIdTable } from './taskIdTable';

const NONE: readonly Diagnostic[] = Object.freeze([]);

/**
 * One sprint's graph check as last done, so the next check after an edit redoes only what the
 * edit changed: the tasks it checked, their id table, each task's dependency diagnostics, and
 * the graph with the cycles found in it.
 */
export class TaskGraphMemo {
  compiled: readonly CompiledTask[] = [];
  table: TaskIdTable | undefined;
  dependencyDiagnostics: (readonly Diagnostic[])[] = [];
  /** The tasks last checked; the graph holds nodes with their ids, dependencies and estimates. */
  nodes: readonly GraphNode[] = [];
  graph: TaskGraph | undefined;
  cycles: string[][] = [];
}

/**
 * Checks one sprint's task graph with the same graph code the scheduler uses, so the editor
 * and the scheduler never disagree: duplicate ids, unknown and self dependencies, cycles.
 *
 * With a `memo` from the previous check of the same sprint: the id table is kept, or updated
 * for a renamed task; a task whose dependency check cannot have changed keeps its diagnostics
 * (see {@link reusable}); the graph is updated where tasks changed, and cycles are looked for
 * only where an added edge could have closed one. The diagnostics are the same as without a memo.
 */
export function checkTaskGraph(entry: SprintEntry, sink: DiagnosticSink, memo?: TaskGraphMemo): void {
  try {
    check(entry, sink, memo);
  } catch (error) {
    // The memo may be half updated: the next check starts from scratch.
    if (memo) Object.assign(memo, new TaskGraphMemo());
    throw error;
  }
}

function check(entry: SprintEntry, sink: DiagnosticSink, memo: TaskGraphMemo | undefined): void {
  const { source, compiled, sprint } = entry;
  const kept = memo?.table?.after(memo.compiled, compiled);
  const table = kept?.table ?? TaskIdTable.of(compiled);
  const { firstOf, duplicates, isDuplicate } = table;
  for (const i of duplicates) {
    const c = compiled[i]!;
    const first = compiled[firstOf.get(c.task.id)!]!;
    sink.add(source, c.idPath, 'error', 'duplicate-task-id',
      `Task id \`${c.task.id}\` is already used in sprint \`${sprint.id}\` (line ${first.task.location.range.line}). Give this task its own id.`);
  }
  const dependencyDiagnostics: (readonly Diagnostic[])[] = new Array(compiled.length);
  const nodes: GraphNode[] = [];
  for (let i = 0; i < compiled.length; i++) {
    const c = compiled[i]!;
    if (isDuplicate.has(i)) continue;
    nodes.push(c.task);
    const list = (kept ? reusable(memo!.compiled[i]!, memo!.dependencyDiagnostics[i]!, c, kept.renamed) : undefined) ?? checkDependencies(entry, c, table);
    dependencyDiagnostics[i] = list;
    for (const d of list) sink.diagnostics.push(d);
  }
  for (const cycle of cyclesOf(nodes, memo)) {
    if (cycle.length <= 2) continue; // a self-dependency, reported above
    const text = cycle.join(' → ');
    for (let i = 0; i + 1 < cycle.length; i++) {
      const from = compiled[firstOf.get(cycle[i]!)!]!;
      const to = cycle[i + 1]!;
      const at = from.dependencyPaths.get(to) ?? from.path;
      sink.add(source, at, 'error', 'dependency-cycle',
        `Dependency cycle: ${text} (each task depends on the next), so none of them can ever start. Remove one of these dependencies.`,
        { data: { cycle, task: from.task.id, dependency: to } });
    }
  }
  if (memo) Object.assign(memo, { compiled, table, dependencyDiagnostics });
}

/**
 * Last check's dependency diagnostics of the task at the same index, when they still hold: the
 * same task object (unchanged, in the same place) while no id was renamed; or — when there were
 * none — a task with the same dependencies and barrier targets, none of them a renamed id,
 * wherever it now sits (a task moved by a new line above it has nothing to report either).
 */
function reusable(previous: CompiledTask, diagnostics: readonly Diagnostic[], c: CompiledTask, renamed: ReadonlySet<string>): readonly Diagnostic[] | undefined {
  if (renamed.size === 0 && previous === c) return diagnostics;
  if (diagnostics.length > 0 || previous.task.dependencies !== c.task.dependencies || previous.before !== c.before) return undefined;
  if (renamed.size > 0 && (c.task.dependencies.some((d) => renamed.has(d)) || c.before?.some((r) => renamed.has(r.name)))) return undefined;
  return diagnostics;
}

/** Self and unknown dependencies of one task, and unknown tasks in a sync point's `before`. */
function checkDependencies(entry: SprintEntry, c: CompiledTask, table: TaskIdTable): readonly Diagnostic[] {
  const { source, sprint } = entry;
  const { firstOf } = table;
  let sink: DiagnosticSink | undefined;
  const add = (...args: Parameters<DiagnosticSink['add']>) => (sink ??= new DiagnosticSink()).add(...args);
  for (const dep of c.task.dependencies) {
    if (dep !== c.task.id && firstOf.has(dep)) continue;
    const at = c.dependencyPaths.get(dep) ?? c.path;
    if (dep === c.task.id) {
      add(source, at, 'error', 'self-dependency', `Task \`${dep}\` depends on itself, so it could never start. Remove this dependency.`, { data: { task: dep, dependency: dep } });
    } else {
      const suggestion = table.suggest(dep, c.task.id);
      add(source, at, 'error', 'unknown-task',
        `Task \`${c.task.id}\` depends on \`${dep}\`, which is not a task of sprint \`${sprint.id}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ' Fix the id or remove the dependency.'}`,
        suggestion ? { fix: DiagnosticSink.replaceFix(source, at, suggestion, `Change to \`${suggestion}\``)!, data: { suggestion } } : {});
    }
  }
  for (const ref of c.before ?? []) {
    if (firstOf.has(ref.name)) continue;
    const suggestion = table.suggest(ref.name);
    add(source, ref.path, 'error', 'unknown-task', `\`${ref.name}\` is not a task of sprint \`${sprint.id}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      suggestion ? { fix: DiagnosticSink.replaceFix(source, ref.path, suggestion, `Change to \`${suggestion}\``)!, data: { suggestion } } : {});
  }
  return sink?.diagnostics ?? NONE;
}

/** `findCycles` of the tasks' graph, updating the memo's graph when the tasks are as many as before. */
function cyclesOf(nodes: readonly GraphNode[], memo: TaskGraphMemo | undefined): string[][] {
  const previous = memo?.graph;
  // Only what the graph is made of counts: a task moved by a new line above it changes nothing.
  const replaced = new Map<number, GraphNode>();
  if (memo && previous && memo.nodes.length === nodes.length) {
    for (let i = 0; i < nodes.length && replaced.size <= nodes.length / 8; i++) {
      const [now, then] = [nodes[i]!, memo.nodes[i]!];
      if (now !== then && (now.id !== then.id || now.estimate !== then.estimate || !sameList(now.dependencies, then.dependencies))) replaced.set(i, now);
    }
  }
  if (!memo || !previous || memo.nodes.length !== nodes.length || replaced.size > nodes.length / 8) {
    const graph = TaskGraph.from(nodes);
    const cycles = findCycles(graph);
    if (memo) Object.assign(memo, { nodes, graph, cycles });
    return cycles;
  }
  memo.nodes = nodes;
  if (replaced.size > 0) {
    const graph = previous.withReplacedNodes(replaced);
    Object.assign(memo, { graph, cycles: findCyclesAfterChange(previous, memo.cycles, graph) });
  }
  return memo.cycles;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
