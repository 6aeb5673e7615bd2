import type { Workspace } from '../model/workspace';
import type { ReadonlyRunState } from '../state/runState';
import type { QuestionAddressee } from '../state/teamEvents';
import type { Caller } from './permissions';

/** Words that address a person rather than an agent. */
const PERSON = new Set(['person', 'human', 'user', 'people', 'lead']);

/**
 * Resolves `ask`'s `to` (seed 002: "@backend Morgan"): `person` for a human (Inbox), an agent's
 * name, `orchestrator` (the caller's team's) or a team id (that team's orchestrator), or a
 * specialty, which picks the teammate who has it — the caller's teams first, then the sprint's.
 */
export function resolveAddressee(workspace: Workspace, sprintTeams: readonly string[], caller: Caller, to: string): QuestionAddressee | { error: string } {
  const name = to.trim().replace(/^@/, '');
  if (!name) return { error: 'say whom you ask: an agent name, `orchestrator`, a specialty, or `person`' };
  if (PERSON.has(name.toLowerCase())) return { kind: 'person' };
  if (name === caller.agent) return { error: 'you cannot ask yourself; ask a teammate, `orchestrator` or `person`' };
  if (workspace.agents.has(name)) return { kind: 'agent', agent: name };
  const orchestratorOf = (teamId: string) => workspace.teams.get(teamId)?.orchestrator?.agent;
  if (name.toLowerCase() === 'orchestrator') {
    const team = caller.teams.find((t) => orchestratorOf(t) !== undefined && orchestratorOf(t) !== caller.agent);
    if (!team) return { error: `your team${caller.teams.length === 1 ? '' : 's'} (${caller.teams.join(', ') || 'none'}) ha${caller.teams.length === 1 ? 's' : 've'} no orchestrator to ask; ask a teammate or \`person\`` };
    return { kind: 'orchestrator', agent: orchestratorOf(team)!, team };
  }
  const team = workspace.teams.get(name);
  if (team) {
    if (!team.orchestrator || team.orchestrator.agent === caller.agent) return { error: `team ${name} has no orchestrator to ask; name one of its members: ${team.members.map((m) => m.agent).join(', ')}` };
    return { kind: 'orchestrator', agent: team.orchestrator.agent, team: team.id };
  }
  const specialist = bySpecialty(workspace, [...caller.teams, ...sprintTeams.filter((t) => !caller.teams.includes(t))], name.toLowerCase(), caller.agent);
  if (specialist) return { kind: 'agent', agent: specialist };
  const known = [...new Set([...caller.teams, ...sprintTeams].flatMap((t) => workspace.teams.get(t)?.members.map((m) => m.agent) ?? []))].filter((a) => a !== caller.agent);
  return { error: `nobody is named or specialised in \`${name}\`. Ask one of ${known.map((a) => `\`${a}\``).join(', ') || 'your teammates'}, \`orchestrator\`, or \`person\`` };
}

function bySpecialty(workspace: Workspace, teams: readonly string[], specialty: string, exclude: string): string | undefined {
  for (const teamId of teams) {
    for (const m of workspace.teams.get(teamId)?.members ?? []) {
      if (m.agent === exclude) continue;
      const specialties = [...m.specialties, ...(workspace.agents.get(m.agent)?.specialties ?? [])].map((s) => s.toLowerCase());
      if (specialties.includes(specialty)) return m.agent;
    }
  }
  return undefined;
}

/** The addressee as people read it: `person`, an agent's name, or `orchestrator-agent (orchestrator of qa)`. */
export function addresseeName(to: QuestionAddressee): string {
  return to.kind === 'person' ? 'person' : to.agent;
}

/** Questions a task has asked so far: what its budget counts. */
export function questionsAskedBy(state: ReadonlyRunState, task: string): number {
  return state.team?.questions.filter((q) => q.task === task).length ?? 0;
}

/** The next question id of the run: `q-1`, `q-2`, … */
export function nextQuestionId(state: ReadonlyRunState): string {
  return `q-${(state.team?.questions.length ?? 0) + 1}`;
}
