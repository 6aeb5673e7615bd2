import * as path from 'node:path';
import { z } from 'zod';
import { loadWorkspace } from '../config/loadWorkspace';
import { analyzeCriticalPath } from '../graph/criticalPath';
import { listSchedule, lowerBound } from '../graph/makespan';
import { TaskGraph } from '../graph/taskGraph';
import { groupByLevel } from '../graph/topology';
import type { EngineSession } from '../session/engineSession';
import { inboxOf } from '../team/inbox';
import { failed, ok, type ToolOutcome } from '../team/toolResult';

/** What a host tool runs against: the person's workspace, through the engine session a front holds. */
export interface HostToolContext {
  session: EngineSession;
  root: string;
  configRoot?: string;
}

/** One tool for a person's own agent session (Claude Code, Codex, Copilot): Baton driven from the outside. */
export interface HostTool {
  name: string;
  title: string;
  description: string;
  inputSchema: z.ZodRawShape;
  /** It only reads: no trust needed, safe to call anytime. */
  readOnly: boolean;
  run(args: Record<string, unknown>, ctx: HostToolContext): Promise<ToolOutcome>;
}

const MAX_DIAGNOSTICS = 200;

/**
 * Baton in host mode (`baton mcp`, and the extension's language model tools for Copilot): a
 * person's own agent session validates, plans, runs and watches sprints, reads the inbox,
 * answers agents' questions and approves reviews. The same definitions serve both fronts, so
 * they cannot disagree; every one answers with text for the model and the same facts as JSON.
 */
export const HOST_TOOLS: readonly HostTool[] = [
  {
    name: 'baton_validate', title: 'Validate the Baton workspace', readOnly: true,
    description: "Checks the workspace's teams.yaml, sprints, epics and agent files; returns every error and warning with file, line and a fix.",
    inputSchema: {},
    async run(_args, ctx) {
      const loaded = await loadWorkspace(ctx.root, ctx.configRoot !== undefined ? { configRoot: ctx.configRoot } : {});
      const diagnostics = loaded.diagnostics.map((d) => ({ file: path.relative(ctx.root, d.file), line: d.range.line, column: d.range.column, severity: d.severity, code: d.code, message: d.message }));
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const data = { errors, warnings: diagnostics.length - errors, sprints: [...loaded.workspace.sprints.keys()], diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS) };
      const head = errors ? `${errors} error(s), ${data.warnings} warning(s).` : `No errors${data.warnings ? `, ${data.warnings} warning(s)` : ''}. Sprints: ${data.sprints.join(', ') || 'none'}.`;
      return ok(`${head}\n${JSON.stringify(data, null, 2)}`, data);
    },
  },
  {
    name: 'baton_plan', title: 'Plan a sprint', readOnly: true,
    description: "A sprint's dependency levels, critical path, and the makespan of Baton's critical-path-first schedule on N workers against the lower bound.",
    inputSchema: { sprint: z.string().min(1).max(200).describe('The sprint id.'), workers: z.number().int().min(1).max(1000).optional().describe('Workers (default 4).') },
    async run(args, ctx) {
      const loaded = await loadWorkspace(ctx.root, ctx.configRoot !== undefined ? { configRoot: ctx.configRoot } : {});
      const sprint = loaded.workspace.sprints.get(String(args.sprint));
      if (!sprint) return failed(`No sprint \`${String(args.sprint)}\`. Sprints: ${[...loaded.workspace.sprints.keys()].join(', ') || 'none'}.`);
      const workers = typeof args.workers === 'number' ? args.workers : 4;
      const graph = TaskGraph.from(sprint.tasks);
      const analysis = analyzeCriticalPath(graph);
      const levels = groupByLevel(graph);
      const schedule = listSchedule(graph, workers);
      if (!analysis || !levels || !schedule) return failed(`Sprint ${sprint.id} has a dependency cycle: run baton_validate.`);
      const data = { sprint: sprint.id, workers, levels, criticalPath: analysis.criticalPath, criticalPathLength: analysis.length, totalWork: analysis.totalWork, lowerBound: lowerBound(graph, workers), makespan: schedule.makespan };
      return ok(`Sprint ${sprint.id}: ${sprint.tasks.length} tasks in ${levels.length} levels; critical path ${analysis.criticalPath.join(' → ')} (${analysis.length}); makespan ${data.makespan} on ${workers} workers (lower bound ${data.lowerBound}).`, data);
    },
  },
  {
    name: 'baton_run', title: 'Run a sprint', readOnly: false,
    description: 'Starts a sprint (or, without `sprint`, resumes the unfinished run) in this process and returns at once; follow it with baton_status and baton_inbox.',
    inputSchema: { sprint: z.string().max(200).optional().describe('The sprint to start; leave out to resume.'), max_parallel: z.number().int().min(1).max(1000).optional() },
    async run(args, ctx) {
      const sprint = typeof args.sprint === 'string' && args.sprint ? args.sprint : undefined;
      const started = sprint
        ? ctx.session.startSprint(sprint, typeof args.max_parallel === 'number' ? { maxParallel: args.max_parallel } : {})
        : ctx.session.resume();
      const early = await Promise.race([started.then((r) => ({ r }), (error: Error) => ({ error })), new Promise<undefined>((r) => setTimeout(() => r(undefined), 1500))]);
      if (early && 'error' in early) return failed(early.error.message);
      if (early) return ok(`The run ${early.r.runId} ended at once: ${early.r.status}${early.r.reason ? ` (${early.r.reason})` : ''}.`, early.r);
      started.catch(() => undefined);
      return ok(`${sprint ? `Started sprint ${sprint}` : 'Resumed the run'} (run ${ctx.session.runId ?? '?'}). Follow it with baton_status; questions for you come up in baton_inbox.`, { runId: ctx.session.runId ?? null });
    },
  },
  {
    name: 'baton_status', title: 'Status of the current run', readOnly: true,
    description: 'The current run: every task with status, agent, attempts, progress (report_status) and reason, plus emergencies and open questions.',
    inputSchema: {},
    async run(_args, ctx) {
      const run = ctx.session.run;
      if (!run.sprint) return ok('Nothing has run in this workspace yet.', { state: 'idle' });
      const tasks = [...run.tasks.values()].map((t) => ({ id: t.id, status: t.status, agent: t.agent ?? null, attempts: t.attempts, progress: t.progress?.progress ?? null, report: t.progress?.status ?? null, reason: t.reason ?? null }));
      const counts = new Map<string, number>();
      for (const t of tasks) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
      const data = { sprint: run.sprint, runId: run.runId ?? null, state: run.status, reason: run.reason ?? null, emergencies: (run.team?.emergencies ?? []).filter((e) => e.status === 'active').map((e) => e.id), openQuestions: (run.team?.questions ?? []).filter((q) => q.status === 'open').length, tasks };
      return ok(`Sprint ${run.sprint} (${run.status}): ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}.\n${JSON.stringify(data, null, 2)}`, data);
    },
  },
  {
    name: 'baton_inbox', title: "Agents' questions and the team's news", readOnly: true,
    description: 'Questions agents asked a person (answer them with baton_answer), questions between agents, team notifications, denied calls and emergencies of the current run.',
    inputSchema: {},
    async run(_args, ctx) {
      const inbox = inboxOf(ctx.session.run);
      const open = inbox.questions.filter((q) => q.status === 'open' && q.addressee === 'person');
      return ok(`${open.length ? `${open.length} question(s) for a person: ${open.map((q) => `${q.id} from ${q.asker}: ${q.text}`).join(' | ')}` : 'No question waits for a person.'}\n${JSON.stringify(inbox, null, 2)}`, inbox);
    },
  },
  {
    name: 'baton_answer', title: "Answer an agent's question", readOnly: false,
    description: "Answers a question an agent asked (baton_inbox lists them); the task waiting for it goes on with the answer.",
    inputSchema: { question: z.string().min(1).max(50).describe('e.g. q-3'), answer: z.string().min(1).max(16000), by: z.string().max(100).optional() },
    async run(args, ctx) {
      try {
        await ctx.session.answerQuestion(String(args.question), String(args.answer), typeof args.by === 'string' ? args.by : undefined);
        return ok(`Answered ${String(args.question)}.`);
      } catch (error) {
        return failed((error as Error).message);
      }
    },
  },
  {
    name: 'baton_approve', title: 'Approve a task waiting for review', readOnly: false,
    description: 'Approves a task at the review gate: it becomes done and the tasks after it may start.',
    inputSchema: { task: z.string().min(1).max(200), by: z.string().max(100).optional() },
    async run(args, ctx) {
      try {
        await ctx.session.approveTask(String(args.task), typeof args.by === 'string' ? args.by : undefined);
        return ok(`Approved ${String(args.task)}.`);
      } catch (error) {
        return failed((error as Error).message);
      }
    },
  },
];

/** The JSON Schema of a host tool's input (what `contributes.languageModelTools` declares). */
export function hostToolJsonSchema(tool: HostTool): Record<string, unknown> {
  const schema = z.toJSONSchema(z.object(tool.inputSchema)) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/**
 * Runs a host tool for a front, its result redacted: what it returns goes to a person's agent
 * session, and from there to a model API, so it gets what the terminal gets — no secret of the
 * front's environment (a question's text, a failure message, a diagnostic may quote one).
 */
export async function runHostTool(tool: HostTool, args: Record<string, unknown>, ctx: HostToolContext): Promise<ToolOutcome> {
  let outcome: ToolOutcome;
  try {
    outcome = await tool.run(args, ctx);
  } catch (error) {
    outcome = failed((error as Error).message);
  }
  return { ...outcome, text: ctx.session.redact(outcome.text) };
}
