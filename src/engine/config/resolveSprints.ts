import * as path from 'node:path';
import type { Sprint, SuccessCriterion } from '../model/workspace';
import type { Diagnostic } from '../model/diagnostic';
import { CompileMemo } from '../patterns/compileMemo';
import { compileSprint, type CompileContext } from '../patterns/compileSprint';
import type { CompiledTask } from '../patterns/compiledTask';
import { toArgv } from '../util/splitCommandLine';
import type { ParsedConfigFile } from './configFile';
import { checkTaskGraph, TaskGraphMemo } from './checkTaskGraph';
import { DiagnosticSink, locationOf } from './diagnosticSink';
import { asArray, asBoolean, asNonEmptyString, asNumber, asPositiveInt, asRecord, asString, asStringList } from '../util/lenient';
import { resolvePrerequisites } from './resolvePrerequisites';
import type { RangedSource, YamlPath } from './rangedSource';

/** A sprint with what the cross-file checks need: its source and its compiled tasks' references. */
export interface SprintEntry {
  sprint: Sprint;
  source: RangedSource;
  compiled: CompiledTask[];
}

/** One sprint file resolved on its own: its sprint (if it declares one) and its diagnostics. */
interface SprintFileResult {
  entry: SprintEntry | undefined;
  diagnostics: readonly Diagnostic[];
}

/** What is kept per sprint file: the last result, and the memos that make the next one cheap. */
interface SprintFileMemo {
  parsed?: ParsedConfigFile;
  result?: SprintFileResult;
  compile: CompileMemo;
  graph: TaskGraphMemo;
}

/**
 * Kept between calls by a caller that resolves the same workspace again after every edit (the
 * language server): a sprint file whose parse is unchanged is not resolved again, and one that
 * changed is compiled and checked incrementally. Holds only the files of the latest call.
 */
export class SprintResolveCache {
  #files = new Map<string, SprintFileMemo>();

  /** The memo of `file`, for a call that resolves exactly `files`. */
  memoOf(file: string): SprintFileMemo {
    let memo = this.#files.get(file);
    if (!memo) {
      memo = { compile: new CompileMemo(), graph: new TaskGraphMemo() };
      this.#files.set(file, memo);
    }
    return memo;
  }

  /** Forgets every file not in `files`. */
  retain(files: readonly ParsedConfigFile[]): void {
    const keep = new Set(files.map((f) => f.file));
    for (const file of this.#files.keys()) if (!keep.has(file)) this.#files.delete(file);
  }
}

/** Builds every sprint; checks what lies within one sprint (task ids, dependencies, cycles). */
export function resolveSprints(files: readonly ParsedConfigFile[], root: string, sink: DiagnosticSink, cache?: SprintResolveCache): Map<string, SprintEntry> {
  const entries = new Map<string, SprintEntry>();
  const declared = new Map<string, SprintEntry[]>();
  cache?.retain(files);
  for (const file of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    const memo = cache?.memoOf(file.file);
    let result = memo?.parsed === file ? memo.result : undefined;
    if (!result) {
      result = resolveSprintFile(file, memo);
      if (memo) Object.assign(memo, { parsed: file, result });
    }
    for (const d of result.diagnostics) sink.diagnostics.push(d);
    const entry = result.entry;
    if (!entry) continue;
    const id = entry.sprint.id;
    declared.set(id, [...(declared.get(id) ?? []), entry]);
    if (!entries.has(id)) entries.set(id, entry);
  }
  for (const [id, list] of declared) {
    if (list.length < 2) continue;
    for (const e of list) {
      const others = list.filter((o) => o !== e).map((o) => path.relative(root, o.sprint.file)).join(', ');
      sink.add(e.source, ['sprint', 'id'], 'error', 'duplicate-sprint-id', `Sprint id \`${id}\` is also used by ${others}. Give each sprint its own id.`);
    }
  }
  return entries;
}

/** One file's sprint and the checks within it. */
function resolveSprintFile(file: ParsedConfigFile, memo: SprintFileMemo | undefined): SprintFileResult {
  const sink = new DiagnosticSink();
  const source = file.source;
  const body = asRecord(asRecord(source?.data)?.sprint);
  const id = asNonEmptyString(body?.id);
  if (!source || !body || !id) return { entry: undefined, diagnostics: [] };
  const ctx: CompileContext = {
    sprintId: id,
    file: file.file,
    locate: (p) => locationOf(source, p),
    report: (p, message) => sink.add(source, p, 'error', 'bad-format', message),
  };
  if (source.taskItemLine) ctx.taskItemLine = (index) => source.taskItemLine!(index);
  const compiled = compileSprint(body, ctx, memo?.compile);
  const sprint: Sprint = {
    id,
    file: file.file,
    name: asString(body.name) ?? id,
    description: asString(body.description) ?? '',
    teams: asStringList(body.teams),
    goals: asStringList(body.goals),
    prerequisites: resolvePrerequisites(body.prerequisites, source, sink),
    tasks: compiled.map((c) => c.task),
    successCriteria: [...successCriteria(body.success_criteria), ...successCriteria(body.quality_gates)],
    location: locationOf(source, ['sprint', 'id']),
  };
  const epic = asNonEmptyString(body.epic);
  if (epic) sprint.epic = epic;
  const duration = asNumber(body.duration);
  if (duration !== undefined) sprint.durationDays = duration;
  const base = asNonEmptyString(body.base_branch);
  if (base) sprint.baseBranch = base;
  const maxParallel = asBoolean(body.parallel_execution) === false ? 1 : asPositiveInt(body.max_concurrent);
  if (maxParallel !== undefined) sprint.maxParallel = maxParallel;

  const entry: SprintEntry = { sprint, source, compiled };
  if (compiled.length === 0) {
    sink.add(source, ['sprint', 'id'], 'warning', 'empty-sprint', `Sprint \`${id}\` has no tasks, so running it does nothing. Add \`tasks:\` (or a pattern block such as \`phases:\`).`);
  }
  reportUnorderedSyncPoints(body.sync_points, source, sink);
  checkTaskGraph(entry, sink, memo?.graph);
  return { entry, diagnostics: sink.diagnostics };
}

/** Seed 004 writes sync points as bare names; they are shown, but without `after` they order nothing. */
function reportUnorderedSyncPoints(value: unknown, source: RangedSource, sink: DiagnosticSink): void {
  asArray(value).forEach((raw, i) => {
    const point = asRecord(raw);
    if (point && asArray(point.after).length > 0) return;
    const name = typeof raw === 'string' ? raw : asString(point?.name) ?? `#${i + 1}`;
    sink.add(source, ['sprint', 'sync_points', i], 'info', 'sync-point-unordered',
      `Sync point \`${name}\` has no \`after\` tasks, so it orders nothing. Write it as \`{ name, after: [...], before: [...] }\` to make it a barrier.`);
  });
}

function successCriteria(value: unknown): SuccessCriterion[] {
  return asArray(value).flatMap((raw): SuccessCriterion[] => {
    if (typeof raw === 'string') return [{ name: raw }];
    const r = asRecord(raw);
    const name = asString(r?.name);
    if (!r || !name) return [];
    try {
      const cmd = r.command;
      const command = typeof cmd === 'string' || Array.isArray(cmd) ? toArgv(typeof cmd === 'string' ? cmd : asStringList(cmd)) : undefined;
      return [command?.length ? { name, command } : { name }];
    } catch {
      return [{ name }];
    }
  });
}

export type { YamlPath };
