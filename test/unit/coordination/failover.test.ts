import assert from 'node:assert/strict';
import { failoverTarget } from '../../../src/engine/coordination/failover';
import { agent, task, team, workspaceWith } from './fixtures';

describe('coordination/failover', () => {
  const agents = ['a', 'b', 'c', 'd', 'e'].map((n) => agent(n));
  const ws = workspaceWith([
    team('backend', [['a', 1, 'backend'], ['b', 1, 'frontend'], ['c', 2, 'backend', 'api']]),
    team('qa', [['d', 1, 'test'], ['e', 1]]),
  ], agents);

  it('picks an untried member of the same team with a matching specialty, best match first', () => {
    assert.equal(failoverTarget(ws, ['backend', 'qa'], task('t', 1, [], { type: 'backend', team: 'backend' }), 'a', [])?.agent, 'c');
    assert.equal(failoverTarget(ws, ['backend', 'qa'], task('t', 1, [], { type: 'api', labels: ['backend'] }), 'a', [])?.agent, 'c');
    assert.equal(failoverTarget(ws, ['backend', 'qa'], task('t', 1, [], { type: 'backend' }), 'a', ['c']), undefined);
    assert.equal(failoverTarget(ws, ['backend', 'qa'], task('t', 1, [], { type: 'design' }), 'a', []), undefined);
  });

  it('lets any member take a task whose type says nothing, within the failed agent\'s team', () => {
    const choice = failoverTarget(ws, ['backend', 'qa'], task('t', 1), 'd', []);
    assert.deepEqual(choice, { agent: 'e', team: 'qa', why: 'a member of team qa' });
    assert.equal(failoverTarget(ws, ['backend', 'qa'], task('t', 1), 'e', ['d']), undefined);
    assert.match(failoverTarget(ws, ['backend'], task('t', 1, [], { type: 'backend' }), 'a', [])!.why, /matching specialty \(backend, api\)/);
  });
});
