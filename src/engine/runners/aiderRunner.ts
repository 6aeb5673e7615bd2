import type { AgentRunner, ProcessPlan, RunnerInput } from './agentRunner';
import { lastLines, settleResult, type AgentResult } from './agentResult';
import type { ProcessExit } from './agentProcess';

/**
 * Aider, scripted with `--message-file` (the prompt file, so a long prompt never hits the
 * argument-length limit) and `--yes-always`.
 *
 * Aider's own git commits are turned off (`--no-auto-commits`, `--no-dirty-commits`): the
 * engine commits the worktree after the agent, so every runner's changes land the same way.
 * `--no-gitignore` keeps aider from editing `.gitignore`, which would show up in the task's diff.
 */
export const aiderRunner: AgentRunner = {
  kind: 'aider',
  deliversInstructions: false,
  // Aider's home config files and its cache/analytics folder.
  homeState: ['.aider.conf.yml', '.aider.model.settings.yml', '.aider.model.metadata.json', '.aider'],
  prepare: prepareAider,
  interpret: interpretAider,
};

function prepareAider(input: RunnerInput): ProcessPlan {
  const args = [
    '--message-file', input.promptFile,
    '--yes-always',
    '--no-auto-commits',
    '--no-dirty-commits',
    '--no-gitignore',
    '--no-check-update',
    '--no-analytics',
    '--no-pretty',
    '--no-stream',
  ];
  if (input.agent.model && input.agent.model !== 'inherit') args.push('--model', input.agent.model);
  return { command: input.executable ?? 'aider', args };
}

/** Aider has no machine-readable output: the exit code decides, its last lines summarise. */
function interpretAider(exit: ProcessExit, output: string, resultFileContent: string | undefined): AgentResult {
  return settleResult(exit, {}, resultFileContent, lastLines(output) || lastLines(exit.outputTail));
}
