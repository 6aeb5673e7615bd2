import { RunnerConfigError, type AgentRunner, type ProcessPlan, type RunnerInput } from './agentRunner';
import { lastLines, settleResult, type AgentResult } from './agentResult';
import type { ProcessExit } from './agentProcess';

/** The placeholders a command template may use, inside any argument. */
export const COMMAND_PLACEHOLDERS = ['prompt_file', 'task_id', 'worktree', 'sprint_id', 'agent', 'workspace'] as const;

const PLACEHOLDER = new RegExp(`\\{(${COMMAND_PLACEHOLDERS.join('|')})\\}`, 'g');

/**
 * Any command (`runner: command`): the agent's `command` is an argv template whose
 * placeholders are substituted inside each argument — never through a shell, so a value with
 * spaces or quotes stays one argument. Other `{…}` text is left as written. The exit code
 * decides unless the command writes a result file.
 */
export const commandRunner: AgentRunner = {
  kind: 'command',
  deliversInstructions: false,
  // A user's command: Baton cannot know what it keeps under HOME.
  homeState: [],
  prepare: prepareCommand,
  interpret: interpretPlain,
};

function prepareCommand(input: RunnerInput): ProcessPlan {
  const template = input.agent.command;
  if (!template?.length || !template[0]) {
    throw new RunnerConfigError(`agent \`${input.agent.name}\` uses \`runner: command\` but has no \`command\``);
  }
  const [command, ...args] = substituteCommand(template, input);
  return { command: command!, args };
}

/** The template with every placeholder replaced, in one pass (substituted values are not rescanned). */
export function substituteCommand(template: readonly string[], input: RunnerInput): string[] {
  const values: Record<(typeof COMMAND_PLACEHOLDERS)[number], string> = {
    prompt_file: input.promptFile,
    task_id: input.task.id,
    worktree: input.worktree,
    sprint_id: input.task.sprint,
    agent: input.agent.name,
    workspace: input.workspaceRoot,
  };
  return template.map((arg) => arg.replace(PLACEHOLDER, (_, name: keyof typeof values) => values[name]));
}

/** For runners without a structured stream: result file, else exit code; the output's last lines summarise. */
export function interpretPlain(exit: ProcessExit, output: string, resultFileContent: string | undefined): AgentResult {
  return settleResult(exit, {}, resultFileContent, lastLines(output) || lastLines(exit.outputTail));
}
