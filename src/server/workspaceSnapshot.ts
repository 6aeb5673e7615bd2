import type { ParsedConfigFile } from '../engine/config/configFile';
import { analyzeCriticalPath, type CriticalPathAnalysis } from '../engine/graph/criticalPath';
import { findCycle } from '../engine/graph/findCycle';
import { TaskGraph } from '../engine/graph/taskGraph';
import { levelIndices } from '../engine/graph/topology';
import type { Diagnostic } from '../engine/model/diagnostic';
import type { LoadResult, Sprint, Workspace } from '../engine/model/workspace';
import { SymbolIndex } from './symbolIndex';
import { TextLines } from './textLines';

/** A sprint's task graph with the analyses hover, completion and the board need. */
export interface SprintAnalysis {
  sprint: Sprint;
  graph: TaskGraph;
  /** Undefined when the graph has a cycle. */
  criticalPath?: CriticalPathAnalysis;
  /** Level per graph index; undefined when the graph has a cycle. */
  levels?: Int32Array;
  critical: ReadonlySet<string>;
  cycle?: string[];
}

/**
 * One version of the workspace: every parsed file and the resolved model. Immutable; anything
 * derived from it (diagnostics by file, the symbol index, task graphs) is computed on first
 * need and kept for as long as this version is current.
 */
export class WorkspaceSnapshot {
  #diagnostics: Map<string, Diagnostic[]> | undefined;
  #symbols: SymbolIndex | undefined;
  readonly #lines = new Map<string, TextLines>();
  readonly #analyses = new Map<string, SprintAnalysis>();

  constructor(readonly files: ReadonlyMap<string, ParsedConfigFile>, readonly result: LoadResult) {}

  get workspace(): Workspace {
    return this.result.workspace;
  }

  parsed(file: string): ParsedConfigFile | undefined {
    return this.files.get(file);
  }

  lines(file: string): TextLines {
    let lines = this.#lines.get(file);
    if (!lines) {
      lines = new TextLines(this.files.get(file)?.text ?? '');
      this.#lines.set(file, lines);
    }
    return lines;
  }

  /** The loader's diagnostics grouped by file, with an empty list for every known file. */
  loaderDiagnostics(): Map<string, Diagnostic[]> {
    if (!this.#diagnostics) {
      this.#diagnostics = new Map([...this.files.keys()].map((f) => [f, []]));
      for (const d of this.result.diagnostics) {
        const list = this.#diagnostics.get(d.file);
        if (list) list.push(d);
        else this.#diagnostics.set(d.file, [d]);
      }
    }
    return this.#diagnostics;
  }

  symbols(): SymbolIndex {
    this.#symbols ??= SymbolIndex.build([...this.files.values()].map((parsed) => ({ parsed, lines: () => this.lines(parsed.file) })));
    return this.#symbols;
  }

  /** The sprint declared in `file` (the first, if the id is duplicated elsewhere). */
  sprintOfFile(file: string): Sprint | undefined {
    for (const sprint of this.workspace.sprints.values()) if (sprint.file === file) return sprint;
    return undefined;
  }

  analysis(sprint: Sprint): SprintAnalysis {
    let analysis = this.#analyses.get(sprint.id);
    if (!analysis) {
      const graph = TaskGraph.from(sprint.tasks);
      const criticalPath = analyzeCriticalPath(graph);
      analysis = { sprint, graph, critical: new Set(criticalPath?.criticalPath ?? []) };
      if (criticalPath) {
        analysis.criticalPath = criticalPath;
        analysis.levels = levelIndices(graph);
      } else {
        analysis.cycle = findCycle(graph);
      }
      this.#analyses.set(sprint.id, analysis);
    }
    return analysis;
  }
}
