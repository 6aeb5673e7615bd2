import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RunnerKind } from '../model/agentSchema';
import type { Agent, Task, Workspace } from '../model/workspace';
import { executableFor } from '../run/agentCli';
import { buildAgentEnv } from '../runners/agentEnvironment';
import { startAgentProcess } from '../runners/agentProcess';
import type { RunnerCli } from '../runners/agentRunner';
import { checkCliVersion } from '../runners/cliVersion';
import { readCodexConfig } from '../runners/codexConfig';
import { runnerFor } from '../runners/runnerRegistry';
import { findExecutable } from './findExecutable';

/** Whether the credentials a CLI needs are there: names only, values are never read out. */
export interface AuthCheck {
  ok: boolean;
  /** The credential variables that are set (names). */
  present: string[];
  /** What would do, when nothing is: groups of names, any one group complete suffices. */
  needs: string[][];
  /** A login the CLI keeps under HOME, when one exists (path relative to HOME). */
  loginFile?: string;
  hint: string;
}

/** One runner the workspace's agents use, checked. */
export interface RunnerDiagnosis {
  runner: RunnerKind;
  agents: string[];
  /** What Baton would run (the `executable` setting, else the CLI's name). */
  command: string;
  /** Where it resolves; undefined when it is not found. */
  path?: string;
  version?: string;
  minimumVersion?: string;
  supported: boolean;
  auth?: AuthCheck;
  /** With `online`: a one-word request through the real CLI. */
  online?: { ok: boolean; detail: string; durationMs: number };
  /** Why its agents cannot run, each naming the fix; empty when they can. */
  problems: string[];
}

export interface DoctorReport {
  /** True when every agent can run. */
  ok: boolean;
  runners: RunnerDiagnosis[];
  agents: { name: string; runner: RunnerKind; canRun: boolean; problems: string[] }[];
}

export interface DoctorOptions {
  /** The environment agents would inherit (the front's own, passed in: the engine reads no globals). */
  env: Readonly<Record<string, string | undefined>>;
  /** Also send each CLI a one-word request (costs a few tokens). */
  online?: boolean;
  onlineTimeoutMs?: number;
}

/**
 * `baton doctor`: for every runner the workspace's agents use, whether its CLI is found, which
 * version it is and whether Baton supports it, and whether the credentials it needs are set —
 * the answer the CLI, the "Check agents" command and the Teams tree all show.
 */
export async function diagnoseAgents(workspace: Workspace, options: DoctorOptions): Promise<DoctorReport> {
  const byRunner = new Map<RunnerKind, Agent[]>();
  for (const agent of workspace.agents.values()) {
    if (agent.frontmatter.disabled === true) continue;
    byRunner.set(agent.runner, [...(byRunner.get(agent.runner) ?? []), agent]);
  }
  const runners = await Promise.all([...byRunner.entries()].map(([kind, agents]) => diagnoseRunner(workspace, kind, agents, options)));
  const agents = [...byRunner.entries()].flatMap(([kind, list]) => list.map((a) => {
    const problems = [...runners.find((r) => r.runner === kind)!.problems, ...agentProblems(workspace, a, options.env)];
    return { name: a.name, runner: kind, canRun: problems.length === 0, problems };
  })).sort((a, b) => a.name.localeCompare(b.name));
  return { ok: agents.every((a) => a.canRun), runners: runners.sort((a, b) => a.runner.localeCompare(b.runner)), agents };
}

async function diagnoseRunner(workspace: Workspace, kind: RunnerKind, agents: Agent[], options: DoctorOptions): Promise<RunnerDiagnosis> {
  const runner = runnerFor(kind);
  const cli = runner.cli;
  const names = agents.map((a) => a.name).sort();
  if (!cli) return { runner: kind, agents: names, command: kind === 'command' ? 'each agent\'s command' : 'each agent\'s script', supported: true, problems: [] };
  const command = executableFor(workspace, kind) ?? cli.command;
  const env = buildAgentEnv(options.env, {
    runner: kind, agentEnv: agents.flatMap((a) => a.env), configuredNames: runner.configuredEnvNames?.(options.env) ?? [],
    baton: { BATON_TASK_ID: '', BATON_SPRINT_ID: '', BATON_AGENT: '', BATON_WORKTREE: '', BATON_PROMPT_FILE: '', BATON_RESULT_FILE: '' },
  });
  const found = findExecutable(command, env, workspace.root);
  const diagnosis: RunnerDiagnosis = { runner: kind, agents: names, command, minimumVersion: cli.minimumVersion, supported: false, problems: [] };
  if (found) diagnosis.path = found;
  const check = await checkCliVersion(kind, cli, found ?? command, env, workspace.root);
  diagnosis.supported = check.supported;
  if (check.version) diagnosis.version = check.version;
  if (check.problem) diagnosis.problems.push(check.problem.replace(found ?? '\0', command));
  diagnosis.auth = checkAuth(kind, cli, env);
  if (!diagnosis.auth.ok) diagnosis.problems.push(`no API key for ${kind}: ${diagnosis.auth.hint}`);
  if (options.online && found && check.supported) {
    diagnosis.online = await onlineCheck(workspace, kind, agents[0]!, found, env, options.onlineTimeoutMs ?? 90_000);
    if (!diagnosis.online.ok) diagnosis.problems.push(`a one-word request through ${cli.displayName} failed: ${diagnosis.online.detail}`);
  }
  return diagnosis;
}

/**
 * Credentials, by name: any complete group of the runner's variables, or its login file under
 * HOME. A codex provider other than OpenAI needs its own `env_key` instead.
 */
function checkAuth(kind: RunnerKind, cli: RunnerCli, env: Record<string, string>): AuthCheck {
  let groups = cli.auth.variables.map((g) => [...g]);
  let hint = cli.auth.hint;
  if (kind === 'codex') {
    const config = readCodexConfig(env);
    const key = config?.provider && config.provider !== 'openai' ? config.envKeys.get(config.provider) : undefined;
    if (key) {
      groups = [[key]];
      hint = `set ${key} (the env_key of provider \`${config!.provider}\` in ${config!.file})`;
    }
  }
  const set = (name: string): boolean => Boolean(env[name]?.trim());
  const present = [...new Set(groups.flat().filter(set))].sort();
  const loginFile = env.HOME ? cli.auth.loginFiles.find((f) => existsSync(path.join(env.HOME!, f))) : undefined;
  const ok = groups.some((g) => g.every(set)) || loginFile !== undefined;
  return { ok, present, needs: groups, ...(loginFile ? { loginFile } : {}), hint };
}

/** What an agent lacks beyond its runner: a `command` or `script` that is not there. */
function agentProblems(workspace: Workspace, agent: Agent, env: Readonly<Record<string, string | undefined>>): string[] {
  if (agent.runner === 'script' && agent.script && !existsSync(agent.script)) return [`script ${path.relative(workspace.root, agent.script)} does not exist`];
  if (agent.runner === 'command' && agent.command?.[0] && !agent.command[0].includes('{') && !findExecutable(agent.command[0], env, workspace.root)) {
    return [`command \`${agent.command[0]}\` was not found on PATH`];
  }
  return [];
}

/** One tiny request through the real CLI, in a scratch folder, with the agent's own settings. */
async function onlineCheck(workspace: Workspace, kind: RunnerKind, agent: Agent, command: string, env: Record<string, string>, timeoutMs: number): Promise<{ ok: boolean; detail: string; durationMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-doctor-'));
  try {
    // A git repository, as an agent's worktree is: codex refuses to run outside one.
    execFileSync('git', ['init', '-q'], { cwd: dir, stdio: 'ignore' });
    const runner = runnerFor(kind);
    const prompt = 'This is a connectivity check. Reply with the single word OK and do nothing else.';
    const probe: Agent = { ...agent, body: '', tools: [], frontmatter: { ...agent.frontmatter, maxTurns: 1 } };
    const plan = runner.prepare({ agent: probe, task: doctorTask(probe), prompt, promptFile: path.join(dir, 'prompt.md'), worktree: dir, workspaceRoot: workspace.root, executable: command, env });
    const exit = await startAgentProcess({ command: plan.command, args: plan.args, ...(plan.stdin !== undefined ? { stdin: plan.stdin } : {}), cwd: dir, env: { ...env, ...plan.env }, timeoutMs, stallTimeoutMs: 0, logFile: path.join(dir, 'doctor.log') }).done;
    const result = runner.interpret(exit, exit.stdout, undefined, plan);
    return { ok: result.status === 'success', detail: result.status === 'success' ? `answered "${result.summary.slice(0, 40)}"` : (result.reason ?? result.summary), durationMs: exit.durationMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function doctorTask(agent: Agent): Task {
  return {
    id: 'baton-doctor', sprint: 'doctor', title: 'Connectivity check', description: '', type: 'check', priority: 'low', estimate: 0,
    dependencies: [], acceptanceCriteria: [], handoffArtifacts: [], checklist: [], review: false, producesChanges: false, urgency: 0,
    businessImpact: 0, labels: [], kind: 'task', location: agent.location,
  };
}
