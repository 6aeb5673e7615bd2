import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { BASE_FILES, lines, makeWorkspace, removeWorkspaces, runCli } from './cliHarness';

const VALID_SPRINT = `sprint:
  id: s1
  teams: [eng]
  tasks:
    - { id: build, estimate: 2, assignee: dev }
    - { id: test, estimate: 1, dependencies: [build], assignee: qa }
`;

// Two errors and a warning, in two files; line numbers below are counted in these literals.
const BROKEN_FILES: Record<string, string> = {
  ...BASE_FILES,
  '.claude/agents/lonely.md': '---\nname: lonely\ndescription: Nobody uses me.\n---\nHi.\n',
  '.claude/sprints/s1.yaml': `sprint:
  id: s1
  teams: [eng]
  tasks:
    - id: build
      estimate: 2
      assignee: dev
    - id: test
      estimate: 1
      dependencies: [biuld]
      assignee: qa
      priority: urgent
`,
};

const JSON_KEYS = ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity'];

describe('baton validate', () => {
  after(removeWorkspaces);

  it('reports no problems and exits 0 on a valid workspace, counting the files read', async () => {
    const dir = makeWorkspace({ ...BASE_FILES, '.claude/sprints/s1.yaml': VALID_SPRINT });
    const run = await runCli(['validate', dir]);
    assert.equal(run.code, 0);
    assert.deepEqual(lines(run.stdout), ['No problems in 4 files.']);
    assert.equal(run.stderr, '');
  });

  it('prints compiler-style lines sorted by file and line, then the summary, and exits 1 on errors', async () => {
    const dir = makeWorkspace(BROKEN_FILES);
    const run = await runCli(['validate', dir]);
    assert.equal(run.code, 1);
    const out = lines(run.stdout);
    assert.equal(out.length, 4);
    assert.match(out[0]!, /^\.claude\/agents\/lonely\.md:2:7: warning unused-agent No team uses agent `lonely`/);
    assert.equal(out[1], '.claude/sprints/s1.yaml:10:22: error unknown-task Task `test` depends on `biuld`, which is not a task of sprint `s1`. Did you mean `build`?');
    assert.match(out[2]!, /^\.claude\/sprints\/s1\.yaml:12:17: error bad-enum .*`urgent`/);
    assert.equal(out[3], '2 errors, 1 warning in 5 files');
  });

  it('defaults [dir] to the current directory', async () => {
    const dir = makeWorkspace(BROKEN_FILES);
    const run = await runCli(['validate'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.equal(lines(run.stdout).at(-1), '2 errors, 1 warning in 5 files');
  });

  it('exits 0 when there are only warnings', async () => {
    const dir = makeWorkspace({ ...BASE_FILES, '.claude/agents/lonely.md': BROKEN_FILES['.claude/agents/lonely.md']!, '.claude/sprints/s1.yaml': VALID_SPRINT });
    const run = await runCli(['validate', dir]);
    assert.equal(run.code, 0);
    assert.equal(lines(run.stdout).at(-1), '0 errors, 1 warning in 5 files');
  });

  it('--json prints exactly one object whose diagnostics have exactly the eight contract keys', async () => {
    const dir = makeWorkspace(BROKEN_FILES);
    const run = await runCli(['validate', dir, '--json']);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    const parsed = JSON.parse(run.stdout) as { diagnostics: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(parsed), ['diagnostics']);
    assert.equal(parsed.diagnostics.length, 3);
    for (const d of parsed.diagnostics) assert.deepEqual(Object.keys(d).sort(), JSON_KEYS);
    assert.deepEqual(parsed.diagnostics[1], {
      file: '.claude/sprints/s1.yaml',
      line: 10,
      column: 22,
      endLine: 10,
      endColumn: 27,
      severity: 'error',
      code: 'unknown-task',
      message: 'Task `test` depends on `biuld`, which is not a task of sprint `s1`. Did you mean `build`?',
    });
  });

  it('--json on a valid workspace prints an empty list and exits 0', async () => {
    const dir = makeWorkspace({ ...BASE_FILES, '.claude/sprints/s1.yaml': VALID_SPRINT });
    const run = await runCli(['validate', '--json', dir]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '{"diagnostics":[]}\n');
  });

  it('exits 2 with the loader message on stderr when there is no config folder, in text and JSON mode', async () => {
    const dir = makeWorkspace({ 'README.md': 'not a workspace\n' });
    for (const argv of [['validate', dir], ['validate', dir, '--json']]) {
      const run = await runCli(argv);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`^baton validate: No Baton config folder at ${escapeRegExp(path.join(dir, '.claude'))}`));
    }
  });

  it('--config-root reads another folder, and paths stay relative to [dir]', async () => {
    const files = Object.fromEntries(Object.entries(BROKEN_FILES).map(([f, t]) => [f.replace('.claude/', 'config/baton/'), t]));
    const dir = makeWorkspace(files);
    const run = await runCli(['validate', dir, '--config-root', 'config/baton']);
    assert.equal(run.code, 1);
    assert.match(lines(run.stdout)[1]!, /^config\/baton\/sprints\/s1\.yaml:10:22: error unknown-task /);
    assert.equal((await runCli(['validate', dir])).code, 2);
  });

  it('colours only for a terminal, and never when NO_COLOR is set', async () => {
    const dir = makeWorkspace(BROKEN_FILES);
    assert.ok(!(await runCli(['validate', dir])).stdout.includes('\u001b['));
    const tty = await runCli(['validate', dir], { tty: true });
    assert.ok(tty.stdout.includes('\u001b[31m'));
    assert.ok(!(await runCli(['validate', dir], { tty: true, env: { NO_COLOR: '1' } })).stdout.includes('\u001b['));
    assert.ok((await runCli(['validate', dir], { env: { FORCE_COLOR: '1' } })).stdout.includes('\u001b['));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
