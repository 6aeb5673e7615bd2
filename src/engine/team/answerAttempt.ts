import { existsSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { buildAgentEnv } from '../runners/agentEnvironment';
import { startAgentProcess } from '../runners/agentProcess';
import { RunnerConfigError } from '../runners/agentRunner';
import { mcpEnvironment, speaksMcp } from '../runners/mcpAttachment';
import { isProcessAlive, killProcessTree } from '../runners/processTree';
import { runnerFor } from '../runners/runnerRegistry';
import { runDirOf } from '../state/runDirectory';
import { DEFAULT_AGENT_LOG_BYTES } from '../config/resolveTeams';
import { readRedactedResult } from '../secrets/redactedFile';
import { agentActor, type NewEvent } from '../state/events';
import type { DeepReadonly } from '../state/runState';
import type { QuestionState } from '../state/teamState';
import type { ExecutableFor, TeamContext } from './teamContext';

/** An answer attempt is a question, not a task: it gets ten minutes at most. */
const ANSWER_TIMEOUT_MS = 600_000;

/** What an answer attempt needs from the hub: a credential that may only answer, the server's URL, the journal. */
export interface AnswerAttemptDeps {
  ctx: TeamContext;
  mcpUrl: string | undefined;
  executableFor?: ExecutableFor;
  credential: (agent: string, question: DeepReadonly<QuestionState>) => { token: string; revoke: () => void };
  commit: (events: NewEvent[]) => Promise<void>;
}

/** The folder of one question's answer attempts: prompt, log, pid. */
export function questionDir(ctx: Pick<TeamContext, 'stateDir' | 'store'>, question: string): string {
  return path.join(runDirOf(ctx.stateDir, ctx.store.runId ?? 'none'), 'questions', question);
}

/**
 * Asks an agent that is not running a question (seed 002: "@backend Morgan: …"): its CLI runs
 * once with the question as its prompt — continuing the session of its last task, in that
 * task's worktree, where the CLI resumes sessions — and answers through `answer`, or in its final
 * message. The worktree is put back afterwards: an answer changes no files. An answer that does
 * not come closes the question with the reason, so the asker is not left waiting.
 */
export async function runAnswerAttempt(deps: AnswerAttemptDeps, question: DeepReadonly<QuestionState>, agentName: string, signal: AbortSignal): Promise<void> {
  const { ctx } = deps;
  const agent = ctx.workspace.agents.get(agentName);
  const close = (reason: string) => deps.commit([{ type: 'question:closed', question: question.id, reason }]);
  if (!agent) return close(`\`${agentName}\` is not a defined agent`);
  const runner = runnerFor(agent.runner);
  const dir = questionDir(ctx, question.id);
  await fs.mkdir(dir, { recursive: true });
  const home = homeOf(ctx, agentName);
  // In its last worktree (where its session lives), else in the question's own folder; command
  // templates' `{workspace}` still names a checkout of the workspace.
  const cwd = home ? path.join(home.worktree, ctx.subdir) : dir;
  const workspaceRoot = home ? cwd : ctx.workspace.root;
  const head = home ? await ctx.worktrees.checkpoint(home.worktree).catch(() => undefined) : undefined;
  const resumeSession = runner.resumesSessions && home?.sessionId ? home.sessionId : undefined;
  const credential = deps.credential(agentName, question);
  const mcp = deps.mcpUrl && speaksMcp(agent.runner) !== 'no' ? { url: deps.mcpUrl, token: credential.token, configDir: dir } : undefined;
  const prompt = answerPrompt(question, mcp !== undefined);
  const files = { prompt: path.join(dir, 'prompt.md'), result: path.join(dir, 'result.json'), log: path.join(dir, 'answer.log'), pid: path.join(dir, 'pid') };
  // Under .claude/state like a task's prompt: no secret may stay there.
  await fs.writeFile(files.prompt, ctx.host.redactor?.redact(prompt) ?? prompt);
  await fs.rm(files.result, { force: true });
  const asker = ctx.tasks.get(question.task);
  const key = `answer:${question.id}`;
  const executable = deps.executableFor?.(agent.runner);
  try {
    const plan = runner.prepare({
      env: ctx.host.env, ...(executable ? { executable } : {}),
      agent, task: asker ?? [...ctx.tasks.values()][0]!, promptFile: files.prompt, prompt, worktree: cwd, workspaceRoot,
      ...(mcp ? { mcp } : {}), ...(resumeSession ? { resumeSession } : {}),
    });
    for (const f of plan.files ?? []) await fs.writeFile(f.path, f.content, { mode: 0o600 });
    const env = {
      ...buildAgentEnv(ctx.host.env, {
        runner: agent.runner, agentEnv: agent.env,
        baton: { BATON_TASK_ID: question.task, BATON_SPRINT_ID: ctx.sprint.id, BATON_AGENT: agent.name, BATON_WORKTREE: cwd, BATON_PROMPT_FILE: files.prompt, BATON_RESULT_FILE: files.result },
      }),
      ...(mcp ? mcpEnvironment(mcp) : {}),
      BATON_QUESTION_ID: question.id,
      ...plan.env,
    };
    await deps.commit([{ type: 'question:delivered', question: question.id, agent: agentName, via: 'answer-attempt' }]);
    // Present before the sandbox is built, so it can pin them: the agent may read, never rewrite them.
    await Promise.all([files.log, files.pid].map((f) => fs.writeFile(f, '', { flag: 'a' })));
    // Safety: contained like a task's agent — its own private home (where its session is), the
    // worktree read-only, the engine's state hidden; uncontained, the guard watches it.
    const contained = ctx.sandbox.answerer({ command: plan.command, args: plan.args, env }, {
      cwd, ...(home ? { worktree: home.worktree } : {}), questionDir: dir, pinned: [files.prompt, files.log, files.pid, ...(plan.files ?? []).map((f) => f.path)],
    }, await ctx.sandbox.agentHome(agent.name, agent.runner));
    await ctx.guard.started(key);
    const running = startAgentProcess({
      command: contained.command, args: contained.args, env: contained.env, cwd,
      ...(ctx.sandbox.active ? { contained: { command: plan.command, args: plan.args } } : {}),
      ...(plan.stdin !== undefined ? { stdin: plan.stdin } : {}),
      timeoutMs: ANSWER_TIMEOUT_MS, stallTimeoutMs: 1000 * ctx.workspace.settings.stallTimeoutSeconds, logFile: files.log, signal,
      ...(ctx.host.redactor ? { redactor: ctx.host.redactor } : {}),
      maxLogBytes: ctx.workspace.settings.maxAgentLogBytes ?? DEFAULT_AGENT_LOG_BYTES,
    });
    if (running.pid !== undefined) writeFileSync(files.pid, String(running.pid));
    const exit = await running.done;
    if (exit.reason === 'cancelled') return; // the engine stops: the question stays open and is asked again on resume
    const touched = await ctx.guard.check(key);
    if (touched) return await close(`${agentName}'s answer attempt ${touched}`);
    if (stillOpen(ctx, question.id)) {
      const result = runner.interpret(exit, exit.stdout, await readRedactedResult(files.result, ctx.host.redactor), plan);
      const text = result.summary.trim();
      if (result.status === 'success' && text) await deps.commit([{ type: 'question:answered', question: question.id, answer: text, by: agentName, via: 'final-message', actor: agentActor(agentName) }]);
      else await close(`${agentName} did not answer: ${result.reason ?? (text || 'no answer')}`);
    }
  } catch (error) {
    if (!RunnerConfigError.is(error)) throw error;
    await close(error.message);
  } finally {
    ctx.guard.finished(key);
    credential.revoke();
    await fs.rm(files.pid, { force: true });
    if (home && head) await ctx.worktrees.rollback(home.worktree, head).catch(() => undefined);
  }
}

/**
 * Stops answer attempts a previous engine left running (found by their pid files), so a
 * re-delivered question is not answered twice at once.
 */
export async function stopOrphanAnswerAttempts(ctx: Pick<TeamContext, 'stateDir' | 'store'>): Promise<void> {
  const root = path.join(runDirOf(ctx.stateDir, ctx.store.runId ?? 'none'), 'questions');
  const names = await fs.readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    const pidFile = path.join(root, name, 'pid');
    const pid = Number.parseInt(await fs.readFile(pidFile, 'utf8').catch(() => ''), 10);
    if (pid > 0 && isProcessAlive(pid)) {
      killProcessTree(pid, 'SIGKILL');
      for (let waited = 0; waited < 5000 && isProcessAlive(pid); waited += 25) await new Promise((r) => setTimeout(r, 25));
    }
    await fs.rm(pidFile, { force: true });
  }
}

/** The agent's latest task worktree that still exists and nothing runs in, with the session that worked there. */
function homeOf(ctx: TeamContext, agent: string): { worktree: string; sessionId?: string } | undefined {
  const busy = new Set([...ctx.store.state.tasks.values()].filter((t) => t.status === 'running').map((t) => t.worktree));
  const candidates = [...ctx.store.state.tasks.values()].filter((t) => t.agent === agent && t.worktree && !busy.has(t.worktree) && existsSync(t.worktree));
  const last = candidates.sort((a, b) => (a.finishedAt ?? a.startedAt ?? '').localeCompare(b.finishedAt ?? b.startedAt ?? '')).pop();
  if (!last?.worktree) return undefined;
  return { worktree: last.worktree, ...(last.lastExit?.sessionId ? { sessionId: last.lastExit.sessionId } : {}) };
}

function stillOpen(ctx: TeamContext, id: string): boolean {
  return ctx.store.state.team?.questions.find((q) => q.id === id)?.status === 'open';
}

function answerPrompt(q: DeepReadonly<QuestionState>, mcp: boolean): string {
  const quote = (text: string) => text.trim().split('\n').map((l) => `> ${l}`).join('\n');
  return [
    '## A teammate asks you',
    '',
    `${q.from} (working on task \`${q.task}\`) asks you (question \`${q.id}\`):`,
    '',
    quote(q.text),
    ...(q.context ? ['', 'Context:', '', quote(q.context)] : []),
    '',
    mcp
      ? `Answer with the \`answer\` tool of Baton's MCP server (question id \`${q.id}\`). If you cannot, reply with just your answer as your final message.`
      : 'Reply with just your answer as your final message.',
    'This is a question, not a task: change no files.',
    '',
  ].join('\n');
}
