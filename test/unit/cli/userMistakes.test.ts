import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StateStore } from '../../../src/engine/state/stateStore';
import { runStarted, taskStarted } from '../state/helpers';
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

/** Every file under a folder with its bytes, to see that a refused command changed nothing. */
function snapshotOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), 'base64'));
  }
  return files;
}

describe('bad input to baton inbox and baton answer: a clear error, and nothing changes', function () {
  this.timeout(60_000);
  after(removeWorkspaces);

  /** A git workspace with a paused run: q-1 (a person's, blocking) parks t1; q-2 was answered. */
  async function pausedRunWithQuestions(): Promise<{ dir: string; stateDir: string }> {
    const dir = makeWorkspace({ ...BASE_FILES, '.claude/sprints/s1.yaml': SPRINT, 'README.md': 'hi\n' });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--allow-empty', '-m', 'init'], { cwd: dir });
    const stateDir = path.join(dir, '.claude', 'state');
    const store = await StateStore.open(stateDir, { mode: 'writer', owner: 'test', resume: false });
    await store.startNewRun('r1');
    await store.commit([runStarted(['t1'], { sprint: 's1', workspaceRoot: dir }), taskStarted('t1', 1, 'dev')]);
    await store.commit([
      { type: 'question:asked', question: 'q-1', task: 't1', attempt: 1, from: 'dev', to: { kind: 'person' }, text: 'Which cache?', blocking: true },
      { type: 'question:asked', question: 'q-2', task: 't1', attempt: 1, from: 'dev', to: { kind: 'person' }, text: 'Which port?', blocking: false },
      { type: 'question:answered', question: 'q-2', answer: '8080', by: 'lead', via: 'person' },
      { type: 'task:waiting', task: 't1', attempt: 1, checkpoint: 'abc', reason: 'waits for the answer to q-1', questions: ['q-1'] },
      { type: 'run:paused', waitingForAnswers: ['q-1'] },
    ]);
    await store.close();
    return { dir, stateDir };
  }

  it('refuses an unknown question, one already answered, an empty answer and malformed command lines, saying why; the state folder stays byte for byte', async () => {
    const { dir, stateDir } = await pausedRunWithQuestions();
    const before = snapshotOf(stateDir);
    const cases: { argv: string[]; code: number; says: RegExp }[] = [
      { argv: ['answer', 'q-9', 'Redis', dir], code: 1, says: /baton answer: There is no question `q-9` in the current run \(`baton inbox` lists them\)\./ },
      { argv: ['answer', 'q-2', 'Redis', dir], code: 1, says: /baton answer: Question q-2 is already answered\./ },
      { argv: ['answer', 'q-1', '   ', dir], code: 1, says: /baton answer: Say what the answer is: it goes to the agent that asked\./ },
      { argv: ['answer', 'q-1', '', dir, '--by', 'alice'], code: 1, says: /Say what the answer is/ },
      { argv: ['answer', dir], code: 2, says: /text/ },
      { argv: ['answer'], code: 2, says: /question-id/ },
      { argv: ['answer', 'q-1', 'Redis', dir, '--by'], code: 2, says: /--by/ },
      { argv: ['answer', 'q-1', 'Redis', dir, '--yes'], code: 2, says: /--yes/ },
      { argv: ['answer', 'q-1', 'Redis', path.join(dir, 'nowhere')], code: 2, says: /baton answer: there is no folder .*nowhere\./ },
      { argv: ['answer', 'q-1', 'Redis', path.join(dir, 'README.md')], code: 2, says: /README\.md is not a folder; give the workspace folder\./ },
      { argv: ['inbox', path.join(dir, 'nowhere')], code: 2, says: /baton inbox: there is no folder .*nowhere\.\n$/ },
      { argv: ['inbox', dir, '--jsn'], code: 2, says: /--jsn.*--json/s },
      { argv: ['inbox', dir, 'extra'], code: 2, says: /extra/ },
    ];
    for (const { argv, code, says } of cases) {
      const run = await runCli(argv, { cwd: dir });
      assertCalm(`baton ${argv.join(' ')}`, run);
      assert.equal(run.code, code, `baton ${argv.join(' ')}: exit ${run.code}\n${run.stdout}${run.stderr}`);
      assert.match(run.stderr, says, `baton ${argv.join(' ')}`);
      assert.equal(run.stdout, '', `baton ${argv.join(' ')} printed to stdout`);
      assert.deepEqual(snapshotOf(stateDir), before, `baton ${argv.join(' ')} changed the state folder`);
    }
    // Read-only on a good line too; and the same folder takes a good answer (so the checks above could see a change).
    const inbox = await runCli(['inbox', dir, '--json'], { cwd: dir });
    assert.equal(inbox.code, 0, inbox.stderr);
    assert.deepEqual((JSON.parse(inbox.stdout) as { questions: { id: string; status: string }[] }).questions.map((q) => [q.id, q.status]), [['q-1', 'open'], ['q-2', 'answered']]);
    assert.deepEqual(snapshotOf(stateDir), before, 'baton inbox changed the state folder');
    const answered = await runCli(['answer', 'q-1', 'Redis', dir, '--by', 'alice'], { cwd: dir });
    assert.equal(answered.code, 0, answered.stderr);
    assert.notDeepEqual(snapshotOf(stateDir), before);
    const again = await runCli(['answer', 'q-1', 'Memcached', dir], { cwd: dir });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Question q-1 is already answered\./);
  });
});
