import * as path from 'node:path';
import type { Diagnostic } from '../engine/model/diagnostic';
import type { Sprint, Workspace } from '../engine/model/workspace';

/**
 * The diagnostics that bear on planning or running one sprint: those in its own file, in the
 * teams file (capacities, members and settings all feed the plan) and in the files of the agents
 * it can use — its assignees, and every member and orchestrator of the teams it names. Another
 * sprint's broken file must not block this one.
 */
export function sprintDiagnostics(workspace: Workspace, sprint: Sprint, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const files = new Set<string>([path.resolve(sprint.file)]);
  if (workspace.teamsFile) files.add(path.resolve(workspace.teamsFile));
  const agents = agentsOf(workspace, sprint);
  for (const name of agents) {
    const agent = workspace.agents.get(name);
    if (agent) files.add(path.resolve(agent.file));
  }
  const agentsFolder = path.resolve(workspace.configRoot, 'agents');
  return diagnostics.filter((d) => {
    const file = path.resolve(d.file);
    if (files.has(file)) return true;
    // An agent file too broken to load has no entry in `workspace.agents`; it still matters
    // when a name this sprint uses is its file name.
    return file.startsWith(agentsFolder + path.sep) && file.endsWith('.md') && agents.has(path.basename(file, '.md'));
  });
}

function agentsOf(workspace: Workspace, sprint: Sprint): Set<string> {
  const names = new Set<string>();
  const teams = new Set(sprint.teams);
  for (const task of sprint.tasks) {
    if (task.assignee) names.add(task.assignee);
    if (task.team) teams.add(task.team);
  }
  for (const id of teams) {
    const team = workspace.teams.get(id);
    if (!team) continue;
    for (const member of team.members) names.add(member.agent);
    if (team.orchestrator) names.add(team.orchestrator.agent);
  }
  return names;
}
