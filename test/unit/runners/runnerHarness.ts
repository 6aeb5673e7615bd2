import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Agent, SourceLocation, Sprint, Task } from '../../../src/engine/model/workspace';
import type { RunnerKind } from '../../../src/engine/model/agentSchema';
import { startAgentProcess, type ProcessExit, type ProcessSpec } from '../../../src/engine/runners/agentProcess';
import { buildAgentEnv } from '../../../src/engine/runners/agentEnvironment';
import type { AgentResult } from '../../../src/engine/runners/agentResult';
import { runnerFor } from '../../../src/engine/runners/runnerRegistry';
import { composePrompt } from '../../../src/engine/prompt/composePrompt';

export const FIXTURES = resolve(__dirname, '../../fixtures/agents');

const LOCATION: SourceLocation = { file: '/ws/.claude/x', range: { line: 0, column: 0, endLine: 0, endColumn: 0 } };

export function makeAgent(overrides: Partial<Agent> = {}): Agent {
  return {
    name: 'fullstack-eng', file: '/ws/.claude/agents/fullstack-eng.md', location: LOCATION,
    description: 'Full-stack engineer', tools: [], disallowedTools: [], runner: 'claude-code', owns: [], forbidden: [],
    specialties: [], env: [], body: 'You are a careful full-stack engineer.', frontmatter: {}, ...overrides,
  };
}

export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: 'task-login', sprint: 'sprint-3', title: 'Build the login form', description: 'Email and password, with validation.',
    type: 'feature', priority: 'high', estimate: 3, dependencies: [], acceptanceCriteria: ['Invalid email shows an error'],
    handoffArtifacts: [], checklist: [], review: false, producesChanges: true, urgency: 0, businessImpact: 0, labels: [],
    kind: 'task', location: LOCATION, ...overrides,
  };
}

export function makeSprint(tasks: Task[]): Sprint {
  return {
    id: 'sprint-3', file: '/ws/.claude/sprints/sprint-3.yaml', name: 'Sprint 3', description: '', teams: [], goals: [],
    prerequisites: [], tasks, successCriteria: [], location: LOCATION,
  };
}

/** A scratch folder with a worktree, a bin folder of fake agent CLIs, and room for logs. */
export class Sandbox {
  readonly root = mkdtempSync(join(tmpdir(), 'baton-runners-'));
  readonly worktree = join(this.root, 'worktree');
  readonly bin = join(this.root, 'bin');
  readonly promptFile = join(this.root, 'state', 'prompt.md');
  readonly resultFile = join(this.root, 'state', 'result.json');
  readonly logFile = join(this.root, 'logs', 'task.log');

  constructor() {
    mkdirSync(this.worktree, { recursive: true });
    mkdirSync(this.bin);
    mkdirSync(join(this.root, 'state'));
    // Wrappers under the real names, so runners find "claude" etc. on PATH as they would for real.
    for (const [name, fixture] of [['claude', 'fake-claude.mjs'], ['codex', 'fake-codex.mjs'], ['gemini', 'fake-gemini.mjs'], ['aider', 'fake-aider.mjs']]) {
      this.writeExecutable(join(this.bin, name!), `#!/bin/sh\nexec "${process.execPath}" "${join(FIXTURES, fixture!)}" "$@"\n`);
    }
  }

  writeExecutable(file: string, content: string, mode = 0o755): string {
    writeFileSync(file, content);
    chmodSync(file, mode);
    return file;
  }

  /** The parent environment a front would pass in: the fake bin first on PATH, plus a secret that must not leak. */
  parentEnv(extra: Record<string, string> = {}): Record<string, string> {
    return { PATH: `${this.bin}:${process.env.PATH ?? ''}`, HOME: this.root, SECRET_TOKEN: 'hunter2', ...extra };
  }

  path(name: string): string {
    return join(this.root, name);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface RunOptions {
  parentEnv?: Record<string, string>;
  timeoutMs?: number;
  stallTimeoutMs?: number;
  killGraceMs?: number;
  signal?: AbortSignal;
  onOutput?: ProcessSpec['onOutput'];
}

/** The orchestrator's call sequence for one attempt, end to end with a real process. */
export async function runAgent(box: Sandbox, agent: Agent, task: Task, options: RunOptions = {}): Promise<{ exit: ProcessExit; result: AgentResult }> {
  const runner = runnerFor(agent.runner as RunnerKind);
  const prompt = composePrompt({ agent, task, sprint: makeSprint([task]), handoffs: [], resultFile: box.resultFile, includeInstructions: !runner.deliversInstructions });
  writeFileSync(box.promptFile, prompt);
  rmSync(box.resultFile, { force: true });
  const input = { agent, task, promptFile: box.promptFile, prompt, worktree: box.worktree, workspaceRoot: box.root };
  const plan = runner.prepare(input);
  const env = buildAgentEnv(options.parentEnv ?? box.parentEnv(), {
    runner: agent.runner,
    agentEnv: agent.env,
    baton: { BATON_TASK_ID: task.id, BATON_SPRINT_ID: task.sprint, BATON_AGENT: agent.name, BATON_WORKTREE: box.worktree, BATON_PROMPT_FILE: box.promptFile, BATON_RESULT_FILE: box.resultFile },
  });
  const running = startAgentProcess({
    command: plan.command, args: plan.args, stdin: plan.stdin, cwd: box.worktree, env: { ...env, ...plan.env },
    timeoutMs: options.timeoutMs ?? 15_000, stallTimeoutMs: options.stallTimeoutMs ?? 10_000, killGraceMs: options.killGraceMs ?? 500,
    logFile: box.logFile, signal: options.signal, onOutput: options.onOutput,
  });
  const exit = await running.done;
  const resultFileContent = existsSync(box.resultFile) ? readFileSync(box.resultFile, 'utf8') : undefined;
  return { exit, result: runner.interpret(exit, exit.stdout, resultFileContent) };
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
