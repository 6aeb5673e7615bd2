import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filesWithConflictMarkers } from '../../../src/engine/coordination/conflictMarkers';
import { resolutionAgent, resolutionIdFor, resolutionTask } from '../../../src/engine/coordination/resolutionTask';
import type { Sprint } from '../../../src/engine/model/workspace';
import { agent, task, team, workspaceWith } from './fixtures';

describe('coordination/resolution', () => {
  it('finds files still holding conflict markers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-markers-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.txt'), 'x\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n');
      fs.writeFileSync(path.join(dir, 'b.txt'), 'clean\n<<<<<< not quite\n');
      fs.writeFileSync(path.join(dir, 'c.md'), 'a\n=======\n');
      assert.deepEqual(await filesWithConflictMarkers(dir, ['a.txt', 'b.txt', 'c.md', 'gone.txt']), ['a.txt', 'c.md']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('picks the resolver: an explicit owner of the files, then the conflicting task\'s agent', () => {
    const ws = workspaceWith([team('web', ['sam', 'morgan']), team('ops', ['casey'])], [
      agent('sam', { owns: ['app/login/**'] }), agent('morgan', { owns: ['app/**'] }), agent('casey'),
    ]);
    assert.equal(resolutionAgent(ws, ['web', 'ops'], ['app/actions/x.ts'], '', 'sam'), 'morgan');
    assert.equal(resolutionAgent(ws, ['web', 'ops'], ['infra/x.tf'], '', 'sam'), 'casey');
    assert.equal(resolutionAgent(ws, ['web', 'ops'], ['app/login/x.ts'], '', 'sam'), 'sam');
    assert.equal(resolutionAgent(workspaceWith([team('w', ['sam'])], [agent('sam', { owns: ['a/**'] })]), ['w'], ['b/x'], '', 'sam'), 'sam');
  });

  it('describes the resolution as a task the agent can act on', () => {
    const source = task('api', 1);
    const sprint = { id: 's1', location: source.location } as Sprint;
    const t = resolutionTask({ sprint, tasks: new Map([['api', source]]) }, resolutionIdFor('api'), {
      for: 'api', branch: 'baton/s1/api', files: ['src/a.ts', 'README.md'], integrationBranch: 'baton/s1/_integration', integrationTip: 'c1', agent: 'dev', title: 'Resolve the merge conflict of api',
    });
    assert.equal(t.id, 'resolve-api');
    assert.deepEqual(t.acceptanceCriteria, ['No conflict markers remain in src/a.ts', 'No conflict markers remain in README.md', 'The changes of both sides are kept']);
    assert.match(t.description, /`baton\/s1\/api`.*`src\/a\.ts`, `README\.md`.*conflict markers/);
    assert.deepEqual([t.producesChanges, t.dependencies, t.generatedFrom, t.kind], [true, [], 'api', 'task']);
  });
});
