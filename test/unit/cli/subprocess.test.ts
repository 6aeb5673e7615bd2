import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BASE_FILES, lines, makeWorkspace, removeWorkspaces } from './cliHarness';

// The real entry point in a real process: exit codes through `process.exitCode`, and streams
// that are pipes (so no colour). Few on purpose: each costs a Node start.
const REPO = path.resolve(__dirname, '../../..');

function baton(args: string[], env: Record<string, string> = {}) {
  // cwd is the repo so `--import tsx` resolves; the workspace is passed as [dir].
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('src', 'cli', 'main.ts'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...env },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('baton as a process', () => {
  after(removeWorkspaces);

  it('validate sets exit code 1 and prints plain lines to a pipe', () => {
    const dir = makeWorkspace({
      ...BASE_FILES,
      '.claude/sprints/s1.yaml': 'sprint:\n  id: s1\n  teams: [eng]\n  tasks:\n    - { id: a, dependencies: [nope], assignee: dev }\n',
    });
    const run = baton(['validate', dir]);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(!run.stdout.includes('\u001b['));
    const out = lines(run.stdout);
    assert.equal(out.length, 2);
    assert.ok(out[0]!.startsWith('.claude/sprints/s1.yaml:5:31: error unknown-task Task `a` depends on `nope`'), out[0]);
    assert.equal(out[1], '1 error, 0 warnings in 4 files');
  });

  it('plan --json exits 0 with one JSON object, and usage errors exit 2', () => {
    const dir = makeWorkspace({
      ...BASE_FILES,
      '.claude/sprints/s1.yaml': 'sprint:\n  id: s1\n  tasks:\n    - { id: a, estimate: 2, assignee: dev }\n    - { id: b, estimate: 3, dependencies: [a], assignee: dev }\n',
    });
    const run = baton(['plan', 's1', dir, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { criticalPath: string[]; makespan: number };
    assert.deepEqual(json.criticalPath, ['a', 'b']);
    assert.equal(json.makespan, 5);
    assert.equal(baton(['plan', 's1', dir, '--workers', '0']).code, 2);
  });
});
