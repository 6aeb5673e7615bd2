import type { SourceRange } from '../model/diagnostic';
import type { YamlPath } from '../model/yamlPath';
import { asNonEmptyString, asStringList, type Raw } from '../util/lenient';
import type { CompileContext } from './compileSprint';
import type { CompiledTask } from './compiledTask';
import { LinkMemo } from './linkTasks';

/** One task item's compilation and what it was compiled from. */
interface Unit {
  /** The parsed item: the same object as long as the item's text is unchanged. */
  raw: Raw;
  line: number;
  /** The sprint-level values the compilation read (see {@link contextKey}). */
  context: string;
  tasks: readonly CompiledTask[];
  /** What it reported, replayed when the unit is reused so the diagnostics are the same. */
  reports: readonly (readonly [YamlPath, string])[];
}

/**
 * What {@link compileSprint} keeps between compilations of one sprint file, so that an edit
 * costs the tasks it touched. Holds only the latest compilation.
 */
export class CompileMemo {
  #units: (Unit | undefined)[] = [];
  #context = '';
  /** Linking's own memo (see `linkTasks`). */
  readonly link = new LinkMemo();

  /** Starts a compilation of `body`; the returned pass compiles or reuses each task item. */
  begin(body: Raw, ctx: CompileContext): UnitPass {
    const previous = this.#units;
    const next: (Unit | undefined)[] = [];
    this.#units = next;
    // The same string object when unchanged, so comparing it per task is a pointer comparison.
    const context = contextKey(body, ctx);
    if (context !== this.#context) this.#context = context;
    return new UnitPass(previous, next, this.#context, ctx);
  }
}

class UnitPass {
  constructor(
    readonly previous: readonly (Unit | undefined)[],
    readonly next: (Unit | undefined)[],
    readonly context: string,
    readonly ctx: CompileContext,
  ) {}

  /**
   * Last time's compiled tasks of the item, when the same parsed item sits at the same index in
   * the same sprint context — moved by the lines inserted or removed above it; else undefined
   * (compile it, through {@link record}).
   */
  reuse(raw: Raw, index: number): readonly CompiledTask[] | undefined {
    const known = this.previous[index];
    if (!known || known.raw !== raw || known.context !== this.context) return undefined;
    const line = this.ctx.taskItemLine?.(index);
    if (line === undefined) return undefined;
    const unit = known.line === line ? known : moved(known, index, line);
    for (const [path, message] of unit.reports) this.ctx.report(path, message);
    this.next[index] = unit;
    return unit.tasks;
  }

  /** Compiles the item with `run`, remembering what it reports, for reuse next time. */
  record(raw: Raw, index: number, run: (report: CompileContext['report']) => CompiledTask[]): readonly CompiledTask[] {
    const line = this.ctx.taskItemLine?.(index);
    if (line === undefined) return run(this.ctx.report);
    const reports: (readonly [YamlPath, string])[] = [];
    const tasks = run((path, message) => {
      reports.push([path, message]);
      this.ctx.report(path, message);
    });
    this.next[index] = { raw, line, context: this.context, tasks, reports };
    return tasks;
  }
}

/**
 * Everything outside a task item that its compilation reads: the sprint's id and file, the
 * primary agent and reviewers a task may inherit, and where those reviewers are written (a
 * review task generated from them is located there).
 */
function contextKey(body: Raw, ctx: CompileContext): string {
  const reviewers = asStringList(body.reviewer_agents);
  const reviewerRanges = reviewers.map((_, i) => ctx.locate(['sprint', 'reviewer_agents', i]).range);
  return JSON.stringify([ctx.sprintId, ctx.file, asNonEmptyString(body.primary_agent) ?? null, reviewers, reviewerRanges]);
}

/**
 * A unit whose item now starts on another line: its text is the same, so every range inside
 * it moved by the same number of lines (items start at a line start, so columns stay).
 * Tasks located outside the item — reviews generated from the sprint's `reviewer_agents` —
 * stay where they are.
 */
function moved(unit: Unit, index: number, line: number): Unit {
  const delta = line - unit.line;
  const tasks = unit.tasks.map((c): CompiledTask => {
    if (!(c.path[0] === 'sprint' && c.path[1] === 'tasks' && c.path[2] === index)) return c;
    const location = { ...c.task.location, range: shift(c.task.location.range, delta) };
    return { ...c, task: { ...c.task, location } };
  });
  return { ...unit, line, tasks };
}

function shift(range: SourceRange, lines: number): SourceRange {
  return { ...range, line: range.line + lines, endLine: range.endLine + lines };
}
