import type { Task } from '../model/workspace';
import type { DeepReadonly, ReadonlyRunState } from '../state/runState';
import type { QuestionState, TaskWaiting } from '../state/teamState';
import { addresseeName } from './questions';

/**
 * How an agent reaches its team, for prompts of agents whose CLI is given Baton's MCP server
 * (or, for scripts and commands, its URL and token in the environment).
 */
export function teamToolsSection(options: { viaEnvironment: boolean }): string {
  return [
    '## Your team (Baton\'s MCP server `baton`)',
    '',
    options.viaEnvironment
      ? 'Baton serves MCP (Streamable HTTP) at `BATON_MCP_URL`; send `Authorization: Bearer $BATON_MCP_TOKEN`. The token is yours for this attempt only.'
      : 'Your tools include Baton\'s MCP server `baton`, scoped to this task and attempt:',
    '',
    '- `get_task` — this task, its acceptance criteria and checklist, upstream handoffs, your teammates.',
    '- `report_status` — your progress (status, progress %, completed and remaining work, blockers); people see it live.',
    '- `ask` — a question to a teammate (by name or specialty), `orchestrator`, or `person`. With `blocking: false` keep working; `wait_for_answer` waits for it. A blocking question to a person parks this task: stop when told to, and you are resumed with the answer.',
    '- `answer` — answer a question a teammate asked you (they appear in tool results).',
    '- `submit_handoff` — your result (status, summary, artifacts, known issues, checklist claims), instead of the result file.',
    '- `raise` — a blocker, or an event such as `bug_discovered` with its data; subscribed teams act on it.',
    '- `read_state` — the sprint\'s live state, as far as your role may see it.',
  ].join('\n');
}

/** The questions this task asked in earlier attempts, with their answers, for a new attempt's prompt. */
export function questionsSection(state: ReadonlyRunState, taskId: string): string | undefined {
  const asked = (state.team?.questions ?? []).filter((q) => q.task === taskId);
  if (!asked.length) return undefined;
  return ['## Questions asked on this task', '', 'Earlier attempts asked these; use the answers.', '', ...asked.flatMap(describeQuestion)].join('\n');
}

/**
 * The prompt of an attempt that continues a parked one in the same CLI session: what changed
 * while it waited (answers, the tasks it waited for, the end of an emergency), then carry on.
 */
export function continuationPrompt(state: ReadonlyRunState, task: Task, waiting: DeepReadonly<TaskWaiting>): string {
  const parts = ['Baton resumed you: you were parked while you waited. What changed:', ''];
  for (const qid of waiting.questions ?? []) {
    const q = state.team?.questions.find((x) => x.id === qid);
    if (q) parts.push(...describeQuestion(q));
  }
  for (const id of waiting.tasks ?? []) {
    const t = state.tasks.get(id);
    parts.push(`- Task \`${id}\` is ${t?.status ?? 'unknown'}${t?.summary ? `: ${firstLine(t.summary)}` : ''}. Its work is merged into your worktree.`);
  }
  if (waiting.emergency) parts.push(`- The emergency ${waiting.emergency} is over.`);
  parts.push('', `Continue task \`${task.id}\` (${task.title}) where you left off, then hand off as before (\`submit_handoff\`, or the result file in \`BATON_RESULT_FILE\`).`);
  return `${parts.join('\n')}\n`;
}

function describeQuestion(q: DeepReadonly<QuestionState>): string[] {
  const to = addresseeName(q.to);
  const head = `- ${q.id} to ${to}: ${q.text}`;
  if (q.status === 'answered') return [head, `  - Answer${q.answeredBy ? ` from ${q.answeredBy}` : ''}: ${q.answer}`];
  if (q.status === 'closed') return [head, `  - Not answered: ${q.closedReason ?? 'closed'}`];
  return [head, '  - Not answered yet.'];
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
