import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, readJournal, REPO_ROOT, type JournalEvent, type TempRepo } from './engineHarness';

/**
 * Workspaces for the teams-that-talk tests (teams*.test.ts): agents are the scripted MCP client
 * (examples/teams-talk/scripts/mcp-agent.mjs), a real process speaking MCP to Baton's server
 * through the SDK's Streamable HTTP client, each following the JSON plan in its command.
 * `node_modules` is linked in (and into every worktree) so the script finds the SDK.
 */
export const MCP_AGENT = path.join(REPO_ROOT, 'examples', 'teams-talk', 'scripts', 'mcp-agent.mjs');

/** A step of the scripted agent (see mcp-agent.mjs). */
export type Step = Record<string, unknown> & { do: string };

export interface TeamsAgent {
  name: string;
  team: string;
  /** Steps per task id (`*` for any), and what it answers when asked. */
  tasks?: Record<string, Step[]>;
  answer?: string;
  answerDelayMs?: number;
  specialties?: string[];
  role?: string;
  orchestrator?: boolean;
  owns?: string[];
}

export interface TeamsWorkspace {
  agents: TeamsAgent[];
  tasks: Record<string, unknown>[];
  subscriptions?: Record<string, unknown[]>;
  settings?: Record<string, unknown>;
}

export function teamsRepo(ws: TeamsWorkspace): TempRepo {
  const teams: Record<string, { members: unknown[]; orchestrator?: string; subscriptions?: unknown[] }> = {};
  for (const a of ws.agents) {
    const team = (teams[a.team] ??= { members: [] });
    if (a.orchestrator) team.orchestrator = a.name;
    else team.members.push({ agent: a.name, capacity: 2, ...(a.specialties ? { specialties: a.specialties } : {}) });
  }
  for (const [team, subs] of Object.entries(ws.subscriptions ?? {})) teams[team]!.subscriptions = subs;
  const files: Record<string, string> = {
    '.gitignore': 'node_modules\n',
    '.claude/teams.yaml': `${JSON.stringify({ teams, settings: { max_parallel_agents: 4, max_retries: 0, worktrees: { symlink: ['node_modules'] }, ...ws.settings } }, null, 2)}\n`,
    '.claude/sprints/s1.yaml': `${JSON.stringify({ sprint: { id: 's1', teams: Object.keys(teams), tasks: ws.tasks.map((t) => ({ title: `Task ${String(t.id)}`, ...t })) } }, null, 2)}\n`,
    'scripts/mcp-agent.mjs': fs.readFileSync(MCP_AGENT, 'utf8'),
  };
  for (const a of ws.agents) {
    const command = ['node', '{workspace}/scripts/mcp-agent.mjs', JSON.stringify({ tasks: a.tasks ?? {}, ...(a.answer ? { answer: a.answer } : {}), ...(a.answerDelayMs ? { answerDelayMs: a.answerDelayMs } : {}) })];
    const front = [
      `name: ${a.name}`, `description: Scripted MCP agent ${a.name}.`, 'runner: command', `command: ${JSON.stringify(command)}`, 'env: ["MCP_AGENT_*"]',
      ...(a.role ? [`role: ${a.role}`] : []), ...(a.specialties ? [`specialties: ${JSON.stringify(a.specialties)}`] : []), ...(a.owns ? [`owns: ${JSON.stringify(a.owns)}`] : []),
    ];
    files[`.claude/agents/${a.name}.md`] = `---\n${front.join('\n')}\n---\nYou do the task.\n`;
  }
  const repo = makeRepo({ files });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(repo.root, 'node_modules'), 'dir');
  return repo;
}

/** The journal's events of one type. */
export function journalled(root: string, type: string): JournalEvent[] {
  return readJournal(root).events.filter((e) => e.type === type);
}
