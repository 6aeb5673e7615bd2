import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baton, batonEnv, buildCli, git, readJournal, removeTempRepos } from './engineHarness';
import { hostileRepo, SANDBOX } from './hostileHarness';

// `worktrees.symlink` entries lead wherever the user keeps what every worktree shares — a
// `node_modules` in a checkout under /tmp, as a CI clone or the demo has it. The sandbox's private
// /tmp must not turn those links into dangling ones: what they lead to is shown read-only.
describe('the sandbox and worktrees.symlink', function () {
  this.timeout(120_000);
  let shared: string;
  before(function () {
    if (SANDBOX === 'off') this.skip();
    buildCli();
    shared = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-shared-modules-'));
    fs.writeFileSync(path.join(shared, 'marker.txt'), 'from the shared folder\n');
  });
  after(() => {
    removeTempRepos();
    if (shared) fs.rmSync(shared, { recursive: true, force: true });
  });

  it('an agent reads through a linked folder outside the repository under /tmp, and cannot write it', async () => {
    const repo = hostileRepo({
      agents: [{ name: 'reader', script: 'cat node_modules/marker.txt > seen.txt\nif echo x > node_modules/planted.txt 2>/dev/null; then echo planted > planted-ok.txt; fi\nsucceed "read the shared folder"' }],
      tasks: [{ id: 'read', assignee: 'reader' }],
      settings: ['worktrees:', '  symlink: [node_modules]'],
    });
    fs.symlinkSync(shared, path.join(repo.root, 'node_modules'), 'dir');
    fs.appendFileSync(path.join(repo.root, '.git', 'info', 'exclude'), 'node_modules\n');
    const result = await baton(['run', 's1', repo.root], { cwd: repo.root, env: batonEnv() });
    const out = `${result.stdout}\n${result.stderr}`;
    assert.equal(result.code, 0, out);
    assert.deepEqual(readJournal(repo.root).events.filter((e) => e.type === 'run:sandbox').map((e) => e.mode), ['bwrap'], 'the run was sandboxed');
    assert.equal(git(repo.root, 'show', 'baton/s1/_integration:seen.txt'), 'from the shared folder');
    assert.ok(!fs.existsSync(path.join(shared, 'planted.txt')), 'the agent wrote into the shared folder');
  });
});
