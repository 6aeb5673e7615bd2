import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { git, makeRepo, type TempRepo } from './engineHarness';

/**
 * Helpers for the hostile-agent suites: scripted agents (`runner: script`, a few lines of bash)
 * that attack the user's repository, and byte-for-byte looks at what the user had before.
 *
 * `BATON_TEST_SANDBOX=off` runs the same suite with `settings.sandbox: off` (detection only);
 * `on`, the default, leaves the setting at its default (`auto`, a bubblewrap sandbox here).
 */
export const SANDBOX = (process.env.BATON_TEST_SANDBOX ?? 'on') === 'off' ? 'off' : 'on';

/** A secret in the engine's environment that no agent may ever see. */
export const ENGINE_SECRET = 'sk-hostile-test-0123456789abcdef';

/** One hostile (or honest) agent: its name and its bash script. */
export interface ScriptedAgent {
  name: string;
  /** Bash, run with `set -euo pipefail` in the task's worktree; `$MAIN` is the user's repository. */
  script: string;
  owns?: string[];
  forbidden?: string[];
}

/**
 * A workspace whose agents are bash scripts, in a real git repository with the user's work in
 * progress: a staged change, an edited tracked file and an untracked file, none committed.
 */
export function hostileRepo(options: { agents: ScriptedAgent[]; tasks: { id: string; assignee: string; dependencies?: string[] }[]; settings?: string[]; subscriptions?: string[] }): TempRepo {
  const files: Record<string, string> = {
    '.claude/teams.yaml': [
      'teams:', '  crew:', '    members:',
      ...options.agents.map((a) => `      - { agent: ${a.name}, capacity: 2 }`),
      ...(options.subscriptions ? ['    subscriptions:', ...options.subscriptions.map((l) => `      ${l}`)] : []),
      'settings:', '  default_runner: script', '  max_retries: 0', '  max_parallel_agents: 4',
      ...(options.settings ?? []).map((l) => `  ${l}`),
      ...(SANDBOX === 'off' ? ['  sandbox: off'] : []),
      '',
    ].join('\n'),
    '.claude/sprints/s1.yaml': [
      'sprint:', '  id: s1', '  teams: [crew]', '  tasks:',
      ...options.tasks.map((t) => `    - { id: ${t.id}, title: Task ${t.id}, assignee: ${t.assignee}${t.dependencies ? `, dependencies: [${t.dependencies.join(', ')}]` : ''} }`),
      '',
    ].join('\n'),
    'README.md': '# the user\'s project\n',
    'src/app.js': 'console.log("the user\'s app");\n',
    'notes.txt': 'the user\'s notes\n',
  };
  for (const agent of options.agents) {
    const keys = [`script: scripts/${agent.name}.sh`, ...(agent.owns ? [`owns: ${JSON.stringify(agent.owns)}`] : []), ...(agent.forbidden ? [`forbidden: ${JSON.stringify(agent.forbidden)}`] : [])];
    files[`.claude/agents/${agent.name}.md`] = `---\nname: ${agent.name}\ndescription: Scripted agent ${agent.name}.\n${keys.join('\n')}\n---\nDo the task.\n`;
    files[`scripts/${agent.name}.sh`] = [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      'MAIN=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")',
      'succeed() { printf \'{"status":"success","summary":"%s","artifacts":[]}\\n\' "$1" > "$BATON_RESULT_FILE"; }',
      agent.script.trim(),
      '',
    ].join('\n');
  }
  const repo = makeRepo({ files });
  for (const agent of options.agents) fs.chmodSync(path.join(repo.root, 'scripts', `${agent.name}.sh`), 0o755);
  // The user's work in progress: staged, edited, untracked.
  fs.writeFileSync(path.join(repo.root, 'src', 'app.js'), 'console.log("staged edit");\n');
  git(repo.root, 'add', 'src/app.js');
  fs.writeFileSync(path.join(repo.root, 'notes.txt'), 'the user\'s notes\nand an edit not yet staged\n');
  fs.writeFileSync(path.join(repo.root, 'draft.md'), 'an untracked draft\n');
  return repo;
}

/** Everything of the user's that a run must leave exactly as it was. */
export interface UserState {
  refs: string;
  head: string;
  index: string;
  files: Record<string, string>;
}

/** Reads the user's branches and tags (not Baton's), HEAD and index (bytes) and every file of the working tree (bytes and mode). */
export function userState(repo: TempRepo): UserState {
  const refs = git(repo.root, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags')
    .split('\n').filter((l) => l && !/^refs\/heads\/baton(-archive)?\//.test(l)).join('\n');
  const gitDir = path.join(repo.root, '.git');
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(repo.root, full);
      if (rel === '.git' || rel === path.join('.claude', 'state')) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isSymbolicLink()) files[rel] = `link ${fs.readlinkSync(full)}`;
      else files[rel] = `${(fs.statSync(full).mode & 0o777).toString(8)} ${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`;
    }
  };
  walk(repo.root);
  return {
    refs,
    head: fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8'),
    index: createHash('sha256').update(fs.readFileSync(path.join(gitDir, 'index'))).digest('hex'),
    files,
  };
}

/** The user's branches, HEAD, index and working tree are byte for byte what they were. */
export function assertUntouched(repo: TempRepo, before: UserState, context: string): void {
  const after = userState(repo);
  assert.equal(after.refs, before.refs, `the user's branches changed\n${context}`);
  assert.equal(after.head, before.head, `the user's HEAD changed\n${context}`);
  assert.deepEqual(after.files, before.files, `the user's working tree changed\n${context}`);
  assert.equal(after.index, before.index, `the user's index changed\n${context}`);
}

/** Files of a commit's tree. */
export function filesAt(repo: TempRepo, ref: string): string[] {
  return git(repo.root, 'ls-tree', '-r', '--name-only', ref).split('\n').filter(Boolean);
}

/** Every file Baton wrote under `.claude/state`, as one string (to search for leaked secrets). */
export function stateText(repo: TempRepo): string {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(fs.readFileSync(full, 'latin1'));
    }
  };
  walk(path.join(repo.root, '.claude', 'state'));
  return out.join('\n');
}
