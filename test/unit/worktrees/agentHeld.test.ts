import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorktreeManager } from '../../../src/engine/worktrees/worktreeManager';
import { git, useGitSandbox } from './gitSandbox';

/**
 * A worktree while an agent holds it: HEAD detached, the agent's commits only in its private
 * object folder (the sandbox shows that folder in place of the shared store). What the views
 * ask — commits ahead of the base, clean or dirty, the files changed — must still count them.
 */
describe('worktrees/agent-held', () => {
  const sandbox = useGitSandbox();

  it('list and changedFiles count an agent\'s commits that so far live only in its private object folder, and agree after the take-back', async () => {
    const repo = sandbox.newRepo();
    const manager = new WorktreeManager({ repoRoot: repo.root });
    const prepared = await manager.prepare({ sprint: 's', task: 't', baseRef: 'main', dependencyBranches: [] });
    const held = await manager.handOver(prepared.path, prepared.baseCommit, '/tmp/.baton-git-objects');

    // The agent's commit as the sandbox makes it: new objects into its folder, HEAD detached.
    fs.writeFileSync(path.join(prepared.path, 'feature.txt'), 'new\n');
    const asAgent = { ...process.env, GIT_OBJECT_DIRECTORY: held.objectsDir, GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(held.commonDir, 'objects') };
    const agentGit = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Agent', '-c', 'user.email=agent@baton.invalid', ...args], { cwd: prepared.path, env: asAgent, encoding: 'utf8', stdio: 'pipe' }).trim();
    agentGit('add', '-A');
    agentGit('commit', '-qm', 'agent work');
    const agentHead = agentGit('rev-parse', 'HEAD');
    assert.throws(() => git(repo.root, 'cat-file', '-e', agentHead), 'the commit is not in the shared store yet');

    const during = (await manager.list()).find((w) => w.task === 't');
    assert.equal(during?.ahead, 1, 'the agent\'s commit counts while it runs');
    assert.equal(during?.dirty, false);
    assert.deepEqual(await manager.changedFiles(prepared.path, prepared.baseCommit), ['feature.txt']);
    assert.equal((await manager.diffStat(prepared.path, prepared.baseCommit)).insertions, 1);

    const taken = await manager.takeBack(prepared.path);
    assert.equal(taken.head, agentHead);
    const after = (await manager.list()).find((w) => w.task === 't');
    assert.deepEqual({ ahead: after?.ahead, dirty: after?.dirty, branch: after?.branch }, { ahead: 1, dirty: false, branch: 'baton/s/t' });
    assert.deepEqual(await manager.changedFiles(prepared.path, prepared.baseCommit), ['feature.txt']);
  });
});
