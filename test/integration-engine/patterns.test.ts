import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { baton, batonEnv, buildCli, makeRepo, readJournal, REPO_ROOT, removeTempRepos, statusJson, type TempRepo } from './engineHarness';
import { eventsOf, intervals, overlap, promptOf } from './coordinationHarness';

// Seed 004's seven patterns, one example workspace each (examples/patterns/<pattern>), run with
// the honest scripted agent: each validates clean, plans, runs to its expected end, and the
// journal shows the order and overlap the pattern promises.

const PATTERNS = path.join(REPO_ROOT, 'examples', 'patterns');
const env = (extra: Record<string, string> = {}) => batonEnv({ BATON_PATTERN_DELAY_MS: '500', ...extra });

async function runPattern(name: string, extra: Record<string, string> = {}, expectCode = 0): Promise<{ repo: TempRepo; spans: Map<string, { start: number; end: number }>; stdout: string }> {
  const repo = makeRepo({ from: path.join(PATTERNS, name) });
  const validate = await baton(['validate', repo.root], { cwd: repo.root });
  assert.equal(validate.code, 0, validate.stdout + validate.stderr);
  const plan = await baton(['plan', name, repo.root], { cwd: repo.root });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  const run = await baton(['run', name, repo.root], { cwd: repo.root, env: env(extra), timeoutMs: 90_000 });
  assert.equal(run.code, expectCode, run.stdout + run.stderr);
  assert.equal(readJournal(repo.root).problems.length, 0);
  return { repo, spans: intervals(readJournal(repo.root).events), stdout: run.stdout };
}

function ranBefore(spans: Map<string, { start: number; end: number }>, a: string, b: string): void {
  const x = spans.get(a);
  const y = spans.get(b);
  assert.ok(x && y, `${a} and ${b} both ran`);
  assert.ok(x.end <= y.start, `${a} (ends ${x.end}) finishes before ${b} (starts ${y.start})`);
}

function overlapping(spans: Map<string, { start: number; end: number }>, ...ids: string[]): void {
  for (const a of ids) for (const b of ids) if (a < b) assert.ok(overlap(spans.get(a)!, spans.get(b)!), `${a} and ${b} run at the same time`);
}

async function allDone(repo: TempRepo, expected: string[]): Promise<void> {
  const s = await statusJson(repo.root);
  assert.equal(s.state, 'completed');
  assert.deepEqual(s.tasks.map((t) => [t.id, t.status]).sort(), expected.map((id) => [id, 'done']).sort());
}

describe('patterns: the seven seed 004 examples', function () {
  this.timeout(240_000);
  before(buildCli);
  after(removeTempRepos);

  it('every example ships the same honest scripted agent', () => {
    const canonical = fs.readFileSync(path.join(PATTERNS, 'scripts', 'pattern-agent.mjs'), 'utf8');
    for (const name of fs.readdirSync(PATTERNS).filter((n) => n !== 'scripts' && fs.statSync(path.join(PATTERNS, n)).isDirectory())) {
      assert.equal(fs.readFileSync(path.join(PATTERNS, name, 'scripts', 'pattern-agent.mjs'), 'utf8'), canonical, `${name}/scripts/pattern-agent.mjs is a copy of patterns/scripts/pattern-agent.mjs`);
    }
  });

  it('1. parallel independent: both agents work at the same time', async () => {
    const { repo, spans } = await runPattern('parallel-independent');
    await allDone(repo, ['profile-api', 'profile-editor']);
    overlapping(spans, 'profile-api', 'profile-editor');
  });

  it('2. sequential handoff: each step after the last, starting from its handoff', async () => {
    const { repo, spans } = await runPattern('sequential-handoff');
    await allDone(repo, ['db-migration', 'api-update', 'frontend-integration']);
    ranBefore(spans, 'db-migration', 'api-update');
    ranBefore(spans, 'api-update', 'frontend-integration');
    const api = promptOf(repo, 'api-update', 1);
    assert.match(api, /### From `db-migration` \(fastapi-backend-expert\)/);
    assert.match(api, /db\/migrations\/0002_user_role\.sql/);
    assert.match(api, /✔ Migration written \(verified by `test -f db\/migrations\/0002_user_role\.sql`\)/);
    assert.match(promptOf(repo, 'frontend-integration', 1), /### From `api-update`/);
  });

  it('3. sync points: a barrier per point; a failing contract check blocks what follows', async () => {
    const { repo, spans } = await runPattern('sync-points');
    await allDone(repo, ['api-contract', 'backend-websocket', 'frontend-client', 'integration-tests', 'sync-contract-agreed', 'sync-types-in-sync']);
    ranBefore(spans, 'api-contract', 'sync-contract-agreed');
    ranBefore(spans, 'sync-contract-agreed', 'backend-websocket');
    ranBefore(spans, 'sync-contract-agreed', 'frontend-client');
    overlapping(spans, 'backend-websocket', 'frontend-client');
    ranBefore(spans, 'backend-websocket', 'sync-types-in-sync');
    ranBefore(spans, 'frontend-client', 'sync-types-in-sync');
    ranBefore(spans, 'sync-types-in-sync', 'integration-tests');

    const drifted = await runPattern('sync-points', { BATON_PATTERN_DRIFT: 'frontend-client' }, 1);
    const s = await statusJson(drifted.repo.root);
    const byId = new Map(s.tasks.map((t) => [t.id, t]));
    assert.equal(byId.get('sync-types-in-sync')!.status, 'blocked');
    assert.match(byId.get('sync-types-in-sync')!.reason!, /sync check `cmp backend\/contract\.json web\/contract\.json` exited 1/);
    assert.equal(byId.get('integration-tests')!.status, 'blocked');
    assert.equal(drifted.spans.has('integration-tests'), false, 'integration-tests never started');
  });

  it('4. primary with reviewers: the reviews run in parallel after the primary and are attached to its handoff', async () => {
    const { repo, spans } = await runPattern('primary-reviewers');
    const reviews = ['payment-api--review-architecture-guardian', 'payment-api--review-pytest-test-master'];
    await allDone(repo, ['payment-api', 'release-notes', ...reviews]);
    for (const r of reviews) {
      ranBefore(spans, 'payment-api', r);
      ranBefore(spans, r, 'release-notes');
    }
    overlapping(spans, ...reviews);
    const attached = eventsOf(repo.root, 'task:reviewed', 'payment-api');
    assert.deepEqual(attached.map((e) => [e.reviewer, e.status]).sort(), [['architecture-guardian', 'done'], ['pytest-test-master', 'done']]);
    // The reviewer sees the primary's handoff in its prompt.
    assert.match(promptOf(repo, reviews[0]!, 1), /### From `payment-api`[\s\S]*✔ Payment module present/);
  });

  it('5. incremental with validation: phase by phase; a failing validator stops the chain', async () => {
    const { repo, spans } = await runPattern('incremental-validation');
    const chain = ['users_module', 'users_module--validate', 'tasks_module', 'tasks_module--validate'];
    await allDone(repo, chain);
    for (let i = 1; i < chain.length; i++) ranBefore(spans, chain[i - 1]!, chain[i]!);

    const failing = await runPattern('incremental-validation', { BATON_PATTERN_FAIL: 'users_module--validate' }, 1);
    const s = await statusJson(failing.repo.root);
    assert.deepEqual(s.tasks.map((t) => [t.id, t.status]), [['users_module', 'done'], ['users_module--validate', 'failed'], ['tasks_module', 'blocked'], ['tasks_module--validate', 'blocked']]);
    assert.match(s.tasks[2]!.reason!, /users_module--validate/);
    assert.equal(failing.spans.has('tasks_module'), false, 'the next phase never started');
  });

  it('6. fan-out / fan-in: the items in parallel, the aggregator after all of them', async () => {
    const { repo, spans } = await runPattern('fan-out-fan-in');
    const items = ['api_gateway', 'user_service', 'task_service'];
    await allDone(repo, [...items, 'integration_testing']);
    overlapping(spans, ...items);
    for (const item of items) ranBefore(spans, item, 'integration_testing');
  });

  it('7. conditional branching: the analyzer picks a branch, the other is skipped', async () => {
    const { repo, spans } = await runPattern('conditional-branching');
    ranBefore(spans, 'analysis', 'high_complexity');
    let s = await statusJson(repo.root);
    assert.equal(s.state, 'completed');
    assert.deepEqual(s.tasks.map((t) => [t.id, t.status]), [['analysis', 'done'], ['high_complexity', 'done'], ['simple_cleanup', 'skipped']]);
    assert.match(s.tasks[2]!.reason!, /analysis reported `high_complexity`; this branch runs on simple_cleanup/);
    assert.equal(spans.has('simple_cleanup'), false);

    const other = await runPattern('conditional-branching', { BATON_PATTERN_OUTCOME: 'analysis=simple_cleanup' });
    s = await statusJson(other.repo.root);
    assert.deepEqual(s.tasks.map((t) => [t.id, t.status]), [['analysis', 'done'], ['high_complexity', 'skipped'], ['simple_cleanup', 'done']]);
  });
});
