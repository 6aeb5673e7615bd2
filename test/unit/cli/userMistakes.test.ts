import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_FILES, makeWorkspace, removeWorkspaces, runCli } from './cliHarness';

// Issue 10 case 9: no command prints a stack trace for a user mistake — no `.claude/`, not a
// git repository, files Baton cannot read. Every command, in each situation (`baton mcp`, which
// serves stdio until its client leaves, is tried by teamsHostMode.test.ts).

const SPRINT = 'sprint:\n  id: s1\n  teams: [eng]\n  tasks:\n    - { id: t1, assignee: dev }\n';

const COMMANDS: readonly (readonly string[])[] = [
  ['validate'], ['plan', 's1'], ['check', 's1'], ['run', 'nope'], ['resume'], ['retry', 't1'], ['status'], ['review'],
  ['approve', 't1'], ['reject', 't1', '--comment', 'x'], ['logs', 't1'], ['cancel'], ['worktrees'], ['audit', 'verify'], ['doctor'],
  ['inbox'], ['answer', 'q-1', 'yes'],
];

function assertCalm(what: string, run: { code: number; stderr: string; stdout: string }): void {
  assert.ok(run.code === 0 || run.code === 1 || run.code === 2, `${what}: exit ${run.code}`);
  const all = `${run.stdout}\n${run.stderr}`;
  assert.doesNotMatch(all, /^\s+at .+:\d+:\d+\)?$/m, `${what} printed a stack trace:\n${all}`);
  assert.doesNotMatch(all, /internal error/i, `${what}:\n${all}`);
}

async function everyCommand(dir: string, situation: string): Promise<Map<string, { code: number; stderr: string; stdout: string }>> {
  const results = new Map<string, { code: number; stderr: string; stdout: string }>();
  for (const argv of COMMANDS) {
    const [name, ...rest] = argv;
    const run = await runCli([name!, ...rest.filter((a) => !a.startsWith('--') && a !== 'x'), dir, ...rest.filter((a) => a.startsWith('--') || a === 'x')]);
    assertCalm(`${situation}: baton ${argv.join(' ')}`, run);
    results.set(name!, run);
  }
  return results;
}

describe('no stack trace for a user mistake, in any command', function () {
  this.timeout(60_000);
  after(removeWorkspaces);

  it('a folder with no .claude/ (and no git)', async () => {
    const results = await everyCommand(makeWorkspace({ 'README.md': 'hi\n' }), 'no .claude');
    assert.match(results.get('run')!.stderr, /No Baton config folder/);
    assert.match(results.get('resume')!.stderr, /No Baton config folder/);
    assert.match(results.get('inbox')!.stderr, /nothing has run in this workspace yet/);
    assert.match(results.get('answer')!.stderr, /nothing has run in this workspace yet/);
  });

  it('a Baton workspace that is not a git repository', async () => {
    const dir = makeWorkspace({ ...BASE_FILES, '.claude/sprints/s1.yaml': SPRINT });
    const results = await everyCommand(dir, 'not a git repo');
    const run = await runCli(['run', 's1', dir]);
    assertCalm('baton run s1', run);
    assert.match(run.stderr, /is not in a git repository.*git init/);
    assert.equal(results.get('validate')!.code, 0);
  });

  it('state Baton cannot read: a journal that is a folder, a config file that is a folder', async () => {
    const dir = makeWorkspace({ ...BASE_FILES, '.claude/sprints/s1.yaml': SPRINT, '.claude/state/current': 'r1\n' });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    fs.mkdirSync(path.join(dir, '.claude', 'state', 'runs', 'r1', 'journal.jsonl'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.claude', 'sprints', 'broken.yaml'));
    const results = await everyCommand(dir, 'unreadable state');
    assert.match(results.get('status')!.stderr, /cannot read .*journal\.jsonl \(EISDIR\)/);
  });
});
