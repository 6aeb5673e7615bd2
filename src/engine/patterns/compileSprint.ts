import type { Priority } from '../model/common';
import type { ChecklistItem, Task, TaskCondition, TaskKind } from '../model/workspace';
import { asArray, asBoolean, asNonEmptyString, asNumber, asRecord, asString, asStringList, type Raw } from '../util/lenient';
import type { YamlPath } from '../model/yamlPath';
import { toArgv } from '../util/splitCommandLine';
import type { CompiledTask, Reference } from './compiledTask';
import type { CompileMemo } from './compileMemo';
import { linkTasks } from './linkTasks';
import { compileSprintPatterns } from './sprintPatterns';

const PRIORITIES = new Set(['critical', 'high', 'medium', 'low']);

export interface CompileContext {
  sprintId: string;
  file: string;
  /** Turns a path into a location in the sprint file. */
  locate: (path: YamlPath) => Task['location'];
  /** Collects problems found while compiling (bad verify command lines). */
  report: (path: YamlPath, message: string) => void;
  /**
   * The line the `index`-th task item starts on, when the source can tell (see
   * `RangedSource.taskItemLine`): what lets a {@link CompileMemo} reuse a task's compilation.
   */
  taskItemLine?: (index: number) => number | undefined;
}

/**
 * Compiles a sprint's tasks and seed 004's pattern blocks into one flat task graph, so the
 * scheduler needs no special cases: reviewers become review tasks gating the primary,
 * validators become validation tasks, fan-out expands a template, conditions and sync points
 * become ordinary dependencies.
 *
 * With a `memo` kept for one sprint file across edits, a task item whose parsed value, index and
 * sprint-level context are unchanged is not compiled again (only moved, if lines were inserted
 * above it), and linking reuses every result the edit did not change. The result is the same
 * as without a memo.
 */
export function compileSprint(body: Raw, ctx: CompileContext, memo?: CompileMemo): CompiledTask[] {
  const out: CompiledTask[] = [];
  const units = memo?.begin(body, ctx);
  const items = asArray(body.tasks);
  for (let index = 0; index < items.length; index++) {
    const record = asRecord(items[index]);
    if (!record) continue;
    const compiled = units?.reuse(record, index)
      ?? (units ? units.record(record, index, (report) => compileTask(record, index, body, { ...ctx, report })) : compileTask(record, index, body, ctx));
    for (const c of compiled) out.push(c);
  }
  out.push(...compileSprintPatterns(body, ctx));
  return linkTasks(out, memo?.link);
}

/** One task as written, plus the tasks its own pattern keys generate. */
function compileTask(raw: Raw, index: number, body: Raw, ctx: CompileContext): CompiledTask[] {
  const path: YamlPath = ['sprint', 'tasks', index];
  const id = asNonEmptyString(raw.id) ?? `task-${index}`;
  const primaryAgent = asNonEmptyString(body.primary_agent);
  const explicitAssignee = asNonEmptyString(raw.assignee);
  const team = asNonEmptyString(raw.team);
  const assignee = explicitAssignee ?? (team ? undefined : primaryAgent);
  const base = baseTask(raw, id, path, ctx, assignee);
  const compiled = newCompiled(base, path, [...path, 'id']);
  asArray(raw.dependencies).forEach((dep, i) => {
    const name = asString(dep);
    if (name !== undefined) compiled.dependencyPaths.set(name, [...path, 'dependencies', i]);
  });
  if (explicitAssignee) compiled.agentRefs.push({ name: explicitAssignee, path: [...path, 'assignee'] });
  if (team) compiled.teamRefs.push({ name: team, path: [...path, 'team'] });
  const condition = parseCondition(raw.condition);
  if (raw.condition !== undefined && !condition && typeof raw.condition === 'string') {
    ctx.report([...path, 'condition'], `\`${raw.condition}\` is not a condition: write \`<analyzer-task>.<outcome>\`, e.g. \`analysis.high_complexity\``);
  }
  if (condition) {
    base.condition = condition;
    if (!base.dependencies.includes(condition.task)) base.dependencies.push(condition.task);
    compiled.dependencyPaths.set(condition.task, [...path, 'condition']);
  }

  const generated: CompiledTask[] = [];
  const reviewers = raw.reviewers !== undefined ? asStringList(raw.reviewers) : assignee && assignee === primaryAgent ? asStringList(body.reviewer_agents) : [];
  const reviewersPath: YamlPath = raw.reviewers !== undefined ? [...path, 'reviewers'] : ['sprint', 'reviewer_agents'];
  reviewers.forEach((reviewer, i) => {
    const review = derivedTask(base, `${id}--review-${slug(reviewer)}`, 'review', reviewer, ctx, [...reviewersPath, i]);
    review.task.title = `Review ${base.title} (${reviewer})`;
    review.agentRefs.push({ name: reviewer, path: [...reviewersPath, i] });
    generated.push(review);
  });
  const validation = asRecord(raw.validation);
  const validator = asNonEmptyString(validation?.validator);
  if (validation && validator) {
    const vPath: YamlPath = [...path, 'validation'];
    const v = derivedTask(base, `${id}--validate`, 'validation', validator, ctx, vPath);
    v.task.title = `Validate ${base.title}`;
    v.task.description = asString(validation.description) ?? `Validate the work of ${id}; fail if it does not meet its acceptance criteria.`;
    v.task.checklist = parseChecklist(validation.checklist, [...vPath, 'checklist'], ctx);
    v.agentRefs.push({ name: validator, path: [...vPath, 'validator'] });
    generated.push(v);
  }
  const fanOut = asRecord(raw.fan_out);
  const items = fanOut ? asStringList(fanOut.items) : [];
  if (items.length > 0) {
    // The template itself is replaced by its copies; dependants wait for all of them.
    const copies = items.map((item, i) => {
      const copy = cloneCompiled(compiled, `${id}-${item}`, [...path, 'fan_out', 'items', i]);
      copy.task.title = base.title.replaceAll('{item}', item);
      copy.task.description = base.description.replaceAll('{item}', item);
      copy.task.generatedFrom = id;
      return copy;
    });
    for (const g of generated) g.task.dependencies = copies.map((c) => c.task.id);
    const fanOutOf = { template: id, copies: copies.map((c) => c.task.id) };
    for (const copy of copies) copy.fanOutOf = fanOutOf;
    return [...copies, ...generated];
  }
  return [compiled, ...generated];
}

function baseTask(raw: Raw, id: string, path: YamlPath, ctx: CompileContext, assignee: string | undefined): Task {
  const priority = asString(raw.priority);
  const task: Task = {
    id,
    sprint: ctx.sprintId,
    title: asString(raw.title) ?? id,
    description: asString(raw.description) ?? '',
    type: asString(raw.type) ?? 'task',
    priority: priority && PRIORITIES.has(priority) ? (priority as Priority) : 'medium',
    estimate: Math.max(0, asNumber(raw.estimate) ?? 1),
    dependencies: [...new Set(asStringList(raw.dependencies))],
    acceptanceCriteria: asStringList(raw.acceptance_criteria),
    handoffArtifacts: asStringList(raw.handoff_artifacts),
    checklist: parseChecklist(raw.checklist, [...path, 'checklist'], ctx),
    review: asBoolean(raw.review) ?? false,
    producesChanges: asBoolean(raw.produces_changes) ?? true,
    urgency: asNumber(raw.urgency) ?? 5,
    businessImpact: asNumber(raw.business_impact) ?? 5,
    labels: asStringList(raw.labels),
    kind: 'task',
    location: ctx.locate(path),
  };
  if (assignee) task.assignee = assignee;
  const team = asNonEmptyString(raw.team);
  if (team) task.team = team;
  const timeout = asNumber(raw.timeout);
  if (timeout !== undefined) task.timeoutSeconds = timeout;
  const retries = asNumber(raw.max_retries);
  if (retries !== undefined) task.maxRetries = retries;
  return task;
}

/** A task generated from another one (review, validation) that runs after it. */
function derivedTask(source: Task, id: string, kind: TaskKind, agent: string, ctx: CompileContext, path: YamlPath): CompiledTask {
  const task: Task = {
    ...source,
    id,
    kind,
    assignee: agent,
    dependencies: [source.id],
    // The source's handoff duties stay with the source: a reviewer or validator hands off its verdict.
    checklist: [],
    handoffArtifacts: [],
    review: false,
    producesChanges: false,
    estimate: Math.max(0.5, Math.round(source.estimate * 0.25 * 2) / 2),
    generatedFrom: source.id,
    location: ctx.locate(path),
  };
  delete task.team;
  delete task.condition;
  return newCompiled(task, path, path);
}

export function newCompiled(task: Task, path: YamlPath, idPath: YamlPath): CompiledTask {
  return { task, path, idPath, dependencyPaths: new Map(), agentRefs: [] as Reference[], teamRefs: [] as Reference[] };
}

function cloneCompiled(c: CompiledTask, id: string, idPath: YamlPath): CompiledTask {
  return { ...c, task: { ...c.task, id, dependencies: [...c.task.dependencies] }, idPath, dependencyPaths: new Map(c.dependencyPaths) };
}

export function parseChecklist(value: unknown, path: YamlPath, ctx: CompileContext): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  asArray(value).forEach((raw, i) => {
    if (typeof raw === 'string') {
      items.push({ item: raw });
      return;
    }
    const record = asRecord(raw);
    const item = asString(record?.item);
    if (!record || item === undefined) return;
    const entry: ChecklistItem = { item };
    const verify = record.verify;
    if (typeof verify === 'string' || Array.isArray(verify)) {
      try {
        const argv = toArgv(typeof verify === 'string' ? verify : asStringList(verify));
        if (argv.length) entry.verify = argv;
      } catch (error) {
        ctx.report([...path, i, 'verify'], `${(error as Error).message}. Close the quote, or write the command as a list of arguments.`);
      }
    }
    const timeout = asNumber(record.timeout);
    if (timeout !== undefined) entry.timeoutSeconds = timeout;
    items.push(entry);
  });
  return items;
}

/** `analysis.high_complexity` or `{ task: analysis, equals: high_complexity }`. */
function parseCondition(value: unknown): TaskCondition | undefined {
  if (typeof value === 'string') {
    const dot = value.indexOf('.');
    if (dot <= 0 || dot === value.length - 1) return undefined;
    return { task: value.slice(0, dot), outcomes: [value.slice(dot + 1)] };
  }
  const record = asRecord(value);
  const task = asNonEmptyString(record?.task);
  if (!record || !task) return undefined;
  const outcomes = [...asStringList(record.in), ...(asString(record.equals) !== undefined ? [asString(record.equals)!] : [])];
  return { task, outcomes: outcomes.length ? outcomes : ['success'] };
}

/** Makes an agent or item name usable inside a task id. */
export function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}
