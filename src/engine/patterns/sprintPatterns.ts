import type { Task, TaskKind } from '../model/workspace';
import { asArray, asBoolean, asNonEmptyString, asNumber, asRecord, asString, asStringList, type Raw } from '../util/lenient';
import type { YamlPath } from '../model/yamlPath';
import { toArgv } from '../util/splitCommandLine';
import type { CompiledTask } from './compiledTask';
import { newCompiled, slug, type CompileContext } from './compileSprint';

/**
 * Seed 004's sprint-level pattern blocks, written as the seed writes them (`phases`,
 * `fan_out`/`fan_in`, `conditional_logic`, `sync_points`), compiled into tasks.
 */
export function compileSprintPatterns(body: Raw, ctx: CompileContext): CompiledTask[] {
  return [...compilePhases(body, ctx), ...compileFanOut(body, ctx), ...compileConditional(body, ctx), ...compileSyncPoints(body, ctx)];
}

function generated(ctx: CompileContext, id: string, kind: TaskKind, path: YamlPath, fields: Partial<Task>): CompiledTask {
  const task: Task = {
    id,
    sprint: ctx.sprintId,
    title: id,
    description: '',
    type: kind === 'task' ? 'task' : kind,
    priority: 'medium',
    estimate: 1,
    dependencies: [],
    acceptanceCriteria: [],
    handoffArtifacts: [],
    checklist: [],
    review: false,
    producesChanges: true,
    urgency: 5,
    businessImpact: 5,
    labels: [],
    kind,
    generatedFrom: String(path[1] ?? 'sprint'),
    location: ctx.locate(path),
    ...fields,
  };
  const c = newCompiled(task, path, path);
  if (task.assignee) c.agentRefs.push({ name: task.assignee, path: fields.assignee ? [...path, kind === 'validation' ? 'validator' : 'agent'] : path });
  return c;
}

/** Pattern 5: each phase, then its validator; with `sequential` (default) a phase waits for the previous validation. */
function compilePhases(body: Raw, ctx: CompileContext): CompiledTask[] {
  const out: CompiledTask[] = [];
  const sequential = asBoolean(body.sequential) ?? true;
  let previous: string | undefined;
  asArray(body.phases).forEach((raw, i) => {
    const phase = asRecord(raw);
    const name = asNonEmptyString(phase?.name);
    const agent = asNonEmptyString(phase?.agent);
    if (!phase || !name || !agent) return;
    const path: YamlPath = ['sprint', 'phases', i];
    const work = generated(ctx, name, 'task', path, {
      title: name,
      description: asString(phase.description) ?? `Phase ${i + 1}: ${name}`,
      assignee: agent,
      estimate: asNumber(phase.estimate) ?? 1,
      dependencies: sequential && previous ? [previous] : [],
    });
    if (sequential && previous) work.dependencyPaths.set(previous, path);
    out.push(work);
    previous = name;
    const validator = asNonEmptyString(phase.validator);
    if (validator) {
      const check = generated(ctx, `${name}--validate`, 'validation', path, {
        title: `Validate ${name}`,
        description: `Validate phase ${name}; fail if it does not hold, which stops the later phases.`,
        assignee: validator,
        dependencies: [name],
        producesChanges: false,
        generatedFrom: name,
      });
      check.dependencyPaths.set(name, path);
      out.push(check);
      previous = check.task.id;
    }
  });
  return out;
}

/** Pattern 6: one task per item, then the fan-in aggregator after all of them. */
function compileFanOut(body: Raw, ctx: CompileContext): CompiledTask[] {
  const fanOut = asRecord(body.fan_out);
  const agent = asNonEmptyString(fanOut?.agent);
  if (!fanOut || !agent) return [];
  const items = asStringList(fanOut.tasks);
  const out = items.map((item, i) =>
    generated(ctx, item, 'task', ['sprint', 'fan_out', 'tasks', i], {
      title: item.replace(/_/g, ' '),
      description: asString(fanOut.description) ?? `Fan-out item ${item}`,
      assignee: agent,
    }),
  );
  for (const c of out) c.agentRefs.splice(0, c.agentRefs.length, { name: agent, path: ['sprint', 'fan_out', 'agent'] });
  const fanIn = asRecord(body.fan_in);
  const inAgent = asNonEmptyString(fanIn?.agent);
  const inTask = asNonEmptyString(fanIn?.task);
  if (fanIn && inAgent && inTask) {
    const agg = generated(ctx, inTask, 'fan-in', ['sprint', 'fan_in', 'task'], {
      title: inTask.replace(/_/g, ' '),
      description: asString(fanIn.description) ?? `Aggregate ${items.join(', ')}`,
      assignee: inAgent,
      dependencies: [...items],
    });
    agg.agentRefs.splice(0, agg.agentRefs.length, { name: inAgent, path: ['sprint', 'fan_in', 'agent'] });
    out.push(agg);
  }
  return out;
}

/** Pattern 7: the analyzer runs first; each branch runs only when the analyzer reports its condition. */
function compileConditional(body: Raw, ctx: CompileContext): CompiledTask[] {
  const logic = asRecord(body.conditional_logic);
  const analyzer = asNonEmptyString(logic?.analyzer);
  if (!logic || !analyzer) return [];
  const analysisId = asNonEmptyString(logic.task) ?? 'analysis';
  const analysis = generated(ctx, analysisId, 'analysis', ['sprint', 'conditional_logic'], {
    title: 'Analysis',
    description: `Analyze and report one outcome: ${asArray(logic.branches).map((b) => asString(asRecord(b)?.condition)).filter(Boolean).join(', ')}.`,
    assignee: analyzer,
    producesChanges: false,
  });
  analysis.agentRefs.splice(0, analysis.agentRefs.length, { name: analyzer, path: ['sprint', 'conditional_logic', 'analyzer'] });
  const out = [analysis];
  asArray(logic.branches).forEach((raw, i) => {
    const branch = asRecord(raw);
    const condition = asNonEmptyString(branch?.condition);
    const agent = asNonEmptyString(branch?.agent);
    if (!branch || !condition || !agent) return;
    const path: YamlPath = ['sprint', 'conditional_logic', 'branches', i];
    const c = generated(ctx, condition, 'branch', path, {
      title: condition.replace(/_/g, ' '),
      description: asString(branch.description) ?? `Runs when ${analysisId} reports ${condition}.`,
      assignee: agent,
      dependencies: [analysisId],
      condition: { task: analysisId, outcomes: [condition] },
    });
    c.dependencyPaths.set(analysisId, path);
    out.push(c);
  });
  return out;
}

/** Pattern 3: a barrier task per sync point with `after`; every `before` task waits for it. */
function compileSyncPoints(body: Raw, ctx: CompileContext): CompiledTask[] {
  const out: CompiledTask[] = [];
  asArray(body.sync_points).forEach((raw, i) => {
    const point = asRecord(raw);
    if (!point) return;
    const name = asString(point.name) ?? `sync-${i}`;
    const id = `sync-${asNonEmptyString(point.id) ?? slug(name.toLowerCase())}`;
    const path: YamlPath = ['sprint', 'sync_points', i];
    const after = asStringList(point.after);
    const checks: string[][] = [];
    asArray(point.checks).forEach((check, j) => {
      try {
        const argv = toArgv(typeof check === 'string' ? check : asStringList(check));
        if (argv.length) checks.push(argv);
      } catch (error) {
        ctx.report([...path, 'checks', j], `${(error as Error).message}. Close the quote, or write the command as a list.`);
      }
    });
    const barrier = generated(ctx, id, 'sync', path, {
      title: name,
      description: asString(point.timing) ?? `Sync point: ${name}`,
      estimate: 0,
      dependencies: after,
      producesChanges: false,
      checks,
    });
    after.forEach((dep, j) => barrier.dependencyPaths.set(dep, [...path, 'after', j]));
    barrier.before = asStringList(point.before).map((b, j) => ({ name: b, path: [...path, 'before', j] }));
    out.push(barrier);
  });
  return out;
}
