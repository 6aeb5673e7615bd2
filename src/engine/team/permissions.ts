import type { Task, Workspace } from '../model/workspace';
import type { McpRole } from './roles';
import { teamOfTask } from './roles';

/**
 * Who is calling: the agent, its role, the task and attempt its credential is scoped to, and
 * whether it runs a task (`attempt`) or only answers a teammate's question (`answer`).
 */
export interface Caller {
  agent: string;
  role: McpRole;
  task: string;
  attempt: number;
  kind: 'attempt' | 'answer';
  teams: readonly string[];
  /** For an answer attempt: the questions it was started for. */
  questions?: readonly string[];
}

/** The agent tools of Baton's MCP server. */
export const AGENT_TOOLS = ['get_task', 'report_status', 'ask', 'wait_for_answer', 'answer', 'submit_handoff', 'raise', 'read_state', 'create_task', 'reassign_task'] as const;
export type AgentTool = (typeof AGENT_TOOLS)[number];

/** A permission check's verdict; `reason` says why not, for the journal and the agent. */
export type Verdict = { allowed: true } | { allowed: false; reason: string };

const ALLOW: Verdict = { allowed: true };
const deny = (reason: string): Verdict => ({ allowed: false, reason });

/** What answer attempts may do: answer, and look around. Asking back would let questions loop. */
const ANSWER_ATTEMPT_TOOLS: ReadonlySet<AgentTool> = new Set(['answer', 'read_state', 'get_task']);

/**
 * Seed 003 §10.1 on every call: a team member may update only its own task and read its team's
 * state; a reviewer may only review (its own review task, the task it reviews); only an
 * orchestrator may create tasks or reassign them, and it may report on its teams' tasks.
 * `target` is the task the call touches, when it touches one.
 */
export function checkPermission(workspace: Workspace, tasks: ReadonlyMap<string, Task>, caller: Caller, tool: AgentTool, target?: string): Verdict {
  if (caller.kind === 'answer' && !ANSWER_ATTEMPT_TOOLS.has(tool)) {
    return deny(`\`${tool}\` is not available while answering a question: answer with \`answer\`, nothing else`);
  }
  switch (tool) {
    case 'create_task':
    case 'reassign_task':
      return caller.role === 'orchestrator' ? ALLOW : deny(`only an orchestrator may ${tool === 'create_task' ? 'create tasks' : 'reassign tasks'}; ${caller.agent} is a ${caller.role.replace('_', ' ')}`);
    case 'report_status':
      if (target === undefined || target === caller.task) return ALLOW;
      if (caller.role === 'orchestrator' && inTeams(workspace, tasks, target, caller.teams)) return ALLOW;
      return deny(`${caller.agent} may update only its own task (${caller.task}), not ${target}`);
    case 'submit_handoff':
      return target === undefined || target === caller.task ? ALLOW : deny(`${caller.agent} may hand off only its own task (${caller.task}), not ${target}`);
    case 'get_task':
      return target === undefined || canRead(workspace, tasks, caller, target) ? ALLOW : deny(`${caller.agent} (${caller.role.replace('_', ' ')}) may not read task ${target}`);
    default:
      return ALLOW;
  }
}

/** Whether the caller may see a task: its own, its teams' (members and orchestrators), the one it reviews. */
export function canRead(workspace: Workspace, tasks: ReadonlyMap<string, Task>, caller: Caller, taskId: string): boolean {
  if (taskId === caller.task) return true;
  const own = tasks.get(caller.task);
  if (caller.role === 'reviewer') return own?.generatedFrom === taskId || (own?.dependencies.includes(taskId) ?? false);
  return inTeams(workspace, tasks, taskId, caller.teams);
}

function inTeams(workspace: Workspace, tasks: ReadonlyMap<string, Task>, taskId: string, teams: readonly string[]): boolean {
  const task = tasks.get(taskId);
  const team = task ? teamOfTask(workspace, task) : undefined;
  return team !== undefined && teams.includes(team);
}
