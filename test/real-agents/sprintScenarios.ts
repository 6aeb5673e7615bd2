import type { Scenario } from './fakeModel/scriptedModel';
import { agentBinary, type AgentCliKind } from './realAgentHarness';

/**
 * The workspace every real-CLI test file runs, the same for the three CLIs so their results
 * compare: sprint `happy` (two dependent tasks and one that meets a 429) and sprint `trouble`
 * (a lying model, a permission denial and, for Claude Code, a `tools:` restriction). Each task's
 * title carries a marker the scripted model recognises in the prompt.
 */
export const MARK = { alpha: 'ALPHA-7F3', bravo: 'BRAVO-2C9', rate: 'RATE-5D1', liar: 'LIAR-8E4', denied: 'DENIED-3A6', restricted: 'RESTRICTED-9B2' } as const;

/** What ALPHA's model says when it is done: it must reach BRAVO's prompt through the handoff. */
export const ALPHA_SUMMARY = 'ALPHA-SUMMARY: wrote src/alpha.txt with the greeting BRAVO needs.';

/** Permission modes that cannot edit the worktree, per CLI. */
const CAUTIOUS_MODE: Record<AgentCliKind, string> = { 'claude-code': 'default', codex: 'plan', gemini: 'default' };

/** A model the built-in price table knows, for CLIs that report tokens but no cost. */
const MODEL: Record<AgentCliKind, string | undefined> = { 'claude-code': undefined, codex: undefined, gemini: 'gemini-2.5-flash' };

/** Codex's builder as `.codex/agents/builder.toml`: Codex's own format, with a reasoning effort. */
const CODEX_BUILDER = [
  'name = "builder"',
  'description = "builder on codex"',
  'model_reasoning_effort = "low"',
  'sandbox_mode = "workspace-write"',
  'developer_instructions = """',
  'You are builder. Do the task, then say what you did.',
  '"""',
  '',
].join('\n');

export function workspaceFor(kind: AgentCliKind): Record<string, string> {
  const agent = (name: string, extra: string[] = []): string => [
    '---', `name: ${name}`, `description: ${name} on ${kind}`, `runner: ${kind}`,
    ...(MODEL[kind] ? [`model: ${MODEL[kind]}`] : []), ...extra, '---', `You are ${name}. Do the task, then say what you did.`, '',
  ].join('\n');
  const files: Record<string, string> = {
    'README.md': '# real agents\n',
    '.claude/teams.yaml': [
      // One team per agent: a failing task must not fail over to a teammate who can do it.
      'teams:',
      '  crew: { members: [{ agent: builder, capacity: 4 }] }',
      '  careful: { members: [cautious] }',
      ...(kind === 'claude-code' ? ['  readers: { members: [reader] }'] : []),
      'settings:',
      '  max_parallel_agents: 4',
      '  max_retries: 1',
      '  runners:',
      `    ${kind}: { executable: "${agentBinary(kind)}" }`,
      '',
    ].join('\n'),
    // Codex's builder is a Codex custom agent file, as a Codex user already has it.
    ...(kind === 'codex'
      ? { '.codex/agents/builder.toml': CODEX_BUILDER }
      : { '.claude/agents/builder.md': agent('builder') }),
    '.claude/agents/cautious.md': agent('cautious', [`permissionMode: ${CAUTIOUS_MODE[kind]}`]),
    '.claude/sprints/happy.yaml': [
      'sprint:',
      '  id: happy',
      '  teams: [crew]',
      '  tasks:',
      `    - { id: alpha, title: "Write the greeting ${MARK.alpha}", assignee: builder }`,
      `    - { id: bravo, title: "Use the greeting ${MARK.bravo}", assignee: builder, dependencies: [alpha] }`,
      `    - { id: rate, title: "Survive a rate limit ${MARK.rate}", assignee: builder }`,
      '',
    ].join('\n'),
    '.claude/sprints/trouble.yaml': [
      'sprint:',
      '  id: trouble',
      `  teams: [crew, careful${kind === 'claude-code' ? ', readers' : ''}]`,
      '  tasks:',
      `    - { id: liar, title: "Claim without doing ${MARK.liar}", assignee: builder, max_retries: 0 }`,
      `    - { id: denied, title: "Write without permission ${MARK.denied}", assignee: cautious, max_retries: 0 }`,
      ...(kind === 'claude-code' ? [`    - { id: restricted, title: "Write with only Read ${MARK.restricted}", assignee: reader, max_retries: 0 }`] : []),
      '',
    ].join('\n'),
  };
  if (kind === 'claude-code') files['.claude/agents/reader.md'] = agent('reader', ['tools: Read']);
  return files;
}

/** The scripted model's part in both sprints. */
export function scenariosFor(kind: AgentCliKind, rateLimit: Scenario['rateLimited']): Scenario[] {
  const write = (file: string, content: string) => ({ call: { kind: 'write' as const, path: file, content } });
  const all: Scenario[] = [
    { match: MARK.alpha, turns: [write('src/alpha.txt', 'hello from alpha\n'), { say: ALPHA_SUMMARY }] },
    { match: MARK.bravo, turns: [write('src/bravo.txt', 'bravo read the greeting\n'), { call: { kind: 'run' as const, command: 'cat src/alpha.txt' } }, { say: 'BRAVO done: src/bravo.txt uses the greeting.' }] },
    { match: MARK.rate, turns: [write('src/rate.txt', 'written after the rate limit lifted\n'), { say: 'RATE done.' }], ...(rateLimit ? { rateLimited: rateLimit } : {}) },
    // The lying model: no tool call at all, then a confident claim.
    { match: MARK.liar, turns: [{ say: 'I implemented everything and all tests pass.' }] },
    { match: MARK.denied, turns: [write('src/denied.txt', 'should never land\n'), { say: 'Done, the file is written.' }] },
    { match: MARK.restricted, turns: [write('src/restricted.txt', 'should never land\n'), { say: 'Done, the file is written.' }] },
  ];
  return all.filter((s) => kind === 'claude-code' || s.match !== MARK.restricted);
}
