import type { YamlPath } from '../model/yamlPath';
import type { CompiledTask } from './compiledTask';

/** Dependencies a sync point's `before:` adds to a task, and where each was written. */
interface BarrierEdges {
  ids: string[];
  paths: Map<string, YamlPath>;
}

/**
 * What {@link linkTasks} keeps between links of one sprint: last call's input and output, and
 * the linked copies it made.
 */
export class LinkMemo {
  inputs: readonly CompiledTask[] = [];
  outputs: readonly CompiledTask[] = [];
  /** Whether each output depended on its input alone (no gate, fan-out or barrier involved). */
  alone = new Uint8Array(0);
  readonly copies = new WeakMap<CompiledTask, CompiledTask>();
}

/**
 * The tasks with their final dependencies: a sync point's `before` tasks wait for the barrier;
 * every task that depends on a gated task (one with reviewers or a validator) also depends on
 * its review and validation tasks; a dependency on a fanned-out template becomes one on every
 * copy. Never changes its input: a task whose dependencies stay as written is returned as is,
 * and `memo` hands back the same linked copy as last time while its result is unchanged — so
 * recompiling a sprint after an edit allocates only for what the edit changed.
 */
export function linkTasks(tasks: readonly CompiledTask[], memo?: LinkMemo): CompiledTask[] {
  const gates = new Map<string, string[]>();
  const expansions = new Map<string, string[]>();
  let hasBarriers = false;
  for (const c of tasks) {
    if (c.fanOutOf) expansions.set(c.fanOutOf.template, c.fanOutOf.copies);
    if ((c.task.kind === 'review' || c.task.kind === 'validation') && c.task.generatedFrom) {
      const list = gates.get(c.task.generatedFrom) ?? [];
      list.push(c.task.id);
      gates.set(c.task.generatedFrom, list);
    }
    if (c.before?.length) hasBarriers = true;
  }
  const barriers = hasBarriers ? barrierEdges(tasks) : undefined;
  const rewired = gates.size > 0 || expansions.size > 0;
  const out: CompiledTask[] = new Array(tasks.length);
  const alone = new Uint8Array(tasks.length);
  const copies = memo?.copies;
  for (let i = 0; i < tasks.length; i++) {
    const c = tasks[i]!;
    const extra = barriers?.get(c);
    if (extra || (rewired && touches(c.task.dependencies, gates, expansions))) {
      out[i] = rewire(c, extra, gates, expansions, copies);
      continue;
    }
    alone[i] = 1;
    if (memo && memo.inputs[i] === c && memo.alone[i]) out[i] = memo.outputs[i]!;
    else out[i] = hasDuplicates(c.task.dependencies) ? linked(c, [...new Set(c.task.dependencies)], c.dependencyPaths, copies) : c;
  }
  if (memo) Object.assign(memo, { inputs: tasks, outputs: out, alone });
  return out;
}

/** Whether a dependency is gated or fanned out. */
function touches(dependencies: readonly string[], gates: ReadonlyMap<string, unknown>, expansions: ReadonlyMap<string, unknown>): boolean {
  for (const d of dependencies) if (gates.has(d) || expansions.has(d)) return true;
  return false;
}

/** Applies sync points in order; a task already waiting for a barrier gets no second edge. */
function barrierEdges(tasks: readonly CompiledTask[]): Map<CompiledTask, BarrierEdges> {
  const added = new Map<CompiledTask, BarrierEdges>();
  // The last task with an id wins, as a map built in order keeps it.
  const byId = new Map(tasks.map((c) => [c.task.id, c]));
  for (const barrier of tasks) {
    for (const ref of barrier.before ?? []) {
      const waiting = byId.get(ref.name);
      if (!waiting || waiting === barrier) continue;
      const edges = added.get(waiting) ?? { ids: [], paths: new Map<string, YamlPath>() };
      if (waiting.task.dependencies.includes(barrier.task.id) || edges.ids.includes(barrier.task.id)) continue;
      edges.ids.push(barrier.task.id);
      edges.paths.set(barrier.task.id, ref.path);
      added.set(waiting, edges);
    }
  }
  return added;
}

/** Gates and fan-out expansions for one task, over its written dependencies plus its barriers. */
function rewire(c: CompiledTask, extra: BarrierEdges | undefined, gates: Map<string, string[]>, expansions: Map<string, string[]>, memo?: WeakMap<CompiledTask, CompiledTask>): CompiledTask {
  let paths = c.dependencyPaths;
  let ownPaths = false;
  const setPath = (id: string, path: YamlPath) => {
    if (paths.get(id) === path) return;
    if (!ownPaths) {
      paths = new Map(paths);
      ownPaths = true;
    }
    paths.set(id, path);
  };
  for (const [id, path] of extra?.paths ?? []) setPath(id, path);
  const deps: string[] = [];
  for (const dep of extra ? [...c.task.dependencies, ...extra.ids] : c.task.dependencies) {
    const copies = expansions.get(dep);
    const expanded = copies && c.task.generatedFrom !== dep ? copies : [dep];
    for (const d of expanded) {
      deps.push(d);
      const written = paths.get(dep);
      if (d !== dep && written !== undefined) setPath(d, written);
      if (c.task.generatedFrom === d) continue;
      for (const gate of gates.get(d) ?? []) if (gate !== c.task.id) deps.push(gate);
    }
  }
  const unique = [...new Set(deps)];
  return !ownPaths && sameList(unique, c.task.dependencies) ? c : linked(c, unique, paths, memo);
}

/** `c` with new dependencies: the memo's copy when it already says the same. */
function linked(c: CompiledTask, dependencies: string[], dependencyPaths: Map<string, YamlPath>, memo?: WeakMap<CompiledTask, CompiledTask>): CompiledTask {
  const known = memo?.get(c);
  if (known && sameList(known.task.dependencies, dependencies) && samePaths(known.dependencyPaths, dependencyPaths)) return known;
  const out: CompiledTask = { ...c, task: { ...c.task, dependencies }, dependencyPaths };
  memo?.set(c, out);
  return out;
}

function hasDuplicates(list: readonly string[]): boolean {
  if (list.length > 16) return new Set(list).size !== list.length;
  for (let i = 1; i < list.length; i++) if (list.lastIndexOf(list[i]!, i - 1) >= 0) return true;
  return false;
}

function sameList(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function samePaths(a: ReadonlyMap<string, YamlPath>, b: ReadonlyMap<string, YamlPath>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [id, path] of a) {
    const other = b.get(id);
    if (!other || !sameList(other, path)) return false;
  }
  return true;
}
