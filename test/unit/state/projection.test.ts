import assert from 'node:assert/strict';
import type { EngineEvent, NewEvent } from '../../../src/engine/state/events';
import { applyEvent, emptyRunState } from '../../../src/engine/state/projection';
import type { RunState } from '../../../src/engine/state/runState';
import { runStarted, taskStarted } from './helpers';

/** Stamps and applies events in order, like the store does. */
function project(events: NewEvent[], state: RunState = emptyRunState()): RunState {
  let seq = state.lastSeq;
  for (const e of events) {
    const at = new Date(Date.UTC(2025, 0, 13, 9, 0, ++seq)).toISOString();
    applyEvent(state, { ...e, seq, at, runId: 'run-1' } as EngineEvent);
  }
  return state;
}

const at = (s: number): string => new Date(Date.UTC(2025, 0, 13, 9, 0, s)).toISOString();

describe('state/applyEvent', () => {
  it('starts a run with every task in planning', () => {
    const s = project([runStarted(['a', 'b'])]);
    assert.equal(s.status, 'active');
    assert.equal(s.runId, 'run-1');
    assert.equal(s.sprint, 'sprint-3');
    assert.equal(s.baseCommit, 'abc123');
    assert.equal(s.maxParallel, 4);
    assert.equal(s.startedAt, at(1));
    assert.equal(s.lastSeq, 1);
    assert.deepEqual([...s.tasks.keys()], ['a', 'b']);
    assert.deepEqual(s.tasks.get('a'), { id: 'a', status: 'planning', attempts: 0, costUsd: 0, history: [] });
  });

  it('moves the run through paused, resumed and each terminal event', () => {
    const s = project([runStarted(1), { type: 'run:paused' }]);
    assert.equal(s.status, 'paused');
    project([{ type: 'run:resumed' }], s);
    assert.equal(s.status, 'active');
    project([{ type: 'run:completed', integrationBranch: 'baton/int', mergedTasks: ['t0'] }], s);
    assert.deepEqual([s.status, s.integrationBranch, s.mergedTasks, s.finishedAt], ['completed', 'baton/int', ['t0'], at(4)]);
    const stopped = project([runStarted(1), { type: 'run:stopped', reason: 'nothing runnable', failed: ['t0'], blocked: [] }]);
    assert.deepEqual([stopped.status, stopped.reason], ['stopped', 'nothing runnable']);
    const cancelled = project([runStarted(1), { type: 'run:cancelled', reason: 'user' }]);
    assert.deepEqual([cancelled.status, cancelled.reason], ['cancelled', 'user']);
    assert.equal(project([runStarted(1), { type: 'run:cancelled' }]).reason, undefined);
  });

  it('runs a task ready -> assigned -> running -> done', () => {
    const s = project([
      runStarted(['a']),
      { type: 'task:ready', task: 'a' },
      { type: 'task:assigned', task: 'a', agent: 'eng', team: 'core' },
      { ...taskStarted('a'), pid: 4242 },
    ]);
    const t = s.tasks.get('a')!;
    assert.equal(t.status, 'running');
    assert.deepEqual([t.agent, t.team, t.attempts, t.startedAt], ['fullstack-eng', 'core', 1, at(4)]);
    assert.deepEqual(t.currentAttempt, {
      attempt: 1, startedAt: at(4), worktree: '/repo/.worktrees/a', branch: 'baton/sprint-3/a',
      checkpoint: 'cp-a-1', pid: 4242, resultFile: '/tmp/a.json', logFile: '/tmp/a.log',
    });
    assert.equal(t.worktree, '/repo/.worktrees/a');
    project([
      { type: 'task:agent-exited', task: 'a', attempt: 1, status: 'success', costUsd: 0.25, summary: 'did it', exitCode: 0, sessionId: 's1', outcome: 'ok', artifacts: ['x.ts'] },
      { type: 'task:succeeded', task: 'a', attempt: 1, commit: 'c1' },
    ], s);
    assert.equal(t.status, 'done');
    assert.deepEqual([t.commit, t.summary, t.costUsd, t.outcome, t.artifacts, t.finishedAt], ['c1', 'did it', 0.25, 'ok', ['x.ts'], at(6)]);
    assert.deepEqual(t.lastExit, { attempt: 1, status: 'success', exitCode: 0, sessionId: 's1' });
    assert.equal(t.currentAttempt, undefined);
    assert.deepEqual(t.history.map((h) => h.status), ['ready', 'running', 'done']);
  });

  it('sends a retried failure back to ready with retryAt, and a final one to failed', () => {
    const s = project([
      runStarted(['a']), { type: 'task:ready', task: 'a' }, taskStarted('a', 1),
      { type: 'task:agent-exited', task: 'a', attempt: 1, status: 'failure', exitCode: 1, signal: 'SIGTERM', costUsd: 0.1 },
      { type: 'task:failed', task: 'a', attempt: 1, reason: 'tests failed', willRetry: true, retryAt: at(60) },
    ]);
    const t = s.tasks.get('a')!;
    assert.deepEqual([t.status, t.reason, t.retryAt, t.currentAttempt], ['ready', 'tests failed', at(60), undefined]);
    assert.deepEqual(t.history.slice(-2).map((h) => [h.status, h.reason, h.attempt]), [['failed', 'tests failed', 1], ['ready', undefined, 1]]);
    project([taskStarted('a', 2), { type: 'task:agent-exited', task: 'a', attempt: 2, status: 'failure', costUsd: 0.2 }], s);
    assert.deepEqual([t.status, t.attempts, t.retryAt, t.reason, t.startedAt], ['running', 2, undefined, undefined, at(3)]);
    project([{ type: 'task:failed', task: 'a', attempt: 2, reason: 'again', willRetry: false }], s);
    assert.deepEqual([t.status, t.reason, t.finishedAt], ['failed', 'again', at(8)]);
    assert.ok(Math.abs(t.costUsd - 0.3) < 1e-12);
  });

  it('blocks, skips and cancels with a reason', () => {
    const s = project([
      runStarted(['a', 'b', 'c']), taskStarted('a'),
      { type: 'task:blocked', task: 'a', reason: 'needs a secret' },
      { type: 'task:skipped', task: 'b', reason: 'condition ruled it out' },
      { type: 'task:cancelled', task: 'c', reason: 'user' },
    ]);
    assert.deepEqual(['a', 'b', 'c'].map((id) => [s.tasks.get(id)!.status, s.tasks.get(id)!.reason]), [
      ['blocked', 'needs a secret'], ['skipped', 'condition ruled it out'], ['cancelled', 'user'],
    ]);
    assert.equal(s.tasks.get('a')!.currentAttempt, undefined);
    project([taskStarted('a', 2)], s); // running <-> blocked
    assert.equal(s.tasks.get('a')!.status, 'running');
    assert.equal(s.tasks.get('a')!.reason, undefined);
  });

  it('goes through review: changes requested back to ready, then approved to done', () => {
    const s = project([
      runStarted(['a']), taskStarted('a'), { type: 'task:review-requested', task: 'a' },
    ]);
    const t = s.tasks.get('a')!;
    assert.equal(t.status, 'review');
    project([{ type: 'task:changes-requested', task: 'a', comment: 'add tests' }], s);
    assert.deepEqual([t.status, t.reason], ['ready', 'add tests']);
    project([taskStarted('a', 2), { type: 'task:review-requested', task: 'a' }, { type: 'task:approved', task: 'a', by: 'lead' }], s);
    assert.deepEqual([t.status, t.approvedBy, t.finishedAt], ['done', 'lead', at(7)]);
  });

  it('tracks worktrees created and removed', () => {
    const s = project([runStarted(['a']), { type: 'worktree:created', task: 'a', path: '/w/a', branch: 'b/a' }]);
    assert.deepEqual([s.tasks.get('a')!.worktree, s.tasks.get('a')!.branch], ['/w/a', 'b/a']);
    project([{ type: 'worktree:removed', task: 'a', path: '/w/other' }], s);
    assert.equal(s.tasks.get('a')!.worktree, '/w/a');
    project([{ type: 'worktree:removed', task: 'a', path: '/w/a' }], s);
    assert.equal(s.tasks.get('a')!.worktree, undefined);
    assert.equal(s.tasks.get('a')!.branch, 'b/a', 'the branch outlives its worktree, for merging');
  });

  it('adds tasks first named after run:started, ignores replayed seqs, and skips unknown types', () => {
    const s = project([runStarted(['a']), { type: 'task:ready', task: 'fan-out-1' }]);
    assert.deepEqual([...s.tasks.keys()], ['a', 'fan-out-1']);
    assert.equal(s.tasks.get('fan-out-1')!.status, 'ready');
    const before = structuredClone(s);
    applyEvent(s, { type: 'task:ready', task: 'a', seq: 2, at: at(9), runId: 'run-1' });
    assert.deepEqual(s, before);
    applyEvent(s, { type: 'task:teleported', task: 'a', seq: 3, at: at(9), runId: 'run-1' } as unknown as EngineEvent);
    assert.equal(s.lastSeq, 3);
    assert.equal(s.tasks.get('a')!.status, 'planning');
  });

  it('never shares arrays with the event (a listener mutating its event cannot corrupt state)', () => {
    const merged = ['a'];
    const s = project([runStarted(['a']), { type: 'run:completed', mergedTasks: merged }]);
    merged.push('evil');
    assert.deepEqual(s.mergedTasks, ['a']);
  });
});
