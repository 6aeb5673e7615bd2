import type { Task, Team, Workspace } from '../model/workspace';

/** A member who could take a team task: the agent, the team it would count against, what it is good at. */
export interface MemberCandidate {
  agent: string;
  team: string;
  /** The member's specialties plus the agent file's own. */
  specialties: readonly string[];
  /** The team's capabilities, matched loosely. */
  capabilities: readonly string[];
}

/** Who may take a task that has no assignee: candidates in preference order, or why nobody may. */
export type MemberPool = { candidates: readonly MemberCandidate[]; problem?: undefined } | { candidates?: undefined; problem: string };

/**
 * The static half of capacity: per-agent capacity, per-team caps, which team a task counts
 * against, and who may take a task without an assignee. Resolved once from the workspace;
 * the scheduler keeps the running counts.
 */
export class CapacityTable {
  readonly #teams: ReadonlyMap<string, Team>;
  readonly #sprintTeams: readonly string[];
  readonly #capacity = new Map<string, number>();
  readonly #homeTeam = new Map<string, string | undefined>();
  readonly #pools = new Map<string, MemberPool>();
  readonly #workspace: Workspace;

  constructor(workspace: Workspace, sprintTeams: readonly string[]) {
    this.#workspace = workspace;
    this.#teams = workspace.teams;
    this.#sprintTeams = sprintTeams;
    // Capacity belongs to the agent, not the membership: one process pool, however many
    // teams list it, so the largest stated capacity wins.
    for (const team of workspace.teams.values()) {
      for (const m of team.members) this.#capacity.set(m.agent, Math.max(this.#capacity.get(m.agent) ?? 0, m.capacity));
    }
    for (const id of sprintTeams) {
      for (const m of workspace.teams.get(id)?.members ?? []) {
        // Seen once: this team; seen again in another sprint team: ambiguous, so no team.
        const seen = this.#homeTeam.has(m.agent);
        const current = this.#homeTeam.get(m.agent);
        if (!seen) this.#homeTeam.set(m.agent, id);
        else if (current !== id) this.#homeTeam.set(m.agent, undefined);
      }
    }
  }

  /** Tasks an agent may run at once: the largest capacity among its memberships, 1 outside any team. */
  agentCapacity(agent: string): number {
    return this.#capacity.get(agent) ?? 1;
  }

  /** The team's `max_parallel_agents`, or undefined for no cap (also for unknown teams). */
  teamCap(team: string): number | undefined {
    return this.#teams.get(team)?.maxParallelAgents;
  }

  /**
   * The team a task running on `agent` counts against: the task's own team, else the agent's
   * team when it belongs to exactly one of the sprint's teams, else none.
   */
  teamOf(task: Task, agent: string): string | undefined {
    return task.team ?? this.#homeTeam.get(agent);
  }

  /**
   * Candidates for a task without an assignee: the named team's members, or, without a team,
   * the members of every sprint team that auto-assigns (sprint team order, then member order).
   * Cached per team, since every ready task of a team asks the same question.
   */
  poolFor(task: Task): MemberPool {
    const key = task.team === undefined ? '' : `team:${task.team}`;
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = task.team === undefined ? this.#sprintPool() : this.#teamPool(task.team);
      this.#pools.set(key, pool);
    }
    return pool;
  }

  #teamPool(id: string): MemberPool {
    const team = this.#teams.get(id);
    if (!team) return { problem: `team ${id} is not defined` };
    if (!team.autoAssign) return { problem: `team ${id} does not auto-assign; set an assignee` };
    if (team.members.length === 0) return { problem: `team ${id} has no members; set an assignee` };
    return { candidates: this.#candidates(team) };
  }

  #sprintPool(): MemberPool {
    const teams = this.#sprintTeams.map((id) => this.#teams.get(id)).filter((t): t is Team => t !== undefined);
    if (teams.length === 0) return { problem: 'no assignee and no team; set an assignee or a team' };
    const open = teams.filter((t) => t.autoAssign && t.members.length > 0);
    if (open.length === 0) {
      const closed = teams.filter((t) => !t.autoAssign).map((t) => t.id);
      if (closed.length === 1) return { problem: `team ${closed[0]} does not auto-assign; set an assignee` };
      if (closed.length > 1) return { problem: `teams ${closed.join(', ')} do not auto-assign; set an assignee` };
      return { problem: "the sprint's teams have no members; set an assignee" };
    }
    return { candidates: open.flatMap((t) => this.#candidates(t)) };
  }

  #candidates(team: Team): MemberCandidate[] {
    return team.members.map((m) => ({
      agent: m.agent,
      team: team.id,
      specialties: [...m.specialties, ...(this.#workspace.agents.get(m.agent)?.specialties ?? [])],
      capabilities: team.capabilities,
    }));
  }
}
