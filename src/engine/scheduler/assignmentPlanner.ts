import type { Task } from '../model/workspace';
import type { CapacityTable } from './capacityTable';
import type { MemberSelector } from './memberSelection';
import type { SlotLedger } from './slotLedger';

/** One task that may start now, on one agent. */
export interface Assignment {
  taskId: string;
  /** The agent to run; '' for a sync point, which the engine resolves itself. */
  agent: string;
  /** The team the task counts against, if any. */
  team?: string;
  /** Sync points only: no agent, no slot, no capacity — the engine runs its checks. */
  sync?: true;
  /** Why this task now and why this agent, for logs and the board. */
  reason: string;
}

/**
 * Decides the agent for one ready task given the slots in use: its assignee if the assignee
 * and the team it counts against have room, else the best-scoring member with room (seed 001).
 */
export class AssignmentPlanner {
  readonly #tasks: readonly Task[];
  readonly #remaining: Float64Array;
  readonly #capacity: CapacityTable;
  readonly #slots: SlotLedger;
  readonly #selector: MemberSelector;

  constructor(tasks: readonly Task[], remaining: Float64Array, capacity: CapacityTable, slots: SlotLedger, selector: MemberSelector) {
    this.#tasks = tasks;
    this.#remaining = remaining;
    this.#capacity = capacity;
    this.#slots = slots;
    this.#selector = selector;
  }

  /**
   * A key shared by exactly the tasks that compete for the same slots: one assignee counted
   * against one team, or one team's pool (the sprint pool for tasks with neither). If one task
   * with a key cannot be placed, no task with that key can — the ready queue relies on it.
   */
  slotKey(i: number): string {
    const task = this.#tasks[i]!;
    if (task.assignee !== undefined) return `agent\u0000${task.assignee}\u0000${this.#capacity.teamOf(task, task.assignee) ?? ''}`;
    return `pool\u0000${task.team ?? ''}`;
  }

  /** The assignment for task index `i`, or undefined when nobody suitable has room right now. */
  place(i: number): Assignment | undefined {
    const task = this.#tasks[i]!;
    const why = `remaining critical path ${this.#remaining[i]}, priority ${task.priority}`;
    if (task.assignee !== undefined) {
      const team = this.#capacity.teamOf(task, task.assignee);
      if (!this.#slots.hasRoom(task.assignee, team)) return undefined;
      return { taskId: task.id, agent: task.assignee, ...(team === undefined ? {} : { team }), reason: `${why}; assignee ${task.assignee}` };
    }
    const candidates = this.#capacity.poolFor(task).candidates ?? [];
    const choice = this.#selector.select(task, candidates, (c) =>
      this.#slots.hasRoom(c.agent, c.team) ? { load: this.#slots.load(c.agent), capacity: this.#capacity.agentCapacity(c.agent) } : undefined,
    );
    return choice && { taskId: task.id, agent: choice.agent, team: choice.team, reason: `${why}; ${choice.reason}` };
  }
}
