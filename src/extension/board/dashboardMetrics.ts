/**
 * The dashboard's figures as a query over the run's journal (DESIGN.md: "the burndown is a
 * query"): one pass over the events, in journal order. Pure, so it is tested in plain Node and
 * recomputed from scratch whenever the host wants fresh figures.
 */
import type { EngineEvent } from '../../engine/state/events';
import type { RunUsage } from '../../engine/usage/runUsage';
import type { AgentUtilization, DashboardMetrics, SeriesPoint, UsageSummary } from '../../shared/boardTypes';

export interface MetricsInput {
  /** The run's events, in seq order. */
  events: readonly EngineEvent[];
  /** The sprint's tasks and their estimates. */
  tasks: readonly { id: string; estimate: number }[];
  /** Capacity per agent (summed over the teams it belongs to); 1 when unknown. */
  capacities?: ReadonlyMap<string, number>;
  durationDays?: number;
  /** Milliseconds since the epoch: the end of open intervals while the run goes on. */
  now: number;
  /** The engine's usage totals for the run (`usageOfRun`), shown as they are. */
  usage?: RunUsage;
}

const DAY = 86_400_000;
// Seconds first: a run of a minute gets a dozen bars, not one.
const BUCKETS = [1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 2 * 60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, 3_600_000, 4 * 3_600_000, DAY, 7 * DAY];
const MAX_BUCKETS = 24;

/** Statuses after which a task's estimate no longer counts as remaining work. */
const CLOSING = new Set(['task:succeeded', 'task:approved', 'task:accepted', 'task:skipped', 'task:cancelled']);
/** Events that change a task's status (and so end a blocked spell). */
const STATUS_EVENTS = new Set([
  'task:ready', 'task:started', 'task:succeeded', 'task:failed', 'task:blocked', 'task:skipped', 'task:cancelled',
  'task:review-requested', 'task:approved', 'task:accepted', 'task:changes-requested',
]);
/** Events after which an agent process of the task is no longer running. */
const AGENT_ENDS = new Set(['task:agent-exited', 'task:succeeded', 'task:failed', 'task:blocked', 'task:cancelled', 'task:review-requested', 'task:skipped', 'task:accepted']);

interface Busy {
  agent: string;
  since: number;
}

/** Computes every dashboard figure from the run's events. */
export function computeMetrics(input: MetricsInput): DashboardMetrics {
  const estimate = new Map(input.tasks.map((t) => [t.id, t.estimate]));
  const totalEstimate = input.tasks.reduce((s, t) => s + t.estimate, 0);
  let remaining = totalEstimate;
  const closed = new Set<string>();
  const burndown: SeriesPoint[] = [];
  const doneAt: number[] = [];
  const firstStart = new Map<string, number>();
  const cycleTimes: { task: string; ms: number }[] = [];
  const busy = new Map<string, Busy>();
  const agentBusy = new Map<string, { ms: number; tasks: Set<string> }>();
  const blockedSince = new Map<string, number>();
  const blockedMs = new Map<string, number>();
  const cost = new Map<string, number>();
  let startAt: number | undefined;
  let finishAt: number | undefined;
  let maxParallel: number | undefined;

  const endBusy = (task: string, at: number) => {
    const b = busy.get(task);
    if (!b) return;
    busy.delete(task);
    const entry = agentBusy.get(b.agent) ?? { ms: 0, tasks: new Set<string>() };
    entry.ms += Math.max(0, at - b.since);
    entry.tasks.add(task);
    agentBusy.set(b.agent, entry);
  };
  const endBlocked = (task: string, at: number) => {
    const since = blockedSince.get(task);
    if (since === undefined) return;
    blockedSince.delete(task);
    blockedMs.set(task, (blockedMs.get(task) ?? 0) + Math.max(0, at - since));
  };

  for (const e of input.events) {
    const at = Date.parse(e.at);
    if (e.type === 'run:started') {
      startAt = at;
      maxParallel = e.maxParallel;
      burndown.push({ at: e.at, value: remaining });
      continue;
    }
    if (e.type === 'run:completed' || e.type === 'run:stopped' || e.type === 'run:cancelled') finishAt = at;
    if (e.type === 'run:resumed') finishAt = undefined;
    if (!('task' in e)) continue;
    const task = e.task;
    if (STATUS_EVENTS.has(e.type)) endBlocked(task, at);
    if (AGENT_ENDS.has(e.type)) endBusy(task, at);
    switch (e.type) {
      case 'task:started':
        if (!firstStart.has(task)) firstStart.set(task, at);
        busy.set(task, { agent: e.agent, since: at });
        break;
      case 'task:blocked':
        blockedSince.set(task, at);
        break;
      case 'task:agent-exited':
        if (e.costUsd !== undefined) cost.set(task, (cost.get(task) ?? 0) + e.costUsd);
        break;
      default:
        break;
    }
    if (CLOSING.has(e.type) && !closed.has(task)) {
      closed.add(task);
      remaining -= estimate.get(task) ?? 0;
      burndown.push({ at: e.at, value: remaining });
      if (e.type === 'task:succeeded' || e.type === 'task:approved' || e.type === 'task:accepted') {
        doneAt.push(at);
        const start = firstStart.get(task);
        if (start !== undefined) cycleTimes.push({ task, ms: at - start });
      }
    } else if ((e.type === 'task:ready' || e.type === 'task:started') && closed.has(task)) {
      // A cancelled task retried: its work is back.
      closed.delete(task);
      remaining += estimate.get(task) ?? 0;
      burndown.push({ at: e.at, value: remaining });
    }
  }

  const end = finishAt ?? input.now;
  for (const task of [...busy.keys()]) endBusy(task, end);
  for (const task of [...blockedSince.keys()]) endBlocked(task, end);
  const elapsedMs = startAt === undefined ? 0 : Math.max(0, end - startAt);
  if (startAt !== undefined && burndown.length > 0) burndown.push({ at: new Date(end).toISOString(), value: remaining });

  const utilization: AgentUtilization[] = [...agentBusy].map(([agent, { ms, tasks }]) => {
    const capacity = input.capacities?.get(agent) ?? 1;
    return { agent, busyMs: ms, capacity, utilization: elapsedMs > 0 ? ms / (elapsedMs * capacity) : 0, tasks: tasks.size };
  }).sort((a, b) => b.busyMs - a.busyMs || a.agent.localeCompare(b.agent));
  const totalBusy = utilization.reduce((s, u) => s + u.busyMs, 0);
  const averageParallelism = elapsedMs > 0 ? totalBusy / elapsedMs : undefined;

  const blocked = [...blockedMs].map(([task, ms]) => ({ task, ms })).filter((b) => b.ms > 0).sort((a, b) => b.ms - a.ms);
  const perTask = [...cost].map(([task, usd]) => ({ task, usd })).sort((a, b) => b.usd - a.usd);
  const metrics: DashboardMetrics = {
    totalEstimate,
    burndown,
    throughput: throughput(doneAt, startAt, end),
    cycleTimes,
    cycleTime: summarize(cycleTimes.map((c) => c.ms)),
    utilization,
    parallelEfficiency: averageParallelism !== undefined && maxParallel ? averageParallelism / maxParallel : undefined,
    averageParallelism,
    maxParallel,
    blockedMs: blocked.reduce((s, b) => s + b.ms, 0),
    blocked,
    cost: { totalUsd: perTask.reduce((s, c) => s + c.usd, 0), perTask, reportedTasks: perTask.length },
    ...(input.usage ? { usage: usageSummary(input.usage) } : {}),
    elapsedMs,
    done: doneAt.length,
    total: input.tasks.length,
  };
  if (finishAt !== undefined) metrics.finishedAt = new Date(finishAt).toISOString();
  if (startAt !== undefined && input.durationDays !== undefined && input.durationDays > 0) {
    metrics.ideal = [
      { at: new Date(startAt).toISOString(), value: totalEstimate },
      { at: new Date(startAt + input.durationDays * DAY).toISOString(), value: 0 },
    ];
  }
  return metrics;
}

function throughput(doneAt: readonly number[], startAt: number | undefined, end: number): DashboardMetrics['throughput'] {
  if (startAt === undefined) return { bucketMs: BUCKETS[0]!, counts: [] };
  const span = Math.max(1, end - startAt);
  const bucketMs = BUCKETS.find((b) => span / b <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS);
  const counts = new Array<number>(Math.max(1, Math.ceil(span / bucketMs))).fill(0);
  for (const at of doneAt) {
    const i = Math.min(counts.length - 1, Math.max(0, Math.floor((at - startAt) / bucketMs)));
    counts[i]!++;
  }
  return { bucketMs, counts, startAt: new Date(startAt).toISOString() };
}

function summarize(values: number[]): DashboardMetrics['cycleTime'] {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]!;
  return { averageMs: sorted.reduce((s, v) => s + v, 0) / sorted.length, medianMs: at(0.5), p90Ms: at(0.9) };
}

/** The engine's usage totals in the dashboard's shape: tokens for the sprint, cost per agent. */
export function usageSummary(usage: RunUsage): UsageSummary {
  const t = usage.sprint;
  return {
    tokens: { input: t.inputTokens, output: t.outputTokens, cacheRead: t.cacheReadTokens, cacheWrite: t.cacheWriteTokens },
    costUsd: t.costUsd,
    perAgent: Object.entries(usage.byAgent)
      .map(([agent, a]) => ({ agent, usd: a.costUsd, tokens: a.inputTokens + a.outputTokens + a.cacheReadTokens + a.cacheWriteTokens }))
      .sort((a, b) => b.usd - a.usd || b.tokens - a.tokens),
    models: usage.models,
  };
}
