import type { Agent, Sprint, Task } from '../model/workspace';
import { formatCommand } from '../runners/processLog';
import { analyzerOutcomes } from './analyzerOutcomes';

/** What a finished upstream task hands to the tasks that depend on it. */
export interface UpstreamHandoff {
  task: string;
  agent?: string;
  summary: string;
  artifacts: string[];
  changedFiles?: string[];
  knownIssues?: string[];
}

export interface PromptInput {
  agent: Agent;
  task: Task;
  sprint: Sprint;
  /** One per completed dependency. */
  handoffs: readonly UpstreamHandoff[];
  /** The reviewer's comment when a review sent the task back. */
  reviewComment?: string;
  /** The attempt that failed, when retrying. */
  previousAttempt?: { attempt: number; summary: string; reason: string };
  /** The absolute result file path, named in the prompt for agents that cannot read the environment. */
  resultFile?: string;
  /** False when the runner passes the agent's body itself (`AgentRunner.deliversInstructions`). */
  includeInstructions?: boolean;
  /** The communication layer's sections (team tools, questions asked, a parked attempt continued), before Reporting. */
  teamSections?: readonly string[];
}

/** Longest list of changed files shown per handoff: the agent can run git itself for more. */
const MAX_FILES_SHOWN = 50;

/**
 * The prompt for one attempt at a task, as markdown: the agent's instructions, the task with
 * its acceptance criteria and checklist (with the commands that will verify it), what upstream
 * tasks handed off, feedback from a previous attempt or review, and how to report the result.
 */
export function composePrompt(input: PromptInput): string {
  const sections = [
    input.includeInstructions === false ? undefined : input.agent.body.trim() || undefined,
    taskSection(input.task, input.sprint),
    boundariesSection(input.agent),
    handoffsSection(input.handoffs),
    retrySection(input),
    ...(input.teamSections ?? []),
    reportingSection(input),
  ];
  return `${sections.filter((s): s is string => s !== undefined).join('\n\n')}\n`;
}

function taskSection(task: Task, sprint: Sprint): string {
  const lines = [
    '## Your task',
    '',
    `**${task.title}** (\`${task.id}\`, sprint \`${sprint.id}\`)`,
    '',
    `- Type: ${task.type}`,
    `- Priority: ${task.priority}`,
    `- Estimate: ${task.estimate}`,
  ];
  if (task.description.trim()) lines.push('', task.description.trim());
  if (task.acceptanceCriteria.length) {
    lines.push('', '### Acceptance criteria', '', ...task.acceptanceCriteria.map((c) => `- [ ] ${c}`));
  }
  if (task.checklist.length) {
    lines.push('', '### Handoff checklist', '', 'Baton checks these after you finish; a command must exit with 0 in your worktree.', '');
    for (const item of task.checklist) {
      lines.push(item.verify ? `- [ ] ${item.item} — verified by \`${formatCommand(item.verify[0] ?? '', item.verify.slice(1))}\`` : `- [ ] ${item.item}`);
    }
  }
  if (task.handoffArtifacts.length) {
    lines.push('', '### Artifacts to hand off', '', ...task.handoffArtifacts.map((a) => `- ${a}`));
  }
  return lines.join('\n');
}

function boundariesSection(agent: Agent): string | undefined {
  const globs = (list: readonly string[]): string => list.map((g) => `\`${g}\``).join(', ');
  const rules: string[] = [];
  if (agent.owns.length) rules.push(`- You may change: ${globs(agent.owns)}`);
  if (agent.forbidden.length) rules.push(`- You must not change: ${globs(agent.forbidden)}`);
  if (!rules.length) return undefined;
  return ['## Boundaries', '', 'Your changes are checked against these path globs; changes outside them are rolled back.', '', ...rules].join('\n');
}

function handoffsSection(handoffs: readonly UpstreamHandoff[]): string | undefined {
  if (!handoffs.length) return undefined;
  const parts = ['## Handoffs from upstream tasks', '', 'These tasks finished before yours; their work is merged into your worktree.'];
  for (const handoff of handoffs) {
    parts.push('', `### From \`${handoff.task}\`${handoff.agent ? ` (${handoff.agent})` : ''}`, '', quote(handoff.summary || '(no summary)'));
    pushList(parts, 'Artifacts', handoff.artifacts);
    pushList(parts, 'Changed files', handoff.changedFiles ?? []);
    pushList(parts, 'Known issues', handoff.knownIssues ?? []);
  }
  return parts.join('\n');
}

function pushList(parts: string[], title: string, items: readonly string[]): void {
  if (!items.length) return;
  const shown = items.slice(0, MAX_FILES_SHOWN).map((item) => `- ${item}`);
  if (items.length > MAX_FILES_SHOWN) shown.push(`- … and ${items.length - MAX_FILES_SHOWN} more`);
  parts.push('', `**${title}:**`, '', ...shown);
}

function retrySection(input: PromptInput): string | undefined {
  const parts: string[] = [];
  if (input.previousAttempt) {
    const { attempt, summary, reason } = input.previousAttempt;
    parts.push(`## Previous attempt (attempt ${attempt})`, '', `It did not succeed: ${reason}`);
    if (summary.trim()) parts.push('', 'What it reported:', '', quote(summary));
    parts.push('', 'Its changes were rolled back. Avoid repeating what went wrong.');
  }
  if (input.reviewComment?.trim()) {
    if (parts.length) parts.push('');
    parts.push('## Reviewer feedback', '', 'A reviewer sent this task back. Address this:', '', quote(input.reviewComment));
  }
  return parts.length ? parts.join('\n') : undefined;
}

function reportingSection(input: PromptInput): string {
  const outcomes = analyzerOutcomes(input.task, input.sprint);
  const where = input.resultFile ? `\`${input.resultFile}\` (also in the \`BATON_RESULT_FILE\` environment variable)` : 'named by the `BATON_RESULT_FILE` environment variable';
  const example: Record<string, unknown> = { status: 'success', summary: 'What you did, in a few sentences.', artifacts: input.task.handoffArtifacts };
  if (outcomes.length) example.outcome = outcomes[0];
  const lines = [
    '## Reporting',
    '',
    `When you are done, write a JSON object to the file ${where}:`,
    '',
    '```json',
    JSON.stringify(example, null, 2),
    '```',
    '',
    '- `status`: `success` when the task is done and its acceptance criteria are met; `failure` when you could not do it; `blocked` when you need a decision or access you do not have.',
    '- `summary`: what you did and anything the next agent or the reviewer should know.',
    '- `artifacts`: the files you produced for others (paths relative to the repository root).',
  ];
  if (outcomes.length) {
    lines.push(`- \`outcome\` (required): your conclusion, exactly one of ${outcomes.map((o) => `\`${o}\``).join(', ')}. Later tasks depend on it.`);
  }
  lines.push('', 'Leave your changes in the working tree; Baton commits them when you finish.');
  return lines.join('\n');
}

/** Text from another agent or a person, set apart so its own markdown cannot pose as a section. */
function quote(text: string): string {
  return text.trim().split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
}
