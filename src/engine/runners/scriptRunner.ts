import { accessSync, constants } from 'node:fs';
import { basename } from 'node:path';
import { RunnerConfigError, type AgentRunner, type ProcessPlan, type RunnerInput } from './agentRunner';
import { interpretPlain } from './commandRunner';

const NODE_SCRIPT = /\.(mjs|cjs|js)$/i;

/**
 * A script in the repository (`runner: script`), run with the worktree as its cwd. It gets no
 * arguments: everything it needs is in the environment (`BATON_PROMPT_FILE`,
 * `BATON_RESULT_FILE`, `BATON_TASK_ID`, ...).
 *
 * A JavaScript file that is not executable is run with Node rather than refused: a checkout on
 * a file system without permission bits (or a fresh clone from Windows) loses +x, and for .mjs
 * the interpreter is not in doubt. Any other non-executable file fails by name (EACCES).
 */
export const scriptRunner: AgentRunner = {
  kind: 'script',
  deliversInstructions: false,
  // A script of the repository keeps nothing of its own under HOME.
  homeState: [],
  prepare: prepareScript,
  interpret: interpretPlain,
};

function prepareScript(input: RunnerInput): ProcessPlan {
  const script = input.agent.script;
  if (!script) throw new RunnerConfigError(`agent \`${input.agent.name}\` uses \`runner: script\` but has no \`script\``);
  if (NODE_SCRIPT.test(script) && !isExecutable(script)) {
    return {
      command: process.execPath,
      args: [script],
      // Inside VS Code, execPath is the editor's own binary; this makes it behave as plain Node.
      env: { ELECTRON_RUN_AS_NODE: '1' },
      note: `${basename(script)} is not executable; running it with Node (${process.execPath})`,
    };
  }
  return { command: script, args: [] };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
