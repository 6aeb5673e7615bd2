import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';

const PATTERNS = path.resolve(__dirname, '../../../examples/patterns');

describe('patterns: the examples compile into the graphs the patterns promise', () => {
  async function sprint(name: string) {
    const { workspace, diagnostics } = await loadWorkspace(path.join(PATTERNS, name));
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    return workspace.sprints.get(name)!;
  }
  const deps = (s: Awaited<ReturnType<typeof sprint>>) => Object.fromEntries(s.tasks.map((t) => [t.id, t.dependencies]));

  it('reviewers become parallel review tasks gating the dependants, without the primary\'s handoff duties', async () => {
    const s = await sprint('primary-reviewers');
    assert.deepEqual(deps(s), {
      'payment-api': [],
      'payment-api--review-architecture-guardian': ['payment-api'],
      'payment-api--review-pytest-test-master': ['payment-api'],
      'release-notes': ['payment-api', 'payment-api--review-architecture-guardian', 'payment-api--review-pytest-test-master'],
    });
    const review = s.tasks.find((t) => t.id === 'payment-api--review-architecture-guardian')!;
    assert.deepEqual([review.kind, review.handoffArtifacts, review.checklist, review.producesChanges], ['review', [], [], false]);
  });

  it('phases chain through their validators; fan-out and sync points become plain dependencies', async () => {
    assert.deepEqual(deps(await sprint('incremental-validation')), {
      users_module: [], 'users_module--validate': ['users_module'], tasks_module: ['users_module--validate'], 'tasks_module--validate': ['tasks_module'],
    });
    assert.deepEqual(deps(await sprint('fan-out-fan-in')), { api_gateway: [], user_service: [], task_service: [], integration_testing: ['api_gateway', 'user_service', 'task_service'] });
    const sync = await sprint('sync-points');
    assert.deepEqual(deps(sync)['integration-tests'], ['sync-types-in-sync']);
    assert.deepEqual(sync.tasks.find((t) => t.id === 'sync-types-in-sync')!.checks, [['cmp', 'backend/contract.json', 'web/contract.json']]);
    const cond = await sprint('conditional-branching');
    assert.deepEqual(cond.tasks.map((t) => [t.id, t.kind, t.condition?.outcomes ?? []]), [['analysis', 'analysis', []], ['high_complexity', 'branch', ['high_complexity']], ['simple_cleanup', 'branch', ['simple_cleanup']]]);
  });
});
