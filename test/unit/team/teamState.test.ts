import assert from 'node:assert/strict';
import type { EngineEvent, NewEvent } from '../../../src/engine/state/events';
import { applyEvent, emptyRunState } from '../../../src/engine/state/projection';
import type { RunState } from '../../../src/engine/state/runState';
import type { QuestionAddressee } from '../../../src/engine/state/teamEvents';
import { deserializeRunState, serializeRunState } from '../../../src/engine/state/snapshot';
import { parkDecision, settledEmergencies, waitingVerdicts } from '../../../src/engine/team/parking';
import { inboxOf } from '../../../src/engine/team/inbox';
import { runStarted, taskStarted } from '../state/helpers';

function project(events: NewEvent[], state: RunState = emptyRunState()): RunState {
  let seq = state.lastSeq;
  for (const e of events) applyEvent(state, { ...e, seq: ++seq, at: new Date(Date.UTC(2025, 0, 13, 9, 0, seq)).toISOString(), runId: 'run-1' } as EngineEvent);
  return state;
}

const asked = (question: string, task: string, to: QuestionAddressee, blocking = true, attempt = 1): NewEvent =>
  ({ type: 'question:asked', question, task, attempt, from: 'fe', to, text: `${question}?`, blocking });

describe('team state: projection of the communication layer', () => {
  it('projects questions, answers, status reports, waiting, created tasks, events, emergencies and denials — and survives a snapshot', () => {
    const s = project([
      runStarted(['ui', 'api']), taskStarted('ui'),
      asked('q-1', 'ui', { kind: 'person' }),
      { type: 'task:status-reported', task: 'ui', agent: 'fe', attempt: 1, status: 'building', progress: 40, completedWork: ['form'], remainingWork: ['api'], blockers: [] },
      { type: 'task:agent-exited', task: 'ui', attempt: 1, status: 'success', summary: 'asked', sessionId: 's-1' },
      { type: 'task:waiting', task: 'ui', attempt: 1, checkpoint: 'abc', reason: 'waits for the answer to q-1', questions: ['q-1'], sessionId: 's-1' },
      { type: 'event:raised', event: 'ev-1', name: 'bug_discovered', data: { title: 'x' }, source: { task: 'api', agent: 'be' }, critical: true, deliveries: [{ team: 'eng', action: 'task', task: 'eng-bug-1' }], key: 'k' },
      { type: 'task:created', task: 'eng-bug-1', definition: { title: 'Fix x', description: '', type: 'bug', priority: 'critical', estimate: 1, team: 'eng', dependencies: [], acceptanceCriteria: [], checklist: [], producesChanges: true, emergency: 'ev-1' }, by: { event: 'ev-1', team: 'eng' } },
      { type: 'task:dependency-added', task: 'api', dependsOn: 'eng-bug-1', reason: 'r' },
      { type: 'emergency:started', emergency: 'ev-1', name: 'bug_discovered', tasks: ['eng-bug-1'], pause: false },
      { type: 'access:denied', tool: 'create_task', reason: 'only an orchestrator may create tasks', caller: { agent: 'be', role: 'team_member', task: 'api', attempt: 1 } },
    ]);
    const ui = s.tasks.get('ui')!;
    assert.equal(ui.status, 'waiting');
    assert.deepEqual(ui.waiting, { attempt: 1, checkpoint: 'abc', reason: 'waits for the answer to q-1', questions: ['q-1'], sessionId: 's-1' });
    assert.equal(ui.currentAttempt, undefined);
    assert.deepEqual([ui.progress?.progress, ui.progress?.status, ui.progress?.remainingWork], [40, 'building', ['api']]);
    assert.deepEqual(s.tasks.get('api')!.addedDependencies, ['eng-bug-1']);
    assert.equal(s.tasks.get('eng-bug-1')!.created?.definition.emergency, 'ev-1');
    assert.deepEqual(s.team!.raisedKeys, ['k']);
    assert.deepEqual(s.team!.emergencies.map((e) => e.status), ['active']);
    assert.deepEqual(deserializeRunState(serializeRunState(s)), s);

    const inbox = inboxOf(s);
    assert.deepEqual(inbox.questions.map((q) => [q.id, q.asker, q.addressee, q.status, q.parksTask]), [['q-1', 'fe', 'person', 'open', true]]);
    assert.deepEqual(inbox.denials.map((d) => [d.agent, d.tool]), [['be', 'create_task']]);
    assert.deepEqual(waitingVerdicts(s), []);

    project([{ type: 'question:answered', question: 'q-1', answer: 'Redis', by: 'alice', via: 'person' }], s);
    assert.deepEqual(waitingVerdicts(s), [{ task: 'ui', action: 'resume' }]);
    project([{ type: 'task:ready', task: 'ui' }], s);
    assert.equal(s.tasks.get('ui')!.waiting?.checkpoint, 'abc', 'kept for the attempt that continues it');
    project([taskStarted('ui', 2)], s);
    assert.equal(s.tasks.get('ui')!.waiting, undefined);

    assert.deepEqual(settledEmergencies(s), []);
    project([taskStarted('eng-bug-1'), { type: 'task:succeeded', task: 'eng-bug-1', attempt: 1 }], s);
    assert.deepEqual(settledEmergencies(s), [{ emergency: 'ev-1', outcome: 'done' }]);
  });

  it('parks an attempt on an unconsumed blocking question, an unfinished added dependency or an emergency; blocks it when what it waits for failed', () => {
    const s = project([runStarted(['qa', 'fix', 'other']), taskStarted('qa'), asked('q-1', 'qa', { kind: 'agent', agent: 'dev' }), asked('q-2', 'qa', { kind: 'person' }, false)]);
    assert.deepEqual(parkDecision(s, 'qa', 1, { consumed: new Set() }), { reason: 'waits for the answer to q-1', questions: ['q-1'] });
    assert.equal(parkDecision(s, 'qa', 1, { consumed: new Set(['q-1']) }), undefined, 'the answer reached it; a non-blocking question never parks');
    assert.equal(parkDecision(s, 'qa', 2, { consumed: new Set() }), undefined, 'another attempt asked nothing');
    project([{ type: 'task:dependency-added', task: 'qa', dependsOn: 'fix', reason: 'r' }], s);
    const park = parkDecision(s, 'qa', 1, { consumed: new Set(['q-1']), emergency: 'ev-9' })!;
    assert.deepEqual([park.tasks, park.emergency, park.reason], [['fix'], 'ev-9', 'waits for fix, then runs again; parked for the emergency ev-9']);
    project([{ type: 'task:waiting', task: 'qa', attempt: 1, checkpoint: 'c', reason: 'r', tasks: ['fix'] }, { type: 'task:failed', task: 'fix', attempt: 1, reason: 'no', willRetry: false }], s);
    assert.deepEqual(waitingVerdicts(s), [{ task: 'qa', action: 'block', reason: 'it waited for fix, which is failed' }]);
  });
});
