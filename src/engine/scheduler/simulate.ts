import { BinaryHeap } from '../graph/binaryHeap';
import type { Task, Workspace } from '../model/workspace';
import type { MemberSelector } from './memberSelection';
import { Scheduler } from './schedulingPolicy';
import type { Settlement } from './settlement';

/** Options for {@link simulateSprint}. */
export interface SimulationOptions {
  /** The sprint's teams; default: the teams of the sprint named by the first task, else every team. */
  sprintTeams?: readonly string[];
  /** Member history to start from (it is updated as the simulation runs). */
  selector?: MemberSelector;
}

/** A simulated sprint: when each task ran and where, in the time unit of `durationOf`. */
export interface SimulationResult {
  /** Latest finish (0 when nothing ran). */
  makespan: number;
  start: Map<string, number>;
  finish: Map<string, number>;
  /** The agent each task ran on ('' for sync points). */
  agentOf: Map<string, string>;
  /** The team each task counted against, for tasks that counted against one. */
  teamOf: Map<string, string>;
  /** Tasks the loop had to mark blocked or skipped instead of running, in the order it did. */
  settled: Settlement[];
}

/** Virtual time is in estimate units; member statistics read it as hours, the speed bonus's scale. */
const MS_PER_UNIT = 3_600_000;

interface Running {
  i: number;
  id: string;
  finish: number;
}

/**
 * Discrete-event simulation of a sprint driven by the real {@link Scheduler}: every task
 * succeeds and takes `durationOf(task)` (default: its estimate), so benchmarks and tests
 * measure the shipped policy — capacities, team caps and member selection included — rather
 * than a copy of it. Mirrors the dispatch loop: settle, ask `next(now)`, start everything it
 * offers, advance to the next completion and finish every task due at that instant.
 * @throws RangeError unless `maxParallel` is an integer >= 1, or if a duration is negative or not finite.
 */
export function simulateSprint(
  tasks: readonly Task[],
  workspace: Workspace,
  maxParallel: number,
  durationOf: (task: Task) => number = (task) => task.estimate,
  options: SimulationOptions = {},
): SimulationResult {
  const sprintTeams = options.sprintTeams ?? defaultSprintTeams(tasks, workspace);
  const scheduler = new Scheduler({ tasks, workspace, maxParallel, sprintTeams, ...(options.selector ? { selector: options.selector } : {}) });
  const result: SimulationResult = { makespan: 0, start: new Map(), finish: new Map(), agentOf: new Map(), teamOf: new Map(), settled: [] };
  // The first of duplicate ids wins, as in the scheduler's graph.
  const byId = new Map<string, Task>();
  for (const t of tasks) if (!byId.has(t.id)) byId.set(t.id, t);
  let seq = 0;
  const running = new BinaryHeap<Running>((a, b) => a.finish - b.finish || a.i - b.i);
  let now = 0;
  for (;;) {
    settleAll(scheduler, result.settled);
    for (const a of scheduler.next(now)) {
      scheduler.markRunning(a.taskId, a.agent, a.team);
      const duration = a.sync ? 0 : durationOf(byId.get(a.taskId)!);
      if (!Number.isFinite(duration) || duration < 0) {
        throw new RangeError(`Expected the duration of \`${a.taskId}\` to be a finite number >= 0, got \`${duration}\``);
      }
      result.start.set(a.taskId, now);
      result.agentOf.set(a.taskId, a.agent);
      if (a.team !== undefined) result.teamOf.set(a.taskId, a.team);
      running.push({ i: seq++, id: a.taskId, finish: now + duration });
    }
    const first = running.pop();
    if (!first) {
      // Nothing runs: either a hold has to expire, or the sprint is over.
      const wake = scheduler.nextWakeAt();
      if (wake === undefined || wake <= now) break;
      now = wake;
      continue;
    }
    now = first.finish;
    // All completions at one instant land before the next dispatch, so they compete fairly.
    for (let r: Running | undefined = first; r; r = running.peek()?.finish === now ? running.pop() : undefined) {
      const durationMs = (now - result.start.get(r.id)!) * MS_PER_UNIT;
      scheduler.markFinished(r.id, 'done', { durationMs });
      result.finish.set(r.id, now);
      result.makespan = Math.max(result.makespan, now);
    }
  }
  return result;
}

/** What a dispatch loop does with sealed tasks: marks them, repeatedly, since marking may seal more. */
function settleAll(scheduler: Scheduler, log: Settlement[]): void {
  for (let batch = scheduler.settle(); batch.length > 0; batch = scheduler.settle()) {
    for (const s of batch) {
      scheduler.markFinished(s.taskId, s.outcome);
      log.push(s);
    }
  }
}

function defaultSprintTeams(tasks: readonly Task[], workspace: Workspace): string[] {
  const sprint = tasks[0] === undefined ? undefined : workspace.sprints.get(tasks[0].sprint);
  return sprint ? [...sprint.teams] : [...workspace.teams.keys()];
}
