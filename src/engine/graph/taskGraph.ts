/** The minimal shape of a task the graph algorithms need; `Task` from the model satisfies it. */
export interface GraphNode {
  readonly id: string;
  /** Effort in the sprint's unit; must be finite and >= 0. */
  readonly estimate: number;
  /** Ids of the tasks that must finish before this one starts. */
  readonly dependencies: readonly string[];
}

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * An immutable dependency graph over tasks, addressed by id or by input index.
 *
 * Edges point from a task to its dependencies. Algorithms in this folder work on the integer
 * index accessors (`dependencyIndices`, `dependantIndices`, `estimateAt`) so they stay linear
 * at 10k+ tasks; the id-based accessors are for callers.
 *
 * Tolerant by design: dependencies on unknown ids and duplicate edges are dropped and a
 * duplicate node id keeps its first occurrence, because the loader reports those problems and
 * the language server must still get a usable graph from a half-typed file.
 */
export class TaskGraph {
  /** Task ids in input order; the position of an id is its index. */
  readonly ids: readonly string[];

  private readonly nodes: readonly GraphNode[];
  private readonly index: ReadonlyMap<string, number>;
  private readonly estimates: Float64Array;
  private readonly deps: readonly (readonly number[])[];
  private readonly rdeps: readonly (readonly number[])[];
  // Id views are built lazily: most algorithms never need them, and at 10k tasks building them
  // eagerly would double the cost of `from`.
  private readonly depIdCache: (readonly string[] | undefined)[];
  private readonly rdepIdCache: (readonly string[] | undefined)[];

  private constructor(
    nodes: readonly GraphNode[],
    index: ReadonlyMap<string, number>,
    estimates: Float64Array,
    deps: readonly (readonly number[])[],
    rdeps: readonly (readonly number[])[],
    ids: readonly string[] = Object.freeze(nodes.map((n) => n.id)),
  ) {
    this.nodes = nodes;
    this.ids = ids;
    this.index = index;
    this.estimates = estimates;
    this.deps = deps;
    this.rdeps = rdeps;
    this.depIdCache = new Array<readonly string[] | undefined>(nodes.length);
    this.rdepIdCache = new Array<readonly string[] | undefined>(nodes.length);
  }

  /**
   * Builds a graph in O(nodes + edges).
   * @throws RangeError if an estimate is negative or not finite (the schema already rejects
   *   those, so this is a programming error, and every algorithm here would silently misbehave).
   */
  static from(input: readonly GraphNode[]): TaskGraph {
    const index = new Map<string, number>();
    const nodes: GraphNode[] = [];
    for (const node of input) {
      if (index.has(node.id)) continue;
      if (!Number.isFinite(node.estimate) || node.estimate < 0) {
        throw new RangeError(`Expected the estimate of \`${node.id}\` to be a finite number >= 0, got \`${node.estimate}\``);
      }
      index.set(node.id, nodes.length);
      nodes.push(node);
    }
    const n = nodes.length;
    const estimates = new Float64Array(n);
    const deps: number[][] = [];
    const rdeps: number[][] = Array.from({ length: n }, () => []);
    // Stamping with the owner's index dedupes edges in O(degree) without a Set per node.
    const seen = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      estimates[i] = node.estimate;
      const list: number[] = [];
      for (const depId of node.dependencies) {
        const j = index.get(depId);
        if (j === undefined || seen[j] === i) continue;
        seen[j] = i;
        list.push(j);
        // i ascends, so each reverse list comes out in input order for free.
        rdeps[j]!.push(i);
      }
      deps.push(list);
    }
    return new TaskGraph(nodes, index, estimates, deps, rdeps);
  }

  /**
   * This graph with some nodes replaced (new dependencies, estimate or id): the same graph
   * `from` would build from the updated input, in O(nodes) pointer copies plus the changed
   * nodes' degrees — and, when an id changes, a pass over every dependency name, since tasks
   * naming the old or the new id gain or lose an edge. The language server updates a
   * 10,000-task sprint's graph this way on each keystroke instead of building it again.
   * @param replacements new node by input index; ids stay unique.
   * @throws RangeError for an index out of range, an id another task has, or a bad estimate.
   */
  withReplacedNodes(replacements: ReadonlyMap<number, GraphNode>): TaskGraph {
    const n = this.nodes.length;
    const { index, ids, affected } = this.#renamed(replacements);
    const nodes = this.nodes.slice();
    const estimates = this.estimates.slice();
    const deps = this.deps.slice();
    const rdeps = this.rdeps.slice();
    // Reverse lists are copied once before their first change, then edited in place.
    const copied = new Set<number>();
    const ownList = (j: number): number[] => {
      if (!copied.has(j)) {
        copied.add(j);
        rdeps[j] = rdeps[j]!.slice();
      }
      return rdeps[j] as number[];
    };
    const seen = new Int32Array(n).fill(-1);
    for (const [i, node] of [...replacements, ...affected]) {
      if (!Number.isFinite(node.estimate) || node.estimate < 0) {
        throw new RangeError(`Expected the estimate of \`${node.id}\` to be a finite number >= 0, got \`${node.estimate}\``);
      }
      nodes[i] = node;
      estimates[i] = node.estimate;
      const list: number[] = [];
      for (const depId of node.dependencies) {
        const j = index.get(depId);
        if (j === undefined || seen[j] === i) continue;
        seen[j] = i;
        list.push(j);
      }
      // Reverse lists stay in input order (ascending): i leaves and joins at its sorted place.
      for (const j of deps[i]!) {
        const reverse = ownList(j);
        reverse.splice(lowerBound(reverse, i), 1);
      }
      for (const j of list) {
        const reverse = ownList(j);
        reverse.splice(lowerBound(reverse, i), 0, i);
      }
      deps[i] = list;
    }
    return new TaskGraph(nodes, index, estimates, deps, rdeps, ids);
  }

  /** The id index after `replacements`, and the other nodes whose edges an id change touches. */
  #renamed(replacements: ReadonlyMap<number, GraphNode>): { index: ReadonlyMap<string, number>; ids: readonly string[]; affected: Map<number, GraphNode> } {
    const changes: [number, string][] = [];
    for (const [i, node] of replacements) {
      if (!(i >= 0 && i < this.nodes.length)) throw new RangeError(`Expected an index in [0, ${this.nodes.length}), got \`${i}\``);
      if (node.id !== this.ids[i]) changes.push([i, node.id]);
    }
    const affected = new Map<number, GraphNode>();
    if (changes.length === 0) return { index: this.index, ids: this.ids, affected };
    const index = new Map(this.index);
    const ids = this.ids.slice();
    const names = new Set<string>();
    for (const [i, id] of changes) {
      index.delete(this.ids[i]!);
      names.add(this.ids[i]!).add(id);
    }
    for (const [i, id] of changes) {
      if (index.has(id)) throw new RangeError(`Expected a new id for the node at index ${i}, got \`${id}\`, which another node has`);
      index.set(id, i);
      ids[i] = id;
    }
    for (let k = 0; k < this.nodes.length; k++) {
      if (replacements.has(k)) continue;
      const node = this.nodes[k]!;
      for (const d of node.dependencies) {
        if (!names.has(d)) continue;
        affected.set(k, node);
        break;
      }
    }
    return { index, ids: Object.freeze(ids), affected };
  }

  /** Number of (distinct) tasks. */
  get size(): number {
    return this.nodes.length;
  }

  /** Whether a task with this id exists. */
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** The input node for this id (its `dependencies` are as given, unfiltered), or undefined. */
  node(id: string): GraphNode | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.nodes[i];
  }

  /** Input index of the task, or -1 if unknown (like `Array.prototype.indexOf`). */
  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** The task's estimate, or undefined if the id is unknown. */
  estimate(id: string): number | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.estimates[i];
  }

  /** Known dependencies of the task, deduplicated, in the order written; [] for unknown ids. */
  dependenciesOf(id: string): readonly string[] {
    const i = this.index.get(id);
    if (i === undefined) return EMPTY;
    return (this.depIdCache[i] ??= Object.freeze(this.deps[i]!.map((j) => this.ids[j]!)));
  }

  /** Tasks that directly depend on this one, in input order; [] for unknown ids. */
  dependantsOf(id: string): readonly string[] {
    const i = this.index.get(id);
    if (i === undefined) return EMPTY;
    return (this.rdepIdCache[i] ??= Object.freeze(this.rdeps[i]!.map((j) => this.ids[j]!)));
  }

  /** Id at an input index (0 <= i < size). */
  idAt(i: number): string {
    const id = this.ids[i];
    if (id === undefined) throw new RangeError(`Expected an index in [0, ${this.size}), got \`${i}\``);
    return id;
  }

  /** Estimate at an input index; 0 outside the range so hot loops need no checks. */
  estimateAt(i: number): number {
    return this.estimates[i] ?? 0;
  }

  /** Indices of the dependencies of task `i`, in the order written. Do not mutate. */
  dependencyIndices(i: number): readonly number[] {
    return this.deps[i] ?? [];
  }

  /** Indices of the dependants of task `i`, ascending. Do not mutate. */
  dependantIndices(i: number): readonly number[] {
    return this.rdeps[i] ?? [];
  }

  /** Number of distinct known edges. */
  get edgeCount(): number {
    let count = 0;
    for (const list of this.deps) count += list.length;
    return count;
  }
}

/** The first position whose value is >= `value` in an ascending list. */
function lowerBound(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
