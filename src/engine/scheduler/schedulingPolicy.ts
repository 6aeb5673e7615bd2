import { bottomLevels } from '../graph/criticalPath';
import { findCycle } from '../graph/findCycle';
import { TaskGraph } from '../graph/taskGraph';
import type { Task, Workspace } from '../model/workspace';
import { AssignmentPlanner, type Assignment } from './assignmentPlanner';
import { CapacityTable } from './capacityTable';
import { MemberSelector } from './memberSelection';
import { ReadyQueue } from './readyQueue';
import { SchedulerError } from './schedulerError';
import { SlotLedger } from './slotLedger';
import { readyComparator } from './taskRanking';
import { TaskStates, type TaskStatus } from './taskStates';
import { describeSettlements, type Settlement } from './settlement';

/** How a task ended, as the dispatch loop reports it. */
export type TaskOutcome = 'done' | 'failed' | 'blocked' | 'skipped' | 'cancelled';

/** Options for {@link Scheduler}. */
export interface SchedulerOptions {
  /** The sprint's compiled tasks (patterns already expanded); input order breaks the last ties. */
  tasks: readonly Task[];
  /** Teams (members, capacities, caps, auto-assign) and agents (specialties). */
  workspace: Workspace;
  /** Global cap on tasks running at once: an integer >= 1. */
  maxParallel: number;
  /** The sprint's teams: the pool for tasks with neither assignee nor team. */
  sprintTeams: readonly string[];
  /** Agent history for member selection; pass one selector to every sprint to keep it. */
  selector?: MemberSelector;
}

/** What the loop knows about a finished attempt. */
export interface FinishDetails {
  durationMs?: number;
  /** Defaults to the agent the task was started on. */
  agent?: string;
}

/**
 * The scheduling policy: which ready tasks start now and on which member. Pure and
 * synchronous — it never runs anything; the dispatch loop tells it what happened
 * (`markRunning`, `markFinished`, …) and asks `next(now)` whenever something changed.
 * `next` plans without committing: the loop calls `markRunning` for each assignment it
 * actually starts, so asking twice gives the same answer.
 *
 * Order among ready tasks: an emergency's response tasks first (seed 000 §3; while one is
 * open, only critical work starts), then longest remaining critical path, then priority class,
 * then seed 000's contention score, then input order. Caps: `maxParallel` globally, a team's
 * `maxParallelAgents`, an agent's capacity. A task that cannot start because its agent or team
 * is full is passed over, never waited on, so it does not hold up others.
 */
export class Scheduler {
  readonly #graph: TaskGraph;
  readonly #tasks: readonly Task[];
  readonly #remaining: Float64Array;
  readonly #capacity: CapacityTable;
  readonly #planner: AssignmentPlanner;
  readonly #selector: MemberSelector;
  readonly #slots: SlotLedger;
  readonly #states: TaskStates;
  readonly #queue: ReadyQueue;
  readonly #unassignable = new Set<number>();
  readonly #problems: readonly (string | undefined)[];
  readonly #isPending = (i: number): boolean => this.#states.status(i) === 'pending';
  /** Agent and team of the current or latest attempt. */
  readonly #agentOf: string[];
  readonly #teamOf: (string | undefined)[];
  /** Response tasks of an emergency (seed 000 §3): while one is open, only critical work starts. */
  readonly #emergency: number[];

  /**
   * @throws RangeError unless `maxParallel` is an integer >= 1.
   * @throws SchedulerError (`cycle`) if the tasks depend on each other in a circle.
   */
  constructor(options: SchedulerOptions) {
    const { maxParallel } = options;
    if (!Number.isInteger(maxParallel) || maxParallel < 1) {
      throw new RangeError(`Expected \`maxParallel\` to be an integer >= 1, got \`${maxParallel}\``);
    }
    const graph = TaskGraph.from(options.tasks);
    const levels = bottomLevels(graph);
    if (!levels) throw new SchedulerError('cycle', `The tasks form a cycle: ${findCycle(graph)?.join(' -> ') ?? '?'}`);
    this.#graph = graph;
    // The graph keeps the first of duplicate ids; so must we, to stay index-aligned.
    const byId = new Map<string, Task>();
    for (const t of options.tasks) if (!byId.has(t.id)) byId.set(t.id, t);
    this.#tasks = graph.ids.map((id) => byId.get(id)!);
    this.#remaining = levels.remaining;
    this.#capacity = new CapacityTable(options.workspace, options.sprintTeams);
    this.#selector = options.selector ?? new MemberSelector();
    this.#slots = new SlotLedger(this.#capacity, maxParallel);
    this.#states = new TaskStates(graph);
    this.#planner = new AssignmentPlanner(this.#tasks, levels.remaining, this.#capacity, this.#slots, this.#selector);
    const n = graph.size;
    this.#queue = new ReadyQueue(readyComparator(this.#tasks, levels.remaining), this.#slotBuckets());
    this.#agentOf = new Array<string>(n).fill('');
    this.#teamOf = new Array<string | undefined>(n).fill(undefined);
    this.#problems = this.#tasks.map((t) => (t.kind === 'sync' || t.assignee !== undefined ? undefined : this.#capacity.poolFor(t).problem));
    this.#emergency = this.#tasks.flatMap((t, i) => (t.emergency !== undefined ? [i] : []));
    for (let i = 0; i < n; i++) this.#release(i);
  }

  /** Member selection and its per-agent history. */
  get selector(): MemberSelector {
    return this.#selector;
  }

  /** Global slots in use (running tasks other than sync points). */
  get runningCount(): number {
    return this.#slots.used;
  }

  /** The task's status as the scheduler sees it. */
  statusOf(taskId: string): TaskStatus {
    return this.#states.status(this.#index(taskId));
  }

  /** Longest estimate-weighted path from the task to the end of the sprint, its own estimate included. */
  remainingCriticalPath(taskId: string): number {
    return this.#remaining[this.#index(taskId)]!;
  }

  /** Why the task can never be auto-assigned (e.g. its team does not auto-assign), or undefined. */
  assignmentProblem(taskId: string): string | undefined {
    return this.#problems[this.#index(taskId)];
  }

  /** Dependencies that failed, are blocked or were cancelled, so this task can never become ready. */
  blockedBy(taskId: string): string[] {
    return this.#states.brokenDeps(this.#index(taskId)).map((d) => this.#graph.idAt(d));
  }

  /**
   * Pending tasks whose fate is sealed and that the loop should mark now: `blocked` (an upstream
   * task failed, is blocked or was cancelled; or nobody may be assigned), `skipped` (every
   * dependency was skipped). Marking them may seal more: call again until it returns [].
   */
  settle(): Settlement[] {
    for (const i of this.#unassignable) if (this.#states.status(i) !== 'pending') this.#unassignable.delete(i);
    return describeSettlements(this.#graph, this.#states, this.#problems, this.#unassignable);
  }

  /** Records that a task started on `agent` ('' for a sync point), counted against `team` (default: the task's team). */
  markRunning(taskId: string, agent: string, team?: string): void {
    const i = this.#index(taskId);
    const status = this.#states.status(i);
    if (status !== 'pending') throw this.#invalid(taskId, 'start', `it is ${status}`);
    if (!this.#states.depsSatisfied(i)) throw this.#invalid(taskId, 'start', 'its dependencies are not done');
    const task = this.#tasks[i]!;
    if (task.kind !== 'sync' && agent === '') throw this.#invalid(taskId, 'start', 'no agent was given');
    this.#agentOf[i] = agent;
    if (task.kind !== 'sync') {
      this.#teamOf[i] = team ?? this.#capacity.teamOf(task, agent);
      this.#slots.take(agent, this.#teamOf[i]);
    }
    this.#set(i, 'running');
  }

  /** The agent finished and the task waits at a review gate: its slot frees, dependants keep waiting. */
  markInReview(taskId: string): void {
    const i = this.#index(taskId);
    if (this.#states.status(i) !== 'running') throw this.#invalid(taskId, 'send to review', `it is ${this.#states.status(i)}`);
    this.#set(i, 'review');
  }

  /**
   * Records how a task ended. `done` and `skipped` are final (dependants may have started);
   * anything else may still be changed. A `done` or `failed` attempt feeds member selection.
   */
  markFinished(taskId: string, outcome: TaskOutcome, details: FinishDetails = {}): void {
    const i = this.#index(taskId);
    const prev = this.#assertOpen(i, taskId, `mark ${outcome}`);
    const attempted = prev === 'running' || prev === 'review';
    if (attempted && (outcome === 'done' || outcome === 'failed')) this.#record(i, details, outcome === 'done');
    this.#set(i, outcome);
  }

  /** A failed attempt that will be retried: back to the pool (combine with {@link hold} for backoff). */
  requeue(taskId: string, details: FinishDetails = {}): void {
    const i = this.#index(taskId);
    if (this.#assertOpen(i, taskId, 'requeue') === 'running') this.#record(i, details, false);
    this.#set(i, 'pending');
  }

  /** Back to the pool without counting a failure: changes requested at review, or a person unblocked it. */
  markReady(taskId: string): void {
    const i = this.#index(taskId);
    this.#assertOpen(i, taskId, 'reopen');
    this.#set(i, 'pending');
  }

  /** Backoff: the task is not offered before `untilMs` (a later call replaces the time). */
  hold(taskId: string, untilMs: number): void {
    const i = this.#index(taskId);
    if (Number.isNaN(untilMs)) throw new RangeError(`Expected \`untilMs\` to be a number, got \`${untilMs}\``);
    this.#queue.hold(i, untilMs);
  }

  /** When the earliest hold on a pending task ends, so the loop knows when to ask again; undefined if none. */
  nextWakeAt(): number | undefined {
    return this.#queue.nextWakeAt(this.#isPending);
  }

  /** Every assignment that may start at `nowMs`, best first; sync points first of all. */
  next(nowMs: number): Assignment[] {
    for (const i of this.#queue.expired(nowMs)) this.#release(i);
    const out: Assignment[] = this.#queue.syncReady(nowMs, this.#isPending).map((i) => ({
      taskId: this.#graph.idAt(i),
      agent: '',
      sync: true,
      reason: 'sync point: no agent; the engine runs its checks',
    }));
    const taken: Assignment[] = [];
    const emergency = this.#emergencyOpen();
    this.#queue.drain(nowMs, this.#isPending, () => this.#slots.free > 0, (i) => {
      // Emergency: new work of lower priority waits until the response is done.
      if (emergency && this.#tasks[i]!.emergency === undefined && this.#tasks[i]!.priority !== 'critical') return false;
      const a = this.#planner.place(i);
      if (!a) return false;
      taken.push(a);
      this.#slots.take(a.agent, a.team);
      return true;
    });
    // Safety: every slot taken while planning is given back, so planning commits nothing.
    for (const a of taken) this.#slots.give(a.agent, a.team);
    return [...out, ...taken];
  }

  /** An emergency response task has not finished: pending, running or waiting. */
  #emergencyOpen(): boolean {
    return this.#emergency.some((i) => {
      const s = this.#states.status(i);
      return s === 'pending' || s === 'running' || s === 'review';
    });
  }

  #set(i: number, next: TaskStatus): void {
    if (this.#states.status(i) === 'running' && this.#tasks[i]!.kind !== 'sync') this.#slots.give(this.#agentOf[i]!, this.#teamOf[i]);
    for (const d of this.#states.set(i, next)) this.#release(d);
    if (next === 'pending') this.#release(i);
  }

  /** Files a pending task whose dependencies are satisfied where `next` and `settle` look for it. */
  #release(i: number): void {
    if (this.#states.status(i) !== 'pending' || !this.#states.depsSatisfied(i)) return;
    if (this.#problems[i] !== undefined) this.#unassignable.add(i);
    else this.#queue.add(i, this.#tasks[i]!.kind === 'sync');
  }

  /** Numbers the planner's slot keys densely, for the ready queue's buckets. */
  #slotBuckets(): Int32Array {
    const ids = new Map<string, number>();
    return Int32Array.from(this.#tasks, (_, i) => {
      const key = this.#planner.slotKey(i);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      return id;
    });
  }

  #record(i: number, details: FinishDetails, ok: boolean): void {
    const agent = details.agent ?? this.#agentOf[i]!;
    if (agent !== '' && this.#tasks[i]!.kind !== 'sync') this.#selector.recordCompletion(agent, details.durationMs, ok);
  }

  #assertOpen(i: number, taskId: string, action: string): TaskStatus {
    const status = this.#states.status(i);
    if (status === 'done' || status === 'skipped') throw this.#invalid(taskId, action, `it is already ${status}`);
    return status;
  }

  #index(taskId: string): number {
    const i = this.#graph.indexOf(taskId);
    if (i === -1) throw new SchedulerError('unknown-task', `No task \`${taskId}\` in this sprint`);
    return i;
  }

  #invalid(taskId: string, action: string, why: string): SchedulerError {
    return new SchedulerError('invalid-transition', `Cannot ${action} \`${taskId}\`: ${why}`);
  }
}
