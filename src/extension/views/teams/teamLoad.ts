import type { Team } from '../../../engine/model/workspace';
import type { ReadonlyRunState } from '../../../engine/state/runState';

/** What an agent is doing in the current run: its running tasks. */
export function runningTasksOf(run: ReadonlyRunState, agent: string): string[] {
  const ids: string[] = [];
  for (const [id, t] of run.tasks) if (t.status === 'running' && t.agent === agent) ids.push(id);
  return ids;
}

/** `1/2 running · build-login-components · frontend, ui_component` */
export function memberDescription(run: ReadonlyRunState, member: { agent: string; capacity: number; specialties: readonly string[] }): string {
  const running = runningTasksOf(run, member.agent);
  const parts = [`${running.length}/${member.capacity} running`];
  if (running.length) parts.push(running.join(', '));
  if (member.specialties.length) parts.push(member.specialties.join(', '));
  return parts.join(' · ');
}

/** `2/7 running · 5 members` */
export function teamDescription(run: ReadonlyRunState, team: Team): string {
  const capacity = team.members.reduce((sum, m) => sum + m.capacity, 0);
  const running = team.members.reduce((sum, m) => sum + runningTasksOf(run, m.agent).length, 0);
  const cap = team.maxParallelAgents !== undefined ? Math.min(capacity, team.maxParallelAgents) : capacity;
  return `${running}/${cap} running · ${team.members.length} member${team.members.length === 1 ? '' : 's'}`;
}
