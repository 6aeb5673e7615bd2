import type { Task, Workspace } from '../model/workspace';
import { expertiseMatch } from '../scheduler/memberSelection';
import { allowsAll } from './boundaries';

/** Another member to take a task over once its agent has used up its retries. */
export interface FailoverChoice {
  agent: string;
  team: string;
  why: string;
}

/**
 * Seed 001's failover: a capable member of the same team who has not tried the task yet. The
 * team is the task's own, else the teams the failed agent is a member of (the sprint's first).
 * Capable means a specialty matching the task's type or labels; a task whose type says nothing
 * (`task`, no labels) can go to any member. A member whose `owns` / `forbidden` do not allow
 * every file the task is known to touch (`files`, workspace-relative: its handoff artifacts and
 * what it changed so far) is never chosen: it would only be rolled back and redirected. The
 * best specialty match wins, then member order.
 */
export function failoverTarget(workspace: Workspace, sprintTeams: readonly string[], task: Task, failed: string, tried: readonly string[], files: readonly string[] = []): FailoverChoice | undefined {
  const homeTeams = [...workspace.teams.values()].filter((t) => t.members.some((m) => m.agent === failed)).map((t) => t.id);
  const teams = task.team ? [task.team] : [...homeTeams.filter((t) => sprintTeams.includes(t)), ...homeTeams.filter((t) => !sprintTeams.includes(t))];
  const hasTerms = [task.type, ...task.labels].some((term) => term.trim() !== '' && term !== 'task');
  let best: (FailoverChoice & { match: number }) | undefined;
  for (const id of teams) {
    const team = workspace.teams.get(id);
    for (const member of team?.members ?? []) {
      const agent = workspace.agents.get(member.agent);
      if (member.agent === failed || tried.includes(member.agent) || !agent || !allowsAll(agent, files, '')) continue;
      const specialties = [...member.specialties, ...(workspace.agents.get(member.agent)?.specialties ?? [])];
      const match = expertiseMatch(task, { specialties, capabilities: [] });
      if (hasTerms && match === 0) continue;
      if (!best || match > best.match) {
        const why = hasTerms ? `a member of team ${id} with a matching specialty (${specialties.join(', ')})` : `a member of team ${id}`;
        best = { agent: member.agent, team: id, why, match };
      }
    }
  }
  return best && { agent: best.agent, team: best.team, why: best.why };
}
