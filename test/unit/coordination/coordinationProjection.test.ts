import assert from 'node:assert/strict';
import { attemptHistory } from '../../../src/engine/coordination/attemptHistory';
import { promptContext } from '../../../src/engine/coordination/promptContext';
import type { EngineEvent, HandoffPackage, NewEvent } from '../../../src/engine/state/events';
import { applyEvent, emptyRunState } from '../../../src/engine/state/projection';
import type { RunState } from '../../../src/engine/state/runState';
import { deserializeRunState, serializeRunState } from '../../../src/engine/state/snapshot';
import { runStarted, taskStarted } from '../state/helpers';
import { task } from './fixtures';

function project(events: NewEvent[], state: RunState = emptyRunState()): RunState {
  let seq = state.lastSeq;
  for (const e of events) applyEvent(state, { ...e, seq: ++seq, at: new Date(Date.UTC(2025, 0, 13, 9, 0, seq)).toISOString(), runId: 'run-1' } as EngineEvent);
  return state;
}

const pkg = (summary: string): HandoffPackage => ({
  task: 'a', agent: 'dev', attempt: 1, summary, notes: [], knownIssues: ['flaky on CI'], artifacts: ['docs/a.md'], acceptanceCriteria: ['works'],
  checklist: [{ item: 'tests', verify: ['npm', 'test'], passed: true }, { item: 'stated' }],
  diffStat: { files: [{ path: 'docs/a.md', status: 'A', insertions: 3, deletions: 0 }], insertions: 3, deletions: 0 },
});

describe('state: coordination events', () => {
  it('keeps the handoff, verification and reviews on the task state, under the names the board reads', () => {
    const s = project([
      runStarted(['a', 'a--review-x']), { ...taskStarted('a'), base: 'b0' },
      { type: 'task:agent-exited', task: 'a', attempt: 1, status: 'success', summary: 'did a', knownIssues: ['flaky on CI'] },
      { type: 'task:verified', task: 'a', attempt: 1, passed: true, checklist: pkg('').checklist, durationMs: 40 },
      { type: 'task:handoff', task: 'a', attempt: 1, handoff: pkg('did a'), messages: [] },
      { type: 'task:review-requested', task: 'a', attempt: 1, handoff: pkg('did a') },
    ]);
    const t = s.tasks.get('a')!;
    assert.equal(t.status, 'review');
    assert.deepEqual(t.knownIssues, ['flaky on CI']);
    assert.deepEqual(t.verification, { attempt: 1, passed: true, checklist: pkg('').checklist, durationMs: 40 });
    assert.deepEqual(Object.keys(t.handoff!).sort(), ['acceptanceCriteria', 'agent', 'artifacts', 'attempt', 'checklist', 'diffStat', 'knownIssues', 'notes', 'summary', 'task']);
    project([{ type: 'task:approved', task: 'a', by: 'lead' }, { type: 'task:reviewed', task: 'a', reviewTask: 'a--review-x', reviewer: 'x', status: 'done', summary: 'LGTM' }], s);
    assert.deepEqual(t.handoff!.reviews, [{ reviewTask: 'a--review-x', reviewer: 'x', status: 'done', summary: 'LGTM' }]);
    project([{ type: 'task:reviewed', task: 'a', reviewTask: 'a--review-x', reviewer: 'x', status: 'failed', summary: 'no', outcome: 'reject' }], s);
    assert.deepEqual(t.handoff!.reviews!.map((r) => r.status), ['failed'], 'a review task reports once, its latest verdict');
    // The journal's copy is not shared: a listener mutating its event cannot corrupt state.
    const event = pkg('x');
    project([{ type: 'task:handoff', task: 'a', attempt: 2, handoff: event, messages: [] }], s);
    event.artifacts.push('evil');
    assert.deepEqual(t.handoff!.artifacts, ['docs/a.md']);
    assert.deepEqual(t.handoff!.reviews!.length, 1, 'a new handoff keeps the reviews');
  });

  it('redirects, fails over and reassigns: the next agent, the agents tried, the retry budget and the rollback point', () => {
    const s = project([runStarted(['a']), taskStarted('a', 1, 'sam')]);
    const t = s.tasks.get('a')!;
    project([{ type: 'task:redirected', task: 'a', attempt: 1, from: 'sam', to: 'morgan', paths: ['app/actions/x.ts'], reason: 'outside sam\'s owns' }], s);
    assert.deepEqual([t.status, t.reassignedTo, t.triedAgents, t.budgetFrom, t.rollbackTo, t.currentAttempt], ['ready', 'morgan', ['sam'], 2, 'cp-a-1', undefined]);
    project([taskStarted('a', 2, 'morgan')], s);
    assert.equal(t.rollbackTo, undefined);
    project([
      { type: 'task:failed', task: 'a', attempt: 2, reason: 'tests', willRetry: true, retryAt: '2025-01-13T09:01:00.000Z', evidence: 'checklist' },
      { type: 'task:failover', task: 'a', attempt: 2, from: 'morgan', to: 'riley', reason: 'morgan failed once' },
    ], s);
    assert.deepEqual([t.status, t.reassignedTo, t.triedAgents, t.budgetFrom, t.rollbackTo, t.reason], ['ready', 'riley', ['sam', 'morgan'], 3, 'cp-a-2', 'morgan failed once']);
    project([{ type: 'task:reassigned', task: 'a', agent: 'quinn', by: 'lead' }], s);
    assert.equal(t.reassignedTo, 'quinn');
    assert.deepEqual(attemptHistory(t), [
      { attempt: 1, agent: 'sam', outcome: 'ready', reason: 'outside sam\'s owns' },
      { attempt: 2, agent: 'morgan', outcome: 'failed', reason: 'tests' },
    ]);
  });

  it('records the prerequisites gate, a pause at the review gate, and engine-created resolution tasks', () => {
    const s = project([
      runStarted(['a']),
      { type: 'prerequisites:checked', go: true, checks: [{ name: 'node', kind: 'command', verdict: 'go', detail: 'v20', durationMs: 5 }] },
      { type: 'run:paused', reason: 'waiting for review: a', waitingForReview: ['a'] },
    ]);
    assert.deepEqual([s.status, s.reason, s.waitingForReview, s.prerequisites?.go], ['paused', 'waiting for review: a', ['a'], true]);
    project([{ type: 'run:resumed' }, { type: 'task:resolution-created', task: 'resolve-a', title: 'Resolve', for: 'a', branch: 'baton/s/a', files: ['x'], integrationBranch: 'baton/s/_integration', integrationTip: 'c1', agent: 'dev' }], s);
    assert.deepEqual([s.status, s.reason, s.waitingForReview], ['active', undefined, undefined]);
    const r = s.tasks.get('resolve-a')!;
    assert.deepEqual([r.status, r.reassignedTo, r.resolution?.for, r.resolution?.files], ['planning', 'dev', 'a', ['x']]);
    // New fields survive a snapshot round trip exactly.
    assert.deepEqual(deserializeRunState(serializeRunState(s)), s);
  });

  it('replays a journal written before coordination existed exactly as before', () => {
    const s = project([
      runStarted(['a']), taskStarted('a'), { type: 'task:agent-exited', task: 'a', attempt: 1, status: 'success', summary: 'ok' },
      { type: 'task:review-requested', task: 'a' }, { type: 'task:changes-requested', task: 'a', comment: 'more' },
      taskStarted('a', 2), { type: 'task:succeeded', task: 'a', attempt: 2, commit: 'c' }, { type: 'run:paused' },
    ]);
    const t = s.tasks.get('a')!;
    assert.deepEqual(Object.keys(t).sort(), ['agent', 'attempts', 'branch', 'commit', 'costUsd', 'finishedAt', 'history', 'id', 'lastExit', 'startedAt', 'status', 'summary', 'worktree']);
    assert.deepEqual([s.status, s.reason, s.waitingForReview], ['paused', undefined, undefined]);
  });
});

describe('coordination/promptContext', () => {
  it('gives the next task its dependencies\' packages, checklist and reviews included', () => {
    const s = project([
      runStarted(['a', 'b']), taskStarted('a'), { type: 'task:handoff', task: 'a', attempt: 1, handoff: pkg('Built a.'), messages: [] },
      { type: 'task:succeeded', task: 'a', attempt: 1 },
      { type: 'task:reviewed', task: 'a', reviewTask: 'a--review-x', reviewer: 'x', status: 'done', summary: 'Fine.' },
    ]);
    const ctx = promptContext(s, task('b', 1, ['a']));
    assert.deepEqual(ctx.handoffs, [{
      task: 'a', agent: 'dev', artifacts: ['docs/a.md'], changedFiles: ['docs/a.md (A, +3 −0)'], knownIssues: ['flaky on CI'],
      summary: 'Built a.\n\nHandoff checklist:\n✔ tests (verified by `npm test`)\n• stated (stated by the agent, not verified)\n\nReview by x (done): Fine.',
    }]);
    assert.equal(ctx.previousAttempt, undefined);
  });

  it('after changes are requested: the comment with the reviewed summary, not the older failure', () => {
    const s = project([
      runStarted(['a']), taskStarted('a'), { type: 'task:failed', task: 'a', attempt: 1, reason: 'tests failed', willRetry: true },
      taskStarted('a', 2), { type: 'task:agent-exited', task: 'a', attempt: 2, status: 'success', summary: 'Second try.' },
      { type: 'task:review-requested', task: 'a', handoff: pkg('Second try.') }, { type: 'task:changes-requested', task: 'a', comment: 'Add logging' },
    ]);
    const ctx = promptContext(s, task('a', 1));
    assert.equal(ctx.previousAttempt, undefined);
    assert.equal(ctx.reviewComment, 'Add logging\n\nThe attempt reviewed (attempt 2) reported:\n\nSecond try.\n\nIts work is still in your worktree: change it as asked rather than starting over.');
    project([taskStarted('a', 3), { type: 'task:failed', task: 'a', attempt: 3, reason: 'lint', willRetry: true }], s);
    assert.deepEqual(promptContext(s, task('a', 1)).previousAttempt, { attempt: 3, summary: 'Second try.', reason: 'lint' });
  });
});
