import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import { GitRunner } from '../../../src/engine/worktrees/gitRunner';
import { WorktreeLayout } from '../../../src/engine/worktrees/worktreeLayout';
import { agentMd } from '../../support/tempWorkspace';

// Issue 10 case 9: bad `location` / `copy` / `symlink` values and scripts reached through a
// symlink are diagnostics on their lines, not a stack trace at run time.

const temps: string[] = [];

/** A git repository with a Baton workspace and `teams.yaml` settings as given. */
function repoWith(settings: string, extra: Record<string, string> = {}): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-paths-'));
  temps.push(base);
  const root = path.join(base, 'repo');
  const files: Record<string, string> = {
    '.claude/teams.yaml': `teams:\n  eng:\n    members: [dev]\nsettings:\n  worktrees:\n${settings}`,
    '.claude/agents/dev.md': agentMd('dev'),
    'src/index.ts': 'export {};\n',
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  return root;
}

async function codesAt(root: string): Promise<string[]> {
  const { diagnostics } = await loadWorkspace(root);
  return diagnostics.map((d) => `${path.relative(root, d.file)}:${d.range.line} ${d.severity} ${d.code}`);
}

async function messages(root: string): Promise<string> {
  return (await loadWorkspace(root)).diagnostics.map((d) => d.message).join('\n');
}

describe('config: worktree and script paths that leave the workspace', () => {
  after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

  it('location: a folder of the user\'s files, .git, the repository or a parent are errors on the line, with the fix', async () => {
    for (const [location, why] of [['src', /already holds your files \(src\/index\.ts\)/], ['.git/wt', /inside the repository's `\.git` folder/], ['.', /is the repository itself/], ['..', /is a parent of the repository/]] as const) {
      const root = repoWith(`    location: ${location}\n`);
      assert.deepEqual(await codesAt(root), ['.claude/teams.yaml:6 error worktree-location-unsafe'], location);
      const text = await messages(root);
      assert.match(text, why);
      assert.match(text, /Leave `location` out for `\.\.\/repo\.baton-worktrees`/);
    }
  });

  it('location: a new folder, Baton\'s own folder, or one outside the repository are fine', async () => {
    assert.deepEqual(await codesAt(repoWith('    location: .baton-worktrees\n')), []);
    assert.deepEqual(await codesAt(repoWith('    location: ../elsewhere\n')), []);
    const own = repoWith('    location: wt\n');
    fs.mkdirSync(path.join(own, 'wt', 's1', 'task-a'), { recursive: true });
    fs.writeFileSync(path.join(own, 'wt', 's1', 'task-a', '.git'), 'gitdir: x\n');
    fs.mkdirSync(path.join(own, 'wt', '.baton-trash', 'old'), { recursive: true });
    assert.deepEqual(await codesAt(own), []);
  });

  it('the run refuses the same folders and never adds a user folder to .git/info/exclude', async () => {
    const root = repoWith('    location: src\n');
    await assert.rejects(WorktreeLayout.create(new GitRunner(root), root, 'src'), /already holds your files/);
    const exclude = fs.readFileSync(path.join(root, '.git', 'info', 'exclude'), 'utf8');
    assert.doesNotMatch(exclude, /\/src\//);
    const ok = await WorktreeLayout.create(new GitRunner(root), root, '.baton-worktrees');
    assert.match(fs.readFileSync(path.join(root, '.git', 'info', 'exclude'), 'utf8'), /^\/\.baton-worktrees\/$/m);
    assert.ok(ok.location.endsWith('.baton-worktrees'));
  });

  it('copy and symlink: absolute, `..` or .git are errors on the entry; so is a copy through a symlink, not a link that is one', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-outside-'));
    temps.push(outside);
    fs.writeFileSync(path.join(outside, 'secret.env'), 'TOKEN=x\n');
    const root = repoWith('    copy: [.env, /etc/passwd, ../other/.env, linked/secret.env]\n    symlink: [node_modules, .git/hooks, shared]\n', { '.env': 'A=1\n' });
    fs.symlinkSync(outside, path.join(root, 'linked'));
    // A dependency folder linked to a store outside the repository: the worktree links to the repository's path.
    fs.symlinkSync(outside, path.join(root, 'shared'));
    assert.deepEqual(await codesAt(root), [
      '.claude/teams.yaml:6 error path-outside-workspace',
      '.claude/teams.yaml:6 error path-outside-workspace',
      '.claude/teams.yaml:6 error path-outside-workspace',
      '.claude/teams.yaml:7 error path-outside-workspace',
    ]);
    const text = await messages(root);
    assert.match(text, /`copy` entry `\/etc\/passwd` is an absolute path/);
    assert.match(text, /`copy` entry `\.\.\/other\/\.env` climbs out of the repository with `\.\.`/);
    assert.match(text, /`copy` entry `linked\/secret\.env` leads through a symlink to /);
    assert.match(text, /`symlink` entry `\.git\/hooks` points into `\.git`/);
  });

  it('script: a symlink leading out of the workspace is an error, even though its path looks inside', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-outside-'));
    temps.push(outside);
    fs.writeFileSync(path.join(outside, 'evil.sh'), '#!/bin/sh\n');
    const root = repoWith('    copy: []\n', { '.claude/agents/dev.md': agentMd('dev', 'runner: script\nscript: scripts/agent.sh\n') });
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.symlinkSync(path.join(outside, 'evil.sh'), path.join(root, 'scripts', 'agent.sh'));
    assert.deepEqual(await codesAt(root), ['.claude/agents/dev.md:5 error path-outside-workspace']);
    assert.match(await messages(root), /is a symlink \(or inside one\) that leads out of the workspace, to .*evil\.sh; .*Copy the script into the repository/);
  });
});
