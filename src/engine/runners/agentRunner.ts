import type { Agent, Task } from '../model/workspace';
import type { RunnerKind } from '../model/agentSchema';
import type { ProcessExit } from './agentProcess';
import type { AgentResult, FailureContext } from './agentResult';
import type { McpAttachment, PlanFile } from './mcpAttachment';

/** What a runner needs to plan one agent run. Paths are absolute. */
export interface RunnerInput {
  agent: Agent;
  task: Task;
  /** The composed prompt, already written to `promptFile`. */
  promptFile: string;
  prompt: string;
  worktree: string;
  workspaceRoot: string;
  /** Overrides the CLI's name or path (a runner setting), e.g. `/opt/bin/claude`. */
  executable?: string;
  /** The environment the agent's CLI will see before Baton's filter (its config files are found through it). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Baton's MCP server for this attempt (mcpAttachment.ts); runners whose CLI takes MCP configuration attach it. */
  mcp?: McpAttachment;
  /** The CLI session to continue (a parked attempt's), where the CLI can resume one. */
  resumeSession?: string;
}

/** The process a runner wants started. The orchestrator adds cwd, env, timeouts and the log. */
export interface ProcessPlan {
  command: string;
  args: string[];
  stdin?: string;
  /** Variables this runner needs on top of the agent's environment (merge them in last). */
  env?: Record<string, string>;
  /** Something worth telling the user about how the agent is started. */
  note?: string;
  /** How to read this run's failures (auth words, a restriction chosen on purpose). */
  failure?: FailureContext;
  /** The model the CLI was told to use (or its config names), for pricing when the CLI does not say. */
  model?: string;
  /** Files to write (mode 0600) before the process starts: MCP configuration holding the attempt's token. */
  files?: PlanFile[];
}

/**
 * An agent CLI a runner starts: what `baton doctor` checks and the version check reads. Only the
 * runners of real agent CLIs have one (`command` and `script` run whatever the user wrote).
 */
export interface RunnerCli {
  /** For people: "Claude Code". */
  readonly displayName: string;
  /** The command when no `executable` is configured. */
  readonly command: string;
  /** Where it comes from: `npm install -g <npmPackage>`. */
  readonly npmPackage: string;
  /** The oldest version whose flags and output this runner relies on. */
  readonly minimumVersion: string;
  /** The versions the real-agent suite runs (test/real-agents). */
  readonly testedVersion: string;
  /**
   * Credentials it can use: any one group whose variables are all set, or a login it keeps under
   * HOME (paths relative to HOME). Names only: values are never read by the check.
   */
  readonly auth: { readonly variables: readonly (readonly string[])[]; readonly loginFiles: readonly string[]; readonly hint: string };
}

/**
 * One way of running an agent: how to start it, and how to read what it did. Runners are
 * stateless; the process itself is run by `startAgentProcess`.
 */
export interface AgentRunner {
  readonly kind: RunnerKind;
  /** The CLI continues a session by id (`RunnerInput.resumeSession`); otherwise a parked attempt starts a new one, told what happened. */
  readonly resumesSessions?: boolean;
  /**
   * The runner passes the agent's instructions (its markdown body) to the CLI itself, so the
   * prompt should not repeat them (`composePrompt({ includeInstructions: false })`).
   */
  readonly deliversInstructions: boolean;
  /**
   * Paths under $HOME this runner's CLI reads and writes (its login, settings, sessions), e.g.
   * `.claude.json`, `.claude`. Inside the sandbox the agent gets a private HOME per run and agent,
   * seeded with copies of these from the real HOME, so it can log in and resume sessions but
   * cannot change the user's own CLI settings.
   */
  readonly homeState: readonly string[];
  /** The agent CLI behind this runner, when it is one Baton knows. */
  readonly cli?: RunnerCli;
  /**
   * Variables the CLI's own config says it needs (a codex provider's `env_key`), which pass to
   * the agent on top of the runner's documented ones.
   */
  configuredEnvNames?(env: Readonly<Record<string, string | undefined>>): string[];
  /** @throws RunnerConfigError when the agent lacks what this runner needs. */
  prepare(input: RunnerInput): ProcessPlan;
  /**
   * @param output the process's stdout (`ProcessExit.stdout`).
   * @param resultFileContent the content of `BATON_RESULT_FILE`, or undefined when it does not exist.
   * @param plan the plan `prepare` returned for this run, when the caller has it.
   */
  interpret(exit: ProcessExit, output: string, resultFileContent: string | undefined, plan?: ProcessPlan): AgentResult;
}

/** An agent cannot be run as configured (e.g. `runner: command` without a `command`). */
export class RunnerConfigError extends Error {
  override readonly name = 'RunnerConfigError';
  static is(error: unknown): error is RunnerConfigError {
    return error instanceof RunnerConfigError;
  }
}

/**
 * Prompts above this size are not passed as a command-line argument: Linux limits a single
 * argument to 128 KiB (MAX_ARG_STRLEN), and a failed exec would only say E2BIG.
 */
export const MAX_PROMPT_ARGUMENT = 100_000;

/**
 * The prompt to pass as an argument: the prompt itself, or a pointer to its file when too large.
 * A prompt starting with `-` (an agent body that opens with a list) would be parsed as an
 * option by the CLI's argument parser, so it gets a leading newline.
 */
export function promptArgument(input: RunnerInput): string {
  const text = Buffer.byteLength(input.prompt) <= MAX_PROMPT_ARGUMENT
    ? input.prompt
    : `Your instructions are too long for the command line. Read them from the file ${input.promptFile} and follow them exactly.`;
  return text.startsWith('-') ? `\n${text}` : text;
}
