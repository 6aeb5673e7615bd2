import * as path from 'node:path';
import { didYouMeanText } from '../engine/config/didYouMean';
import type { Diagnostic } from '../engine/model/diagnostic';
import { hasErrors, type Sprint, type Workspace } from '../engine/model/workspace';
import { ExitCode, type Command, type CommandContext } from './command';
import { diagnosticJson, diagnosticLine, sortForDisplay } from './formatDiagnostics';
import { plural, type Output } from './output';
import { planDot } from './planDot';
import { planMermaid } from './planMermaid';
import { buildPlanReport } from './planReport';
import { planText } from './planText';
import { sprintDiagnostics } from './sprintDiagnostics';
import { UsageError } from './usageError';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL, loadWorkspaceArgs, type LoadedWorkspace } from './workspaceArgs';

/** Workers when neither `--workers`, the sprint nor the settings say. */
const DEFAULT_WORKERS = 4;
const FORMATS = ['text', 'mermaid', 'dot'] as const;
type Format = (typeof FORMATS)[number] | 'json';

/** `baton plan <sprint-id> [dir]`: levels, critical path, timings and bounds for one sprint. */
export const planCommand: Command = {
  name: 'plan',
  summary: "Show a sprint's dependency levels, critical path, task timings and the best makespan on N workers.",
  positionals: [{ name: 'sprint-id', description: 'The sprint to plan (its `id`).' }, DIR_POSITIONAL],
  options: {
    workers: { type: 'string', valueName: 'N', description: "Workers to schedule on (default: the sprint's max_concurrent, else settings.max_parallel_agents, else 4)." },
    json: { type: 'boolean', description: 'Print the plan as one JSON object.' },
    format: { type: 'string', valueName: 'text|mermaid|dot', description: 'Print the task graph as a Mermaid flowchart or a Graphviz digraph.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  examples: ['plan sprint-3', 'plan sprint-3 --workers 2', 'plan sprint-3 --json | jq .criticalPath', 'plan sprint-3 --format dot | dot -Tsvg > plan.svg'],
  notes: [
    "Start and finish are the earliest by estimate with unlimited workers; slack is how far a task can slip without delaying the sprint. The makespan comes from a critical-path-first list schedule on N workers (--json adds each task's scheduledStart, scheduledFinish and worker).",
    "The plan is refused (exit 1, diagnostics printed as by `baton validate`) while the sprint's file, teams.yaml or the agent files it uses have errors. With --json a refusal prints {\"sprint\",\"refused\":true,\"diagnostics\":[…]}; with --format the diagnostics go to stderr.",
    'Exit status: 0 planned, 1 refused because of errors, 2 usage or I/O error (unknown sprint, bad --workers, no config folder); those go to stderr and leave stdout empty, with --json too.',
  ],
  run: runPlan,
};

async function runPlan(context: CommandContext): Promise<ExitCode> {
  const format = outputFormat(context);
  const workersOption = parseWorkers(context.args.option('workers'));
  const loaded = await loadWorkspaceArgs(context);
  const sprintId = context.args.positional('sprint-id')!;
  const sprint = findSprint(loaded, sprintId);

  const relevant = sortForDisplay(sprintDiagnostics(loaded.workspace, sprint, loaded.diagnostics), loaded.dir);
  if (hasErrors(relevant)) return refuse(context, format, sprint, relevant, loaded.dir);

  const [workers, workersNote] = workersOption !== undefined ? [workersOption, '(--workers)'] : defaultWorkers(sprint, loaded.workspace);
  const report = buildPlanReport(sprint, workers, loaded.workspace.settings.estimateUnit);
  // The loader reports every cycle as an error, so this is a guard, not a path users take.
  if (!report) return refuse(context, format, sprint, relevant, loaded.dir);

  const notes = relevant.filter((d) => d.severity !== 'error');
  if (format === 'json') context.stdout.json({ ...report, diagnostics: notes.map((d) => diagnosticJson(d, loaded.dir)) });
  else if (format === 'mermaid') context.stdout.lines(planMermaid(report));
  else if (format === 'dot') context.stdout.lines(planDot(report));
  else {
    context.stdout.lines(planText(report, context.stdout.style, workersNote));
    if (notes.length > 0) context.stdout.lines(['', context.stdout.style.dim(`${plural(notes.length, 'warning')} in this sprint's files; run \`baton validate\` to see them.`)]);
  }
  return ExitCode.ok;
}

function outputFormat(context: CommandContext): Format {
  const format = context.args.option('format');
  const json = context.args.flag('json');
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`Expected \`--format\` to be one of ${FORMATS.map((f) => `\`${f}\``).join(', ')}, got \`${format}\`.${didYouMeanText(format, FORMATS)}`);
  }
  if (json && format !== undefined && format !== 'text') throw new UsageError(`Use either \`--json\` or \`--format ${format}\`, not both.`);
  return json ? 'json' : ((format ?? 'text') as Format);
}

/** `--workers`: an integer >= 1, worded as the engine words its own option checks. */
export function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const workers = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(workers) || workers < 1) throw new UsageError(`Expected \`--workers\` to be an integer >= 1, got \`${value}\``);
  return workers;
}

function defaultWorkers(sprint: Sprint, workspace: Workspace): [number, string] {
  if (sprint.maxParallel !== undefined) return [sprint.maxParallel, "(the sprint's max_concurrent)"];
  if (workspace.settings.maxParallelAgents !== undefined) return [workspace.settings.maxParallelAgents, '(settings.max_parallel_agents)'];
  return [DEFAULT_WORKERS, '(default)'];
}

function findSprint(loaded: LoadedWorkspace, id: string): Sprint {
  const sprint = loaded.workspace.sprints.get(id);
  if (sprint) return sprint;
  const known = [...loaded.workspace.sprints.keys()].sort();
  let message = `unknown sprint ${id}; known: ${known.length > 0 ? known.join(', ') : 'none'}.${didYouMeanText(id, known)}`;
  // A sprint whose file does not parse has no id to find it by: point at the file instead.
  const sprintsFolder = path.join(loaded.workspace.configRoot, 'sprints') + path.sep;
  const broken = new Set(loaded.diagnostics.filter((d) => d.severity === 'error' && d.file.startsWith(sprintsFolder) && ![...loaded.workspace.sprints.values()].some((s) => s.file === d.file)).map((d) => d.file));
  if (broken.size > 0) message += ` ${plural(broken.size, 'sprint file')} could not be read; run \`baton validate\`.`;
  throw new UsageError(message, { showUsageHint: false });
}

/** Prints why the plan is refused, where the chosen format allows, and exits 1. */
function refuse(context: CommandContext, format: Format, sprint: Sprint, diagnostics: readonly Diagnostic[], dir: string): ExitCode {
  if (format === 'json') {
    context.stdout.json({ sprint: sprint.id, refused: true, diagnostics: diagnostics.map((d) => diagnosticJson(d, dir)) });
    return ExitCode.problems;
  }
  // A graph format's stdout is meant for a file or a renderer; keep it empty.
  const out: Output = format === 'text' ? context.stdout : context.stderr;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  out.lines(diagnostics.map((d) => diagnosticLine(d, dir, out.style)));
  out.line(`${out.style.red('Plan refused:')} sprint ${sprint.id} has ${plural(errors, 'error')} in its files (the sprint, teams.yaml or its agents). Fix them and run again.`);
  return ExitCode.problems;
}
