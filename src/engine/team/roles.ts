import type { Task, Workspace } from '../model/workspace';

/** Seed 003 §10.1's roles, as Baton's MCP server enforces them on every call. */
export const MCP_ROLES = ['orchestrator', 'team_member', 'reviewer'] as const;
export type McpRole = (typeof MCP_ROLES)[number];

/**
 * The role an agent acts in on a task: its `role:` frontmatter when that names one of the three
 * roles; else its place — a team's orchestrator orchestrates, an agent running a review or
 * validation task reviews, everyone else is a team member.
 */
export function roleOf(workspace: Workspace, agent: string, task: Task | undefined): McpRole {
  const declared = workspace.agents.get(agent)?.role?.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (declared && (MCP_ROLES as readonly string[]).includes(declared)) return declared as McpRole;
  if ([...workspace.teams.values()].some((t) => t.orchestrator?.agent === agent)) return 'orchestrator';
  if (task && (task.kind === 'review' || task.kind === 'validation')) return 'reviewer';
  return 'team_member';
}

/** The teams an agent belongs to, as a member or as the orchestrator. */
export function teamsOf(workspace: Workspace, agent: string): string[] {
  return [...workspace.teams.values()].filter((t) => t.orchestrator?.agent === agent || t.members.some((m) => m.agent === agent)).map((t) => t.id);
}

/** The team a task belongs to: its `team`, else the team of its assignee (or of the agent running it). */
export function teamOfTask(workspace: Workspace, task: Task, runningAgent?: string): string | undefined {
  if (task.team) return task.team;
  const agent = task.assignee ?? runningAgent;
  return agent ? teamsOf(workspace, agent)[0] : undefined;
}
