import assert from 'node:assert/strict';
import { contentionScore, priorityRank, resourcePriority } from '../../../src/engine/scheduler/taskRanking';

describe('scheduler/taskRanking', () => {
  it("maps everyday task types onto seed 000's resource categories, 5 when unmapped", () => {
    assert.equal(resourcePriority('hotfix'), 10);
    assert.equal(resourcePriority('Security'), 9);
    assert.equal(resourcePriority('customer-escalation'), 8);
    assert.equal(resourcePriority('bug'), 7);
    assert.equal(resourcePriority('feature'), 6);
    assert.equal(resourcePriority('tech debt'), 5);
    assert.equal(resourcePriority('docs'), 4);
    assert.equal(resourcePriority('security_vulnerability'), 9, "the seed's own names work too");
    assert.equal(resourcePriority('something-else'), 5);
  });

  it('computes the contention score as type*0.4 + urgency*0.3 + impact*0.3', () => {
    assert.ok(Math.abs(contentionScore({ type: 'hotfix', urgency: 10, businessImpact: 0 }) - 7) < 1e-12);
    assert.ok(Math.abs(contentionScore({ type: 'task', urgency: 5, businessImpact: 5 }) - 5) < 1e-12);
  });

  it('ranks priority classes critical > high > medium > low', () => {
    assert.deepEqual((['low', 'medium', 'high', 'critical'] as const).map(priorityRank), [0, 1, 2, 3]);
  });
});
