// Scheduling benchmark: makespan of Baton's policy (the real Scheduler, driven by
// simulateSprint with its team and agent capacities) against the lower bound, next to seed
// 001's level-by-level strategy measured on the same graphs in the same run.
import { analyzeCriticalPath } from '../src/engine/graph/criticalPath';
import { levelByLevelSchedule, lowerBound } from '../src/engine/graph/makespan';
import { TaskGraph } from '../src/engine/graph/taskGraph';
import type { Priority } from '../src/engine/model/common';
import type { Task, Team, Workspace } from '../src/engine/model/workspace';
import { simulateSprint } from '../src/engine/scheduler/simulate';
import { prng } from './generateWorkspace';

const LOCATION = { file: 'bench.yaml', range: { line: 0, column: 0, endLine: 0, endColumn: 0 } };
const PRIORITIES: Priority[] = ['critical', 'high', 'medium', 'low'];
const TYPES = ['feature', 'bug', 'docs', 'tech_debt', 'test'];

/**
 * A random layered DAG, built level by level: 20–50 levels of random width (every level
 * non-empty), each task depending on one task of the level just before (so the depth is the
 * level count) and on 0–3 more from any earlier level; estimates 1–10. All tasks go to team
 * `eng`, so the member selector places every one of them.
 */
function layeredSprint(size: number, seed: number): { tasks: Task[]; levels: number } {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const levels = 20 + Math.floor(rand() * 31);
  const widths = new Array<number>(levels).fill(1);
  for (let k = levels; k < size; k++) widths[Math.floor(rand() * levels)]!++;
  const byLevel: string[][] = [];
  const tasks: Task[] = [];
  for (const width of widths) {
    const level: string[] = [];
    for (let w = 0; w < width; w++) {
      const id = `t${tasks.length}`;
      const deps = new Set<string>();
      if (byLevel.length > 0) {
        deps.add(pick(byLevel[byLevel.length - 1]!));
        const extra = Math.floor(rand() * 4);
        for (let k = 0; k < extra; k++) deps.add(pick(pick(byLevel)));
      }
      level.push(id);
      tasks.push(benchTask(id, 1 + Math.floor(rand() * 10), [...deps], pick(PRIORITIES), pick(TYPES)));
    }
    byLevel.push(level);
  }
  return { tasks, levels };
}

function benchTask(id: string, estimate: number, dependencies: string[], priority: Priority, type: string): Task {
  return {
    id, sprint: 'bench', title: id, description: '', type, priority, estimate, dependencies,
    acceptanceCriteria: [], handoffArtifacts: [], checklist: [], review: false, producesChanges: true,
    urgency: 5, businessImpact: 5, labels: [], kind: 'task', team: 'eng', location: LOCATION,
  };
}

/** One team whose members (capacity 2 each) add up to at least P, so the global cap is what binds. */
function benchWorkspace(workers: number): Workspace {
  const members = Array.from({ length: Math.ceil(workers / 2) }, (_, k) => ({ agent: `dev${k}`, capacity: 2, specialties: [pick5(k)], location: LOCATION }));
  const eng: Team = {
    id: 'eng', name: 'eng', members, capabilities: [], subscriptions: [], autoAssign: true,
    requireReview: false, worktreeStrategy: 'task_level', location: LOCATION,
  };
  return {
    root: '/bench', configRoot: '/bench/.claude', teams: new Map([['eng', eng]]), agents: new Map(), sprints: new Map(), epics: new Map(),
    settings: { defaultRunner: 'claude-code', worktreeStrategy: 'task_level', worktrees: { copy: [], symlink: [], keepFailed: true }, taskTimeoutSeconds: 3600, stallTimeoutSeconds: 600, maxRetries: 2 },
  };
}

function pick5(k: number): string {
  return TYPES[k % TYPES.length]!;
}

/**
 * A tighter lower bound than `max(CP, W/P)`, for diagnosing rows where that one is loose
 * (CP close to W/P). Task i cannot start before its earliest start e_i nor end later than
 * C − q_i (q_i = its tail after it), so at most head(a) = Σ min(p_i, max(0, a − e_i)) work fits
 * in [0, a] and tail(b) likewise in [C − b, C]; whatever is left needs P machines in between:
 * C ≥ a + b + (W − head(a) − tail(b)) / P whenever that remainder is positive. The two halves
 * separate, so each is maximised on its own (integer breakpoints: estimates are integers).
 * With integer estimates an optimal schedule has integer times, so the bound is rounded up.
 */
function energyLowerBound(graph: TaskGraph, workers: number): number {
  const cp = analyzeCriticalPath(graph)!;
  const horizon = Math.ceil(cp.length);
  const profile = (offset: (id: string) => number): Float64Array => {
    const slope = new Float64Array(horizon + 2);
    for (const id of graph.ids) {
      const p = graph.estimate(id)!;
      slope[Math.min(horizon + 1, offset(id))]! += 1;
      slope[Math.min(horizon + 1, offset(id) + p)]! -= 1;
    }
    const work = new Float64Array(horizon + 1);
    for (let t = 0, rate = 0; t < horizon; t++) {
      rate += slope[t]!;
      work[t + 1] = work[t]! + rate;
    }
    return work;
  };
  const head = profile((id) => cp.earliestStart.get(id)!);
  const tail = profile((id) => cp.remaining.get(id)! - graph.estimate(id)!);
  const best = (work: Float64Array): number => {
    let arg = 0;
    for (let t = 1; t <= horizon; t++) if (t - work[t]! / workers > arg - work[arg]! / workers) arg = t;
    return arg;
  };
  let bound = Math.max(cp.length, cp.totalWork / workers);
  for (const [a, b] of [[best(head), best(tail)], [best(head), 0], [0, best(tail)]] as const) {
    const rest = cp.totalWork - head[a]! - tail[b]!;
    if (rest > 0) bound = Math.max(bound, a + b + rest / workers);
  }
  return Math.ceil(bound - 1e-9);
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

const SEEDS = [1, 2, 3, 4, 5];

function main(): void {
  console.log('scheduling: makespan / lower bound, lower bound = max(critical path, work / P); goal for Baton <= 1.01');
  console.log(`${SEEDS.length} random layered graphs per row (fixed seeds): worst and mean ratio; bound = which term binds (count of graphs)`);
  console.log('baseline = seed 001 level-by-level strategy on the same graphs; ms = median wall time of one run');
  console.log("tight = Baton's worst ratio to a stronger head/tail energy bound (energyLowerBound); optimal = graphs where Baton meets it (provably optimal)");
  console.log('tasks    P   bound          baton worst  mean   tight worst optimal   level-by-level worst  mean   baton ms  lbl ms');
  for (const size of [1_000, 10_000]) {
    const sprints = SEEDS.map((seed) => layeredSprint(size, seed * 7919 + size));
    for (const workers of [4, 16, 64]) {
      const baton: number[] = [];
      let optimal = 0;
      let tightWorst = 0;
      const lbl: number[] = [];
      const batonMs: number[] = [];
      const lblMs: number[] = [];
      let cpBound = 0;
      for (const { tasks } of sprints) {
        const graph = TaskGraph.from(tasks);
        const bound = lowerBound(graph, workers);
        if (bound === lowerBound(graph, graph.size)) cpBound++;
        const ours = timed(() => simulateSprint(tasks, benchWorkspace(workers), workers, undefined, { sprintTeams: ['eng'] }));
        const theirs = timed(() => levelByLevelSchedule(graph, workers)!);
        baton.push(ours.value.makespan / bound);
        const strong = energyLowerBound(graph, workers);
        if (ours.value.makespan <= strong) optimal++;
        tightWorst = Math.max(tightWorst, ours.value.makespan / strong);
        lbl.push(theirs.value.makespan / bound);
        batonMs.push(ours.ms);
        lblMs.push(theirs.ms);
      }
      const bound = `CP ${cpBound}, W/P ${SEEDS.length - cpBound}`;
      console.log(
        `${String(size).padEnd(6)} ${String(workers).padStart(3)}   ${bound.padEnd(14)} ${fmt(Math.max(...baton))}  ${fmt(mean(baton))}   ${tightWorst.toFixed(4).padStart(11)} ${`${optimal}/${SEEDS.length}`.padStart(7)}` +
          `   ${' '.repeat(9)}${fmt(Math.max(...lbl))}  ${fmt(mean(lbl))}  ${median(batonMs).toFixed(0).padStart(8)} ${median(lblMs).toFixed(0).padStart(7)}`,
      );
    }
  }
}

function fmt(x: number): string {
  return x.toFixed(3).padStart(11 - 6 + 5);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

main();
