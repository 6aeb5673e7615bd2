import { findCycles, findCyclesAfterChange } from '../graph/findCycle';
import { TaskGraph, type GraphNode } from '../graph/taskGraph';
import type { Diagnostic } from '../model/diagnostic';
import type { CompiledTask } from '../patterns/compiledTask';
import { didYouMean } from './didYouMean';
import { DiagnosticSink } from './diagnosticSink';
import type { SprintEntry } from './resolveSprints';

const NONE: readonly Diagnostic[] = Object.freeze([]);

/** Which compiled task first uses each id, and which ones repeat an id. */
interface IdTable {
  firstOf: Map<string, number>;
  /** Unique ids, in order. */
  ids: string[];
  /** Indices of tasks whose id an earlier task already has. */
  duplicates: number[];
  isDuplicate: ReadonlySet<number>;
}

/**
 * One sprint's graph check as last done, so the next check after an edit redoes only what the
 * edit changed: the tasks it checked, their id table, each task's dependency diagnostics, and
 * the graph with the cycles found in it.
 */
export class TaskGraphMemo {
  compiled: readonly CompiledTask[] = [];
  table: IdTable | undefined;
  dependencyDiagnostics: (readonly Diagnostic[])[] = [];
  nodes: readonly GraphNode[] = [];
  graph: TaskGraph | undefined;
  cycles: string[][] = [];
}

/**
 * Checks one sprint's task graph with the same graph code the scheduler uses, so the editor
 * and the scheduler never disagree: duplicate ids, unknown and self dependencies, cycles.
 *
 * With a `memo` from the previous check of the same sprint: when the tasks still have the same
 * ids in the same order, a task that is the same object as last time (so unchanged, in the same
 * place) keeps its dependency diagnostics; the graph is updated where tasks changed, and cycles
 * are looked for only where an added edge could have closed one. The diagnostics are the same
 * as without a memo.
 */
export function checkTaskGraph(entry: SprintEntry, sink: DiagnosticSink, memo?: TaskGraphMemo): void {
  const { source, compiled, sprint } = entry;
  const sameIds = memo?.table !== undefined && sameTaskIds(memo.compiled, compiled);
  const table = sameIds ? memo!.table! : idTable(compiled);
  const { firstOf, ids, duplicates, isDuplicate } = table;
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
    const list = sameIds && memo!.compiled[i] === c ? memo!.dependencyDiagnostics[i]! : checkDependencies(entry, c, firstOf, ids);
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

/** Whether both lists hold tasks with the same ids in the same order. */
function sameTaskIds(a: readonly CompiledTask[], b: readonly CompiledTask[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i]!.task.id !== b[i]!.task.id) return false;
  return true;
}

function idTable(compiled: readonly CompiledTask[]): IdTable {
  const firstOf = new Map<string, number>();
  const duplicates: number[] = [];
  compiled.forEach((c, i) => {
    if (firstOf.has(c.task.id)) duplicates.push(i);
    else firstOf.set(c.task.id, i);
  });
  return { firstOf, ids: [...firstOf.keys()], duplicates, isDuplicate: new Set(duplicates) };
}

/** Self and unknown dependencies of one task, and unknown tasks in a sync point's `before`. */
function checkDependencies(entry: SprintEntry, c: CompiledTask, firstOf: Map<string, number>, ids: readonly string[]): readonly Diagnostic[] {
  const { source, sprint } = entry;
  let sink: DiagnosticSink | undefined;
  const add = (...args: Parameters<DiagnosticSink['add']>) => (sink ??= new DiagnosticSink()).add(...args);
  for (const dep of c.task.dependencies) {
    if (dep !== c.task.id && firstOf.has(dep)) continue;
    const at = c.dependencyPaths.get(dep) ?? c.path;
    if (dep === c.task.id) {
      add(source, at, 'error', 'self-dependency', `Task \`${dep}\` depends on itself, so it could never start. Remove this dependency.`, { data: { task: dep, dependency: dep } });
    } else {
      const suggestion = didYouMean(dep, ids.filter((i) => i !== c.task.id));
      add(source, at, 'error', 'unknown-task',
        `Task \`${c.task.id}\` depends on \`${dep}\`, which is not a task of sprint \`${sprint.id}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ' Fix the id or remove the dependency.'}`,
        suggestion ? { fix: DiagnosticSink.replaceFix(source, at, suggestion, `Change to \`${suggestion}\``)!, data: { suggestion } } : {});
    }
  }
  for (const ref of c.before ?? []) {
    if (firstOf.has(ref.name)) continue;
    const suggestion = didYouMean(ref.name, ids);
    add(source, ref.path, 'error', 'unknown-task', `\`${ref.name}\` is not a task of sprint \`${sprint.id}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      suggestion ? { fix: DiagnosticSink.replaceFix(source, ref.path, suggestion, `Change to \`${suggestion}\``)!, data: { suggestion } } : {});
  }
  return sink?.diagnostics ?? NONE;
}

/** `findCycles` of the tasks' graph, updating the memo's graph when the task ids are the same. */
function cyclesOf(nodes: readonly GraphNode[], memo: TaskGraphMemo | undefined): string[][] {
  const previous = memo?.graph;
  if (!memo || !previous || !sameNodeIds(memo.nodes, nodes)) {
    const graph = TaskGraph.from(nodes);
    const cycles = findCycles(graph);
    if (memo) Object.assign(memo, { nodes, graph, cycles });
    return cycles;
  }
  const replaced = new Map<number, GraphNode>();
  for (let i = 0; i < nodes.length; i++) if (nodes[i] !== memo.nodes[i]) replaced.set(i, nodes[i]!);
  if (replaced.size > 0) {
    const graph = previous.withReplacedNodes(replaced);
    Object.assign(memo, { nodes, graph, cycles: findCyclesAfterChange(previous, memo.cycles, graph, replaced.keys()) });
  }
  return memo.cycles;
}

function sameNodeIds(a: readonly GraphNode[], b: readonly GraphNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i]!.id !== b[i]!.id) return false;
  return true;
}
