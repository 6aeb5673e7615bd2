import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, makeRepo, type TempRepo } from './engineHarness';

/** One agent of a generated workspace: its name and the Baton keys of its frontmatter. */
export interface AgentSpec {
  name: string;
  /** Frontmatter lines after `name` and `description` (`runner: command`, `command: [...]`). */
  keys: string;
}

/** One task: id, assignee and optional dependencies (flow YAML, no quoting needed for these ids). */
export interface TaskSpec {
  id: string;
  assignee: string;
  dependencies?: string[];
}

/**
 * The files of a small workspace: team `crew` with every agent as a member (capacity 2), sprint
 * `s1` with the given tasks, `max_retries` from the options (default 0: a failure is final, so
 * tests that check a failure's reason do not wait for backoffs). The fixture agent is included
 * as `scripts/fixture-agent.mjs`.
 */
export function workspaceFiles(options: { agents: AgentSpec[]; tasks: TaskSpec[]; maxRetries?: number; maxParallel?: number }): Record<string, string> {
  const files: Record<string, string> = {
    '.claude/teams.yaml': [
      'teams:',
      '  crew:',
      '    members:',
      ...options.agents.map((a) => `      - { agent: ${a.name}, capacity: 2 }`),
      'settings:',
      `  max_parallel_agents: ${options.maxParallel ?? 4}`,
      `  max_retries: ${options.maxRetries ?? 0}`,
      '',
    ].join('\n'),
    '.claude/sprints/s1.yaml': [
      'sprint:',
      '  id: s1',
      '  teams: [crew]',
      '  tasks:',
      ...options.tasks.map((t) => `    - { id: ${t.id}, title: Task ${t.id}, assignee: ${t.assignee}${t.dependencies ? `, dependencies: [${t.dependencies.join(', ')}]` : ''} }`),
      '',
    ].join('\n'),
    'scripts/fixture-agent.mjs': fs.readFileSync(path.join(FIXTURES, 'agents', 'fixture-agent.mjs'), 'utf8'),
  };
  for (const agent of options.agents) {
    files[`.claude/agents/${agent.name}.md`] = `---\nname: ${agent.name}\ndescription: Test agent ${agent.name}.\n${agent.keys.trim()}\n---\nYou do the task.\n`;
  }
  return files;
}

/** Frontmatter of an agent running the fixture agent with a behaviour (see fixture-agent.mjs). */
export function fixtureAgent(behaviour: string, ...args: string[]): string {
  const argv = ['node', '"{workspace}/scripts/fixture-agent.mjs"', behaviour, ...args.map((a) => `"${a}"`)];
  return `runner: command\ncommand: [${argv.join(', ')}]\nenv: ["BATON_FIXTURE_*"]`;
}

/**
 * Five tasks (four at once, then one after two of them) whose agents sleep 4 s: time enough to
 * stop, cancel or kill the run while four agents work.
 */
export function slowRepo(): TempRepo {
  const worker = fixtureAgent('work', '4000');
  return makeRepo({
    observed: true,
    files: workspaceFiles({
      agents: [{ name: 'worker', keys: worker }, { name: 'helper', keys: worker }],
      tasks: [
        { id: 't1', assignee: 'worker' }, { id: 't2', assignee: 'worker' }, { id: 't3', assignee: 'helper' }, { id: 't4', assignee: 'helper' },
        { id: 't5', assignee: 'worker', dependencies: ['t1', 't3'] },
      ],
    }),
  });
}

/** A folder the fixture agent drops `<task>.<pid>` into (BATON_FIXTURE_PIDS), and the pids in it. */
export function pidDir(repo: TempRepo): { pids: string; agentPids: () => number[] } {
  const pids = path.join(repo.base, 'pids');
  fs.mkdirSync(pids, { recursive: true });
  return { pids, agentPids: () => fs.readdirSync(pids).map((f) => Number(f.split('.').pop())) };
}
