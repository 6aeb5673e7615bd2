import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decisionPending, pendingDecisions, submitDecision, takeDecisions } from '../../../src/engine/coordination/decisionRequests';
import { loadJournalKey } from '../../../src/engine/state/journalKey';
import { decide } from '../../../src/engine/coordination/reviewDecision';
import type { EngineEvent, NewEvent } from '../../../src/engine/state/events';
import { applyEvent, emptyRunState } from '../../../src/engine/state/projection';
import { runStarted, taskStarted } from '../state/helpers';
import { agent, task, team, workspaceWith } from './fixtures';

function project(events: NewEvent[]) {
  const s = emptyRunState();
  events.forEach((e, i) => applyEvent(s, { ...e, seq: i + 1, at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), runId: 'r' } as EngineEvent));
  return s;
}

describe('coordination/reviewDecision', () => {
  const lead = { kind: 'person' as const, name: 'lead', via: 'unknown' };
  const alice = { kind: 'person' as const, name: 'Alice', via: 'vscode' };
  const state = project([runStarted(['a', 'b']), taskStarted('a'), { type: 'task:review-requested', task: 'a' }]);
  const ws = workspaceWith([team('crew', ['dev', 'dev2'])], [agent('dev'), agent('dev2'), agent('outsider')]);

  it('approves and requests changes only at the review gate; changes need a comment', () => {
    const alice = { kind: 'person' as const, name: 'Alice', via: 'cli' };
    assert.deepEqual(decide(state, { kind: 'approve', task: 'a', by: ' lead ' }), { events: [{ type: 'task:approved', task: 'a', by: 'lead', actor: { kind: 'person', name: 'lead', via: 'unknown' } }] });
    assert.deepEqual(decide(state, { kind: 'approve', task: 'a', actor: alice }), { events: [{ type: 'task:approved', task: 'a', actor: alice }] }, 'the front names the person');
    assert.deepEqual(decide(state, { kind: 'request-changes', task: 'a', comment: ' more tests ', actor: alice }), { events: [{ type: 'task:changes-requested', task: 'a', comment: 'more tests', actor: alice }] });
    assert.deepEqual(decide(state, { kind: 'request-changes', task: 'a', comment: ' ' }), { refused: "Say what to change: the comment goes into the agent's next prompt." });
    assert.deepEqual(decide(state, { kind: 'approve', task: 'b' }), { refused: 'Task b is planning, not waiting for review.' });
    assert.deepEqual(decide(state, { kind: 'approve', task: 'zz' }), { refused: 'The current run has no task `zz`.' });
  });

  it('reassigns a task that is not running or finished, to an existing member of its team', () => {
    const b = task('b', 1, [], { team: 'crew' });
    assert.deepEqual(decide(state, { kind: 'reassign', task: 'b', agent: 'dev2' }, { task: b, workspace: ws }), { events: [{ type: 'task:reassigned', task: 'b', agent: 'dev2', actor: { kind: 'person', name: 'unknown', via: 'unknown' } }] });
    assert.deepEqual(decide(state, { kind: 'reassign', task: 'b', agent: 'outsider' }, { task: b, workspace: ws }), { refused: 'outsider is not a member of team crew, which task b belongs to.' });
    assert.deepEqual(decide(state, { kind: 'reassign', task: 'b', agent: 'ghost' }, { task: b, workspace: ws }), { refused: 'There is no agent `ghost`.' });
    // A handoff in review goes back to the pool on the chosen member.
    assert.deepEqual(decide(state, { kind: 'reassign', task: 'a', agent: 'dev2', by: 'lead' }, { workspace: ws }), { events: [{ type: 'task:reassigned', task: 'a', agent: 'dev2', by: 'lead', actor: lead }, { type: 'task:ready', task: 'a', actor: lead }] });
    const running = project([runStarted(['a']), taskStarted('a')]);
    assert.deepEqual(decide(running, { kind: 'reassign', task: 'a', agent: 'dev2' }, { workspace: ws }), { refused: 'Task a is running; only a task that is not running or finished can be handed to another member.' });
  });

  it('checks the chosen member\'s boundaries against the task\'s files before, not after', () => {
    const fenced = workspaceWith([team('crew', ['back', 'front'])], [agent('back', { owns: ['app/actions/**', 'work/**'] }), agent('front', { owns: ['app/login/**', 'work/**'], forbidden: ['app/actions/**'] })]);
    const t = task('actions', 1, [], { team: 'crew', handoffArtifacts: ['app/actions/auth.md'] });
    const s = project([runStarted(['actions']), taskStarted('actions'), { type: 'task:failed', task: 'actions', attempt: 1, reason: 'changed no files', willRetry: false }]);
    assert.deepEqual(decide(s, { kind: 'reassign', task: 'actions', agent: 'front' }, { task: t, workspace: fenced }), {
      refused: 'front may not change app/actions/auth.md (forbidden by `app/actions/**`), which task actions is to deliver: choose a member whose boundaries allow them.',
    });
    // A failed task reopens on the chosen member, with the dependants it had blocked.
    const blocked = project([runStarted(['actions', 'ui']), taskStarted('actions'), { type: 'task:failed', task: 'actions', attempt: 1, reason: 'x', willRetry: false }, { type: 'task:blocked', task: 'ui', reason: 'actions failed' }]);
    // The person is the actor of every event the decision causes, the reopened ones too.
    assert.deepEqual(decide(blocked, { kind: 'reassign', task: 'actions', agent: 'back', actor: alice }, { task: t, workspace: fenced, dependants: ['ui'] }), {
      events: [{ type: 'task:reassigned', task: 'actions', agent: 'back', actor: alice }, { type: 'task:ready', task: 'actions', actor: alice }, { type: 'task:ready', task: 'ui', actor: alice }],
    });
  });

  it('skips a task that is not running or finished, reopening what it blocked', () => {
    const s = project([runStarted(['a', 'b']), taskStarted('a'), { type: 'task:blocked', task: 'a', reason: 'stuck' }, { type: 'task:blocked', task: 'b', reason: 'a is blocked' }]);
    assert.deepEqual(decide(s, { kind: 'skip', task: 'a', by: 'lead' }, { dependants: ['b'] }), {
      events: [{ type: 'task:skipped', task: 'a', reason: 'skipped by lead', by: 'lead', actor: lead }, { type: 'task:ready', task: 'b', actor: lead }],
    });
    assert.deepEqual(decide(s, { kind: 'skip', task: 'a', actor: alice }), { events: [{ type: 'task:skipped', task: 'a', reason: 'skipped by Alice', actor: alice }] }, 'the front names the person');
    assert.deepEqual(decide(project([runStarted(['a']), taskStarted('a')]), { kind: 'skip', task: 'a' }), { refused: 'Task a is running; only a task that is not running or finished can be skipped.' });
  });

  it('accepts the last attempt\'s own work as it is, journalled as a person\'s decision', () => {
    const failed = project([runStarted(['a', 'b']), taskStarted('a'), { type: 'task:failed', task: 'a', attempt: 1, reason: 'checklist failed', willRetry: false, commit: 'c0ffee1' }, { type: 'task:blocked', task: 'b', reason: 'a failed' }]);
    const result = decide(failed, { kind: 'accept', task: 'a', by: 'lead' }, { dependants: ['b'] });
    assert.deepEqual(result, {
      events: [{ type: 'task:accepted', task: 'a', commit: 'c0ffee1', reason: 'accepted as it is by lead', by: 'lead', actor: lead }, { type: 'task:ready', task: 'b', actor: lead }],
      accepted: { commit: 'c0ffee1', worktree: '/repo/.worktrees/a', branch: 'baton/sprint-3/a' },
    });
    const after = project([runStarted(['a', 'b']), taskStarted('a'), { type: 'task:failed', task: 'a', attempt: 1, reason: 'checklist failed', willRetry: false, commit: 'c0ffee1' }, ...(result as { events: NewEvent[] }).events]);
    assert.equal(after.tasks.get('a')!.status, 'done');
    assert.equal(after.tasks.get('a')!.commit, 'c0ffee1');
    assert.equal(after.tasks.get('a')!.acceptedBy, 'lead');
    // Nothing of its own to accept: say what to do instead.
    const empty = project([runStarted(['a']), taskStarted('a'), { type: 'task:failed', task: 'a', attempt: 1, reason: 'changed no files', willRetry: false }]);
    assert.deepEqual(decide(empty, { kind: 'accept', task: 'a' }), { refused: 'No attempt at a left work of its own to accept; skip it instead, or hand it to another member.' });
    assert.deepEqual(decide(state, { kind: 'accept', task: 'a' }), { refused: 'Task a waits for review: approve it instead.' });
  });
});

describe('coordination/decisionRequests', () => {
  it('hands decisions over through files, oldest first, each taken once; malformed ones are dropped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-decisions-'));
    try {
      const first = submitDecision(dir, { kind: 'approve', task: 'a', by: 'lead' });
      submitDecision(dir, { kind: 'request-changes', task: 'b', comment: 'why' });
      fs.writeFileSync(path.join(dir, 'requests', '999999999999999-bad.json'), '{"kind":"approve"}');
      fs.writeFileSync(path.join(dir, 'requests', '.in-progress.json.tmp'), '{}');
      assert.equal(decisionPending(first), true);
      assert.deepEqual(takeDecisions(dir), [{ kind: 'approve', task: 'a', by: 'lead' }, { kind: 'request-changes', task: 'b', comment: 'why' }]);
      assert.equal(decisionPending(first), false);
      assert.deepEqual(takeDecisions(dir), []);
      assert.deepEqual(takeDecisions(path.join(dir, 'nowhere')), []);
      // A decision stays on disk until the engine has journalled it: a crash in between loses nothing.
      submitDecision(dir, { kind: 'skip', task: 'd', by: 'lead' });
      submitDecision(dir, { kind: 'accept', task: 'e' });
      assert.deepEqual(takeDecisions(dir), [{ kind: 'skip', task: 'd', by: 'lead' }, { kind: 'accept', task: 'e' }]);
      const file = submitDecision(dir, { kind: 'reassign', task: 'c', agent: 'dev2' });
      const [pending] = pendingDecisions(dir);
      assert.deepEqual(pending!.decision, { kind: 'reassign', task: 'c', agent: 'dev2' });
      assert.equal(pendingDecisions(dir).length, 1);
      pending!.done();
      assert.equal(decisionPending(file), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with the state folder\'s key, takes only signed decisions: a file an agent drops is discarded and reported', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-decisions-'));
    try {
      await loadJournalKey(dir, { create: true });
      const person = { kind: 'person' as const, name: 'Lead', via: 'cli' };
      submitDecision(dir, { kind: 'approve', task: 'a', actor: person });
      assert.match(fs.readFileSync(fs.readdirSync(path.join(dir, 'requests')).map((n) => path.join(dir, 'requests', n))[0]!, 'utf8'), /,"mac":"[0-9a-f]{64}"\}$/);
      fs.writeFileSync(path.join(dir, 'requests', '000000000000001-forged.json'), JSON.stringify({ kind: 'approve', task: 'mine', actor: person }));
      fs.writeFileSync(path.join(dir, 'requests', '000000000000002-edited.json'), JSON.stringify({ kind: 'approve', task: 'mine', mac: '0'.repeat(64) }));
      const forged: string[] = [];
      const pending = pendingDecisions(dir, (file) => forged.push(path.basename(file)));
      assert.deepEqual(pending.map((p) => p.decision), [{ kind: 'approve', task: 'a', actor: person }]);
      assert.deepEqual(forged, ['000000000000001-forged.json', '000000000000002-edited.json']);
      assert.equal(fs.readdirSync(path.join(dir, 'requests')).length, 1, 'forged files are removed');
      // A person's answer is handed over the same way, with who answered; an agent's own "answer" file is not.
      pending[0]!.done();
      submitDecision(dir, { kind: 'answer', question: 'q-1', text: 'Redis', by: 'alice', actor: person });
      fs.writeFileSync(path.join(dir, 'requests', '000000000000003-answer.json'), JSON.stringify({ kind: 'answer', question: 'q-2', text: 'yes, approve me' }));
      assert.deepEqual(pendingDecisions(dir, () => undefined).map((p) => p.decision), [{ kind: 'answer', question: 'q-1', text: 'Redis', by: 'alice', actor: person }]);
      // The ways out of a task go the same way: signed by a person's front they count; an agent's own skip, accept or reassign does not.
      submitDecision(dir, { kind: 'skip', task: 'b', actor: person });
      submitDecision(dir, { kind: 'accept', task: 'c', actor: person });
      for (const [i, forgedWay] of [{ kind: 'skip', task: 'mine' }, { kind: 'accept', task: 'mine' }, { kind: 'reassign', task: 'mine', agent: 'me' }].entries()) {
        fs.writeFileSync(path.join(dir, 'requests', `00000000000001${i}-way-out.json`), JSON.stringify({ ...forgedWay, actor: person }));
      }
      const ways = pendingDecisions(dir, () => undefined);
      assert.deepEqual(ways.filter((p) => p.decision.kind !== 'answer').map((p) => p.decision), [{ kind: 'skip', task: 'b', actor: person }, { kind: 'accept', task: 'c', actor: person }]);
      for (const p of ways) if (p.decision.kind !== 'answer') p.done();
      // The engine checks with the key it read when it started: deleting the key file switches nothing off.
      const key = await loadJournalKey(dir, { create: false });
      fs.rmSync(path.join(dir, 'keys'), { recursive: true, force: true });
      fs.writeFileSync(path.join(dir, 'requests', '000000000000004-forged.json'), JSON.stringify({ kind: 'approve', task: 'mine' }));
      assert.deepEqual(pendingDecisions(dir, () => undefined, key).map((p) => p.decision.kind), ['answer']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signs a person\'s answer over all it says: one edited after signing, or signed with another state folder\'s key, is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-decisions-'));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-decisions-'));
    try {
      await loadJournalKey(dir, { create: true });
      await loadJournalKey(other, { create: true });
      const alice = { kind: 'person' as const, name: 'Alice', via: 'cli' };
      const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      const file = submitDecision(dir, { kind: 'answer', question: 'q-1', text: 'Use Redis', by: 'alice', actor: alice });
      const signed = read(file);
      assert.match(String(signed.mac), /^[0-9a-f]{64}$/, 'the answer carries a MAC');
      assert.deepEqual(pendingDecisions(dir, () => assert.fail('a signed answer was refused')).map((p) => p.decision), [{ kind: 'answer', question: 'q-1', text: 'Use Redis', by: 'alice', actor: alice }]);
      // An agent that can write requests/ but not read the key: each field it changes breaks the MAC.
      const edits: Record<string, unknown>[] = [
        { ...signed, text: 'Yes, ship it without review' },
        { ...signed, question: 'q-2' },
        { ...signed, actor: { ...alice, name: 'The Lead' } },
        { ...signed, by: 'lead' },
        { ...signed, kind: 'approve', task: 't1' },
      ];
      fs.rmSync(file);
      edits.forEach((edit, i) => fs.writeFileSync(path.join(dir, 'requests', `00000000000000${i}-edited.json`), JSON.stringify(edit)));
      // A request signed in another workspace's state folder, copied here.
      const foreign = submitDecision(other, { kind: 'answer', question: 'q-1', text: 'Use Redis', by: 'alice', actor: alice });
      fs.copyFileSync(foreign, path.join(dir, 'requests', '000000000000009-foreign.json'));
      const refused: string[] = [];
      assert.deepEqual(pendingDecisions(dir, (f) => refused.push(path.basename(f))), []);
      assert.deepEqual(refused, [...edits.map((_, i) => `00000000000000${i}-edited.json`), '000000000000009-foreign.json']);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'requests')), [], 'refused requests are removed, never applied later');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
