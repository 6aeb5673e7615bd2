import type { CapacityTable } from './capacityTable';

/**
 * Counts of running tasks — globally, per agent, per team — against their caps. The scheduler
 * takes a slot when a task starts and gives it back when the agent is done; while planning one
 * dispatch it takes slots for its tentative picks and gives them all back before returning,
 * so a plan never over-commits and planning changes nothing.
 */
export class SlotLedger {
  readonly #capacity: CapacityTable;
  readonly #maxParallel: number;
  readonly #agents = new Map<string, number>();
  readonly #teams = new Map<string, number>();
  #used = 0;

  constructor(capacity: CapacityTable, maxParallel: number) {
    this.#capacity = capacity;
    this.#maxParallel = maxParallel;
  }

  /** Global slots in use. */
  get used(): number {
    return this.#used;
  }

  /** Global slots free (never negative, even if the loop started more than the cap). */
  get free(): number {
    return Math.max(0, this.#maxParallel - this.#used);
  }

  /** Tasks the agent is running. */
  load(agent: string): number {
    return this.#agents.get(agent) ?? 0;
  }

  /** Whether one more task may start on `agent`, counted against `team` (none: no team cap). */
  hasRoom(agent: string, team: string | undefined): boolean {
    if (this.#used >= this.#maxParallel) return false;
    if (this.load(agent) >= this.#capacity.agentCapacity(agent)) return false;
    if (team === undefined) return true;
    const cap = this.#capacity.teamCap(team);
    return cap === undefined || (this.#teams.get(team) ?? 0) < cap;
  }

  take(agent: string, team: string | undefined): void {
    this.#used++;
    bump(this.#agents, agent, 1);
    if (team !== undefined) bump(this.#teams, team, 1);
  }

  give(agent: string, team: string | undefined): void {
    this.#used--;
    bump(this.#agents, agent, -1);
    if (team !== undefined) bump(this.#teams, team, -1);
  }
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}
