import type { Agent, Team, Workspace } from '../../../src/engine/model/workspace';
import { workspace } from '../scheduler/fixtures';

export { task, team } from '../scheduler/fixtures';

const LOCATION = { file: 'agent.md', range: { line: 0, column: 0, endLine: 0, endColumn: 0 } };

/** An agent with boundaries (`owns`, `forbidden`) and specialties. */
export function agent(name: string, extra: Partial<Agent> = {}): Agent {
  return {
    name, file: `${name}.md`, location: LOCATION, description: name, tools: [], disallowedTools: [], runner: 'script',
    owns: [], forbidden: [], specialties: [], env: [], body: '', frontmatter: {}, ...extra,
  };
}

/** A workspace with these teams and agents. */
export function workspaceWith(teams: Team[], agents: Agent[]): Workspace {
  const ws = workspace(teams);
  for (const a of agents) ws.agents.set(a.name, a);
  return ws;
}
