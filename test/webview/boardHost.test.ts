/**
 * The board's host side in plain Node: protocol guards, the engine → board mapping, move
 * validation, dashboard figures, the ready handshake and request handling of the controllers.
 */
import assert from 'node:assert/strict';
import type { LoadResult, Workspace } from '../../src/engine/model/workspace';
import type { EngineEvent } from '../../src/engine/state/events';
import { applyEvent, emptyRunState } from '../../src/engine/state/projection';
import type { RunState } from '../../src/engine/state/runState';
import { BoardController } from '../../src/extension/board/boardController';
import { boardCsp, boardHtml } from '../../src/extension/board/boardHtml';
import { boardMembers, boardTasks, graphFacts, pickSprint } from '../../src/extension/board/boardModel';
import type { BoardSession } from '../../src/extension/board/boardSession';
import { computeMetrics } from '../../src/extension/board/dashboardMetrics';
import { validateMove, type MoveContext } from '../../src/extension/board/moveValidation';
import { ReviewController } from '../../src/extension/board/reviewController';
import { readHandoff, reviewActions } from '../../src/extension/board/reviewModel';
import { RunEventLog } from '../../src/extension/board/runHistory';
import { WebviewChannel } from '../../src/extension/board/webviewChannel';
import type { BoardSnapshot, ReviewSnapshot } from '../../src/shared/boardTypes';
import { columnOf } from '../../src/shared/boardTypes';
import { isHostMessage, isWebviewMessage, type HostMessage } from '../../src/shared/protocol';
import { RequestClient } from '../../webview-ui/src/rpc';
import { engineTask, type TaskSpec } from './boardFixtures';

const SPECS: TaskSpec[] = [
  { id: 'a', estimate: 2, team: 'eng', assignee: 'alice' },
  { id: 'b', dependencies: ['a'], estimate: 5, team: 'eng' },
  { id: 'c', dependencies: ['a'], estimate: 1, team: 'eng', assignee: 'bob' },
  { id: 'd', dependencies: ['b', 'c', 'nope'], estimate: 1, team: 'qa' },
];

function workspace(): Workspace {
  const loc = { file: '/ws/.claude/teams.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
  const team = (id: string, members: string[]) => ({
    id, name: id, members: members.map((agent) => ({ agent, capacity: 2, specialties: [], location: loc })), capabilities: [], subscriptions: [],
    autoAssign: true, requireReview: false, worktreeStrategy: 'task_level' as const, location: loc,
  });
  return {
    root: '/ws', configRoot: '/ws/.claude', teams: new Map([['eng', team('eng', ['alice', 'bob'])], ['qa', team('qa', ['quinn'])]]),
    agents: new Map(), epics: new Map(),
    sprints: new Map([['sprint-1', {
      id: 'sprint-1', file: '/ws/.claude/sprints/sprint-1.yaml', name: 'Sprint 1', description: '', teams: ['eng', 'qa'], goals: [], prerequisites: [],
      tasks: SPECS.map((s, i) => engineTask(s, i * 5 + 4)), successCriteria: [], durationDays: 2, location: loc,
    }]]),
    settings: { defaultRunner: 'script', worktreeStrategy: 'task_level', worktrees: { copy: [], symlink: [], keepFailed: false }, taskTimeoutSeconds: 60, stallTimeoutSeconds: 60, maxRetries: 1, executables: {}, prices: {}, maxQuestionsPerTask: 5, sandbox: 'auto', estimateUnit: 'hours' },
  };
}

let seq = 0;
function event(e: Record<string, unknown>, at = new Date().toISOString()): EngineEvent {
  return { seq: ++seq, at, runId: 'run-1', ...e } as unknown as EngineEvent;
}

/** A session double: real projection over events the test feeds it. */
class FakeSession implements BoardSession {
  readonly workspace: LoadResult = { workspace: workspace(), diagnostics: [], files: [] };
  state: RunState = emptyRunState();
  runningHere = true;
  readonly listeners = new Set<(e: EngineEvent) => void>();
  readonly calls: string[] = [];
  /** What `checkDecision` refuses, by `kind task agent` (else allowed). */
  readonly refusals = new Map<string, string>();
  async approveTask(taskId: string, by?: string): Promise<void> {
    this.calls.push(`approve ${taskId}${by ? ` by ${by}` : ''}`);
  }
  async requestChanges(taskId: string, comment: string): Promise<void> {
    this.calls.push(`changes ${taskId}: ${comment}`);
  }
  async reassignTask(taskId: string, agent: string): Promise<undefined> {
    this.calls.push(`reassign ${taskId} ${agent}`);
    setTimeout(() => this.emit({ type: 'task:reassigned', task: taskId, agent }), 5);
    return undefined;
  }
  async skipTask(taskId: string): Promise<undefined> {
    this.calls.push(`skip ${taskId}`);
    return undefined;
  }
  async acceptTask(taskId: string): Promise<undefined> {
    this.calls.push(`accept ${taskId}`);
    return undefined;
  }
  checkDecision(decision: { kind: string; task: string; agent?: string }): string | undefined {
    return this.refusals.get(`${decision.kind} ${decision.task}${decision.agent ? ` ${decision.agent}` : ''}`);
  }
  get run() {
    return this.state;
  }
  get runId() {
    return this.state.runId;
  }
  onEvent(listener: (e: EngineEvent) => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  emit(e: Record<string, unknown>): EngineEvent {
    const full = event(e);
    applyEvent(this.state, full);
    for (const l of this.listeners) l(full);
    return full;
  }
  async cancelTask(taskId: string): Promise<void> {
    this.calls.push(`cancel ${taskId}`);
  }
  async retryTask(taskId: string): Promise<undefined> {
    this.calls.push(`retry ${taskId}`);
    setTimeout(() => this.emit({ type: 'task:ready', task: taskId }), 5);
    return new Promise(() => undefined); // a resumed run that goes on
  }
  start(): void {
    this.emit({ type: 'run:started', sprint: 'sprint-1', baseBranch: 'main', baseCommit: 'base0', maxParallel: 2, taskIds: SPECS.map((s) => s.id), workspaceRoot: '/ws' });
  }
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('board protocol', () => {
  it('accepts well-formed webview messages and rejects the rest', () => {
    assert.equal(isWebviewMessage({ type: 'ready', app: 'board' }), true);
    assert.equal(isWebviewMessage({ type: 'request', id: 1, method: 'moveTask', params: { taskId: 'a', move: { kind: 'reassign', agent: 'bob' } } }), true);
    assert.equal(isWebviewMessage({ type: 'request', id: 1, method: 'moveTask', params: { taskId: 'a', move: { kind: 'teleport' } } }), false);
    assert.equal(isWebviewMessage({ type: 'request', id: 1, method: 'requestChanges', params: { taskId: 'a', comment: '' } }), false);
    assert.equal(isWebviewMessage({ type: 'request', id: 1.5, method: 'openTask', params: { taskId: 'a' } }), false);
    assert.equal(isWebviewMessage({ type: 'request', id: 2, method: 'deleteEverything', params: { taskId: 'a' } }), false);
    assert.equal(isWebviewMessage({ type: 'ready', app: 'other' }), false);
    assert.equal(isWebviewMessage(null), false);
    assert.equal(isHostMessage({ type: 'tasksChanged', tasks: [], hostNow: '' }), true);
    assert.equal(isHostMessage({ type: 'whatever' }), false);
  });

  it('puts cancelled tasks with the failed and skipped ones with the done', () => {
    assert.equal(columnOf('cancelled'), 'failed');
    assert.equal(columnOf('skipped'), 'done');
    assert.equal(columnOf('review'), 'review');
  });

  it('the page has a strict CSP with the nonce, and no inline script or style', () => {
    const html = boardHtml({ nonce: 'n0nce', scriptUri: 'https://x/webview.js', styleUri: 'https://x/board.css', cspSource: 'https://x' });
    assert.equal(boardCsp('n0nce', 'https://x'), "default-src 'none'; script-src 'nonce-n0nce'; style-src https://x; img-src https://x data:; font-src https://x; base-uri 'none'; form-action 'none'");
    assert.match(html, /<script nonce="n0nce" src="https:\/\/x\/webview.js"><\/script>/);
    assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/);
  });

  it('the request client matches responses by id and times out', async () => {
    const posted: unknown[] = [];
    const client = new RequestClient({ postMessage: (m) => posted.push(m), getState: () => undefined, setState: () => undefined });
    const first = client.request('openTask', { taskId: 'a' });
    const second = client.request('openTask', { taskId: 'b' }, 20);
    client.settle({ type: 'response', id: 1, ok: false, error: 'no such task' });
    await assert.rejects(first, /no such task/);
    await assert.rejects(second, (e: Error & { timedOut?: boolean }) => e.timedOut === true);
    client.settle({ type: 'response', id: 2, ok: true, result: null }); // late: ignored
    assert.equal(client.pendingCount, 0);
    assert.deepEqual(posted.map((m) => (m as { id: number }).id), [1, 2]);
  });
});

describe('board model (engine → board)', () => {
  it('maps tasks with levels, the critical path, known dependencies and run state', () => {
    const ws = workspace();
    const sprint = ws.sprints.get('sprint-1')!;
    const facts = graphFacts(sprint.tasks);
    assert.deepEqual(facts.criticalPath, ['a', 'b', 'd']);
    const run = emptyRunState();
    run.sprint = 'sprint-1';
    applyEvent(run, event({ type: 'run:started', sprint: 'sprint-1', baseBranch: 'main', baseCommit: 'x', maxParallel: 2, taskIds: ['a', 'b', 'c', 'd'], workspaceRoot: '/ws' }));
    applyEvent(run, event({ type: 'task:started', task: 'a', agent: 'alice', attempt: 1, worktree: '/w/a', branch: 'baton/a', checkpoint: 'c0', resultFile: 'r', logFile: 'l' }, '2026-01-01T10:00:00.000Z'));
    applyEvent(run, event({ type: 'task:agent-exited', task: 'a', attempt: 1, status: 'success', costUsd: 0.5 }));
    const tasks = boardTasks(sprint, run, facts);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    assert.deepEqual(tasks.map((t) => [t.id, t.level, t.critical]), [['a', 0, true], ['b', 1, true], ['c', 1, false], ['d', 2, true]]);
    assert.deepEqual(byId.get('d')!.dependencies, ['b', 'c'], 'unknown ids dropped');
    assert.equal(byId.get('a')!.status, 'running');
    assert.equal(byId.get('a')!.runningSince, '2026-01-01T10:00:00.000Z');
    assert.equal(byId.get('a')!.costUsd, 0.5);
    assert.equal(byId.get('c')!.agent, 'bob', 'the file\'s assignee until the run picks one');
    assert.equal(byId.get('a')!.line, 4);
    assert.deepEqual(boardMembers(ws, sprint).map((m) => `${m.team}/${m.agent}`), ['eng/alice', 'eng/bob', 'qa/quinn']);
    assert.equal(pickSprint(ws, run, undefined)?.id, 'sprint-1');
  });

  it('validates moves against the run state and says why not', () => {
    const base: MoveContext = {
      taskId: 't', status: 'ready', attempts: 0, agent: 'alice', team: 'eng', sprintRunning: true, runningHere: true, trusted: true,
      members: [{ agent: 'alice', team: 'eng', capacity: 1 }, { agent: 'bob', team: 'eng', capacity: 1 }, { agent: 'quinn', team: 'qa', capacity: 1 }],
      checkReassign: (agent) => (agent === 'carol' ? 'carol may not change app/x.md (forbidden by `app/**`)' : undefined),
    };
    const v = (move: Parameters<typeof validateMove>[0], over: Partial<MoveContext> = {}) => {
      const r = validateMove(move, { ...base, ...over });
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(v({ kind: 'cancel' }), 'ok');
    assert.equal(v({ kind: 'cancel' }, { status: 'running' }), 'ok');
    assert.match(v({ kind: 'cancel' }, { status: 'done' }), /only planned, ready or running/);
    assert.match(v({ kind: 'cancel' }, { runningHere: false }), /Only a run started in this window/);
    assert.match(v({ kind: 'cancel' }, { sprintRunning: false }), /not running/);
    assert.equal(v({ kind: 'approve' }, { status: 'review' }), 'ok');
    assert.match(v({ kind: 'approve' }), /only a task in review/);
    assert.match(v({ kind: 'approve' }, { status: 'review', trusted: false }), /trusted workspace/);
    assert.match(v({ kind: 'requestChanges', comment: '  ' }, { status: 'review' }), /Say what to change/);
    assert.equal(v({ kind: 'retry' }, { status: 'failed' }), 'ok');
    assert.match(v({ kind: 'retry' }, { status: 'blocked', trusted: false }), /Restricted Mode/);
    assert.equal(v({ kind: 'reassign', agent: 'bob' }), 'ok');
    assert.match(v({ kind: 'reassign', agent: 'quinn' }), /not a member of team eng/);
    assert.match(v({ kind: 'reassign', agent: 'bob' }, { status: 'running', attempts: 1 }), /only a task that is not running or finished/);
    assert.equal(v({ kind: 'reassign', agent: 'bob' }, { status: 'failed', attempts: 2 }), 'ok', 'a failed task can go to another member');
    assert.match(v({ kind: 'reassign', agent: 'carol' }, { members: [...base.members, { agent: 'carol', team: 'eng', capacity: 1 }] }), /carol may not change app\/x\.md/);
    assert.match(v({ kind: 'reassign', agent: 'alice' }), /already alice's/);
  });

  it('computes the dashboard from the journal', () => {
    seq = 0;
    const t0 = Date.parse('2026-01-01T10:00:00Z');
    const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
    const started = (task: string, agent: string, min: number) => event({ type: 'task:started', task, agent, attempt: 1, worktree: 'w', branch: 'b', checkpoint: 'c', resultFile: 'r', logFile: 'l' }, at(min));
    const events = [
      event({ type: 'run:started', sprint: 's', baseBranch: 'main', baseCommit: 'x', maxParallel: 2, taskIds: ['a', 'b', 'c', 'd'], workspaceRoot: '/' }, at(0)),
      started('a', 'alice', 0),
      event({ type: 'task:agent-exited', task: 'a', attempt: 1, status: 'success', costUsd: 1.25 }, at(10)),
      event({ type: 'task:succeeded', task: 'a', attempt: 1 }, at(10)),
      started('b', 'alice', 10),
      started('c', 'bob', 10),
      event({ type: 'task:blocked', task: 'c', reason: 'conflict' }, at(20)),
      event({ type: 'task:ready', task: 'c' }, at(30)),
      event({ type: 'task:agent-exited', task: 'b', attempt: 1, status: 'success' }, at(40)),
      event({ type: 'task:review-requested', task: 'b' }, at(40)),
      event({ type: 'task:approved', task: 'b' }, at(45)),
      event({ type: 'task:cancelled', task: 'd' }, at(50)),
    ];
    const m = computeMetrics({ events, tasks: SPECS.map((s) => ({ id: s.id, estimate: s.estimate ?? 1 })), capacities: new Map([['alice', 1], ['bob', 2]]), now: t0 + 60 * 60_000, durationDays: 1 });
    assert.equal(m.totalEstimate, 9);
    assert.deepEqual(m.burndown.map((p) => p.value), [9, 7, 2, 1, 1], 'a done, b approved, d cancelled, then now');
    assert.equal(m.done, 2);
    assert.deepEqual(m.cycleTimes, [{ task: 'a', ms: 10 * 60_000 }, { task: 'b', ms: 35 * 60_000 }]);
    assert.equal(m.cycleTime!.medianMs, 35 * 60_000);
    const alice = m.utilization.find((u) => u.agent === 'alice')!;
    assert.equal(alice.busyMs, 40 * 60_000);
    assert.ok(Math.abs(alice.utilization - 40 / 60) < 1e-9);
    const bob = m.utilization.find((u) => u.agent === 'bob')!;
    assert.equal(bob.busyMs, 10 * 60_000, 'bob ran until the task blocked');
    assert.ok(Math.abs(bob.utilization - 10 / 120) < 1e-9, 'capacity 2');
    assert.ok(Math.abs(m.averageParallelism! - 50 / 60) < 1e-9);
    assert.ok(Math.abs(m.parallelEfficiency! - 50 / 120) < 1e-9);
    assert.deepEqual(m.blocked, [{ task: 'c', ms: 10 * 60_000 }]);
    assert.deepEqual(m.cost, { totalUsd: 1.25, perTask: [{ task: 'a', usd: 1.25 }], reportedTasks: 1 });
    assert.equal(m.throughput.bucketMs, 5 * 60_000);
    assert.equal(m.throughput.counts.reduce((s, c) => s + c, 0), 2);
    assert.equal(m.ideal?.length, 2);
  });

  it('merges journal history with live events without losing or repeating any', () => {
    const log = new RunEventLog();
    log.reset('run-1');
    const e = (n: number) => ({ seq: n, at: '', runId: 'run-1', type: 'task:ready', task: 'a' }) as EngineEvent;
    log.add(e(3));
    log.add(e(4));
    log.loaded('run-1', [e(1), e(2), e(3)]);
    log.add(e(5));
    log.add(e(5));
    assert.deepEqual(log.events.map((x) => x.seq), [1, 2, 3, 4, 5]);
  });
});

describe('board host handshake and requests', () => {
  it('holds messages until ready, answers each request once with its id, drops malformed ones', async () => {
    const posted: HostMessage[] = [];
    const channel = new WebviewChannel((m) => posted.push(m), {
      onReady: () => void posted.push({ type: 'metricsChanged', metrics: undefined }),
      onRequest: async (r) => {
        if (r.method === 'openTask' && r.params.taskId === 'bad') throw new Error('refused');
        return null;
      },
    });
    channel.send({ type: 'reveal', taskId: 'a' });
    channel.sendIfReady({ type: 'tasksChanged', tasks: [], hostNow: '' });
    assert.equal(posted.length, 0);
    await channel.receive({ type: 'ready', app: 'board' });
    assert.deepEqual(posted.map((m) => m.type), ['metricsChanged', 'reveal']);
    await channel.receive({ type: 'request', id: 7, method: 'openTask', params: { taskId: 'bad' } });
    await channel.receive({ type: 'request', id: 8, method: 'openTask', params: { taskId: 'ok' } });
    await channel.receive({ type: 'request', id: 9, method: 'openTask', params: {} });
    assert.deepEqual(posted.slice(2), [
      { type: 'response', id: 7, ok: false, error: 'refused' },
      { type: 'response', id: 8, ok: true, result: null },
    ]);
  });

  it('sends a snapshot after ready, then batched deltas from engine events', async () => {
    seq = 0;
    const session = new FakeSession();
    session.start();
    const posted: HostMessage[] = [];
    const board = new BoardController({ session, post: (m) => posted.push(m), effects: { openTask: () => undefined, openReview: () => undefined, runTaskAction: () => undefined, runResultAction: () => undefined }, readHistory: async () => [], flushMs: 10, metricsMs: 10 });
    session.emit({ type: 'task:ready', task: 'a' });
    await tick(20);
    assert.equal(posted.length, 0, 'nothing before ready');
    board.reveal({ taskId: 'c', tab: 'graph' });
    await board.receive({ type: 'ready', app: 'board' });
    assert.deepEqual(posted.map((m) => m.type), ['snapshot', 'reveal']);
    const snap = (posted[0] as { snapshot: BoardSnapshot }).snapshot;
    assert.equal(snap.tasks.find((t) => t.id === 'a')!.status, 'ready');
    assert.deepEqual(snap.criticalPath, ['a', 'b', 'd']);
    assert.equal(snap.sprint?.id, 'sprint-1');
    assert.equal(snap.sprint?.estimateUnit, 'hours');
    assert.equal(snap.capabilities.approve, true);
    assert.deepEqual(snap.tasks.find((t) => t.id === 'a')!.unblocks, ['b', 'c'], 'direct dependants, as baton plan lists them');
    posted.length = 0;
    session.emit({ type: 'task:started', task: 'a', agent: 'alice', attempt: 1, worktree: 'w', branch: 'b', checkpoint: 'c', resultFile: 'r', logFile: 'l' });
    session.emit({ type: 'task:succeeded', task: 'a', attempt: 1 });
    session.emit({ type: 'task:ready', task: 'b' });
    await tick(40);
    const deltas = posted.filter((m): m is Extract<HostMessage, { type: 'tasksChanged' }> => m.type === 'tasksChanged');
    assert.equal(deltas.length, 1, 'one batch');
    assert.deepEqual(deltas[0]!.tasks.map((t) => `${t.id}:${t.status}`), ['a:done', 'b:ready']);
    const metrics = posted.find((m): m is Extract<HostMessage, { type: 'metricsChanged' }> => m.type === 'metricsChanged');
    assert.equal(metrics?.metrics?.done, 1);
    board.dispose();
  });

  it('validates moves with the engine, refuses with the reason, and calls the engine when allowed', async () => {
    seq = 0;
    const session = new FakeSession();
    session.start();
    session.emit({ type: 'task:ready', task: 'a' });
    const posted: HostMessage[] = [];
    const opened: string[] = [];
    const board = new BoardController({
      session, post: (m) => posted.push(m), readHistory: async () => [],
      effects: {
        openTask: (f, l) => void opened.push(`${f}:${l}`), openReview: (id) => void opened.push(`review ${id}`),
        runTaskAction: (action, id, sprint) => void opened.push(`${action} ${id} in ${sprint}`), runResultAction: (action) => void opened.push(`result ${action}`),
      },
    });
    await board.receive({ type: 'ready', app: 'board' });
    const ask = async (id: number, method: string, params: unknown) => {
      await board.receive({ type: 'request', id, method, params });
      return posted.find((m) => m.type === 'response' && m.id === id);
    };
    assert.deepEqual(await ask(1, 'moveTask', { taskId: 'a', move: { kind: 'cancel' } }), { type: 'response', id: 1, ok: true, result: null });
    assert.deepEqual(session.calls, ['cancel a']);
    session.runningHere = false;
    assert.deepEqual(await ask(2, 'moveTask', { taskId: 'a', move: { kind: 'cancel' } }), { type: 'response', id: 2, ok: false, error: 'Only a run started in this window can cancel single tasks; cancel the run instead.' });
    assert.match((await ask(3, 'moveTask', { taskId: 'a', move: { kind: 'approve' } }) as { error: string }).error, /only a task in review/);
    session.emit({ type: 'task:started', task: 'c', agent: 'bob', attempt: 1, worktree: 'w', branch: 'b', checkpoint: 'c', resultFile: 'r', logFile: 'l' });
    session.emit({ type: 'task:review-requested', task: 'c' });
    assert.equal((await ask(5, 'moveTask', { taskId: 'c', move: { kind: 'approve' } }) as { ok: boolean }).ok, true);
    session.emit({ type: 'task:failed', task: 'c', attempt: 1, reason: 'x', willRetry: false });
    assert.equal((await ask(6, 'moveTask', { taskId: 'c', move: { kind: 'retry' } }) as { ok: boolean }).ok, true, 'answered once the engine takes the retry');
    assert.deepEqual(session.calls, ['cancel a', 'approve c by VS Code', 'retry c']);
    assert.equal((await ask(7, 'openTask', { taskId: 'b' }) as { ok: boolean }).ok, true);
    assert.equal((await ask(8, 'openReview', { taskId: 'c' }) as { ok: boolean }).ok, true);
    // Task actions run the trees' commands; result actions need a completed run.
    assert.equal((await ask(10, 'taskAction', { taskId: 'c', action: 'openLog' }) as { ok: boolean }).ok, true);
    assert.match((await ask(11, 'resultAction', { action: 'merge' }) as { error: string }).error, /no completed run/);
    assert.deepEqual(opened, ['/ws/.claude/sprints/sprint-1.yaml:9', 'review c', 'openLog c in sprint-1']);
    assert.match((await ask(9, 'openTask', { taskId: 'zzz' }) as { error: string }).error, /No task zzz/);
    assert.match((await ask(12, 'taskAction', { taskId: 'zzz', action: 'edit' }) as { error: string }).error, /No task zzz/);
    board.dispose();
  });
});

describe('review host', () => {
  it('reads the handoff package defensively from the review event and the task state', () => {
    const h = readHandoff(
      { type: 'task:review-requested', task: 'c', handoff: { summary: 'Did it', known_issues: ['slow'], checklist: [{ item: 'tests', verify: 'npm test', passed: true, output: 'ok' }, 'stated', { bogus: 1 }] } },
      { summary: 'older', artifacts: ['docs/a.md'], diffStat: { files: [{ path: 'a.ts', status: 'A', insertions: 3, deletions: 0 }, { nope: true }] } },
    );
    assert.equal(h.summary, 'Did it');
    assert.deepEqual(h.knownIssues, ['slow']);
    assert.deepEqual(h.artifacts, ['docs/a.md']);
    assert.deepEqual(h.checklist, [{ item: 'tests', verify: ['npm test'], passed: true, output: 'ok' }, { item: 'stated' }]);
    assert.deepEqual(h.diffStat, { files: [{ path: 'a.ts', status: 'A', insertions: 3, deletions: 0 }], insertions: 3, deletions: 0 });
    assert.deepEqual(readHandoff(undefined, undefined), { notes: [], knownIssues: [], artifacts: [], acceptanceCriteria: [], checklist: [] });
    assert.deepEqual(reviewActions('review', false).approve, { enabled: false, reason: 'Decisions on tasks need a trusted workspace (Restricted Mode).' });
    assert.deepEqual(reviewActions('done', true).requestChanges, { enabled: false }, 'no reason to show: the outcome says what became of it');
  });

  it('sends the review after ready and turns decisions into engine calls', async () => {
    seq = 0;
    const session = new FakeSession();
    session.start();
    const history: EngineEvent[] = [];
    const record = (e: Record<string, unknown>) => history.push(session.emit(e));
    record({ type: 'task:started', task: 'c', agent: 'bob', attempt: 1, worktree: '/w/c', branch: 'baton/c', checkpoint: 'base-c', resultFile: 'r', logFile: 'l' });
    record({ type: 'task:agent-exited', task: 'c', attempt: 1, status: 'success', summary: 'Built the UI', artifacts: ['docs/ui.md'] });
    record({ type: 'task:review-requested', task: 'c' });
    session.state.tasks.get('c')!.worktree = '/w/c';
    const posted: HostMessage[] = [];
    const diffs: string[] = [];
    const review = new ReviewController({
      session, taskId: 'c', post: (m) => posted.push(m), readHistory: async () => history,
      diffStat: async (worktree, base) => ({ files: [{ path: `ui.ts`, status: 'M', insertions: 2, deletions: 1 }], insertions: 2, deletions: 1, worktree, base }),
      effects: { openDiff: (f, base, wt) => void diffs.push(`${f.path}@${base} in ${wt}`), openFile: () => undefined },
      isTrusted: () => trusted,
    });
    let trusted = false;
    await review.receive({ type: 'ready', app: 'review' });
    const snap = (posted[0] as { review: ReviewSnapshot }).review;
    assert.equal(snap.summary, 'Built the UI');
    assert.deepEqual(snap.artifacts, ['docs/ui.md']);
    assert.equal(snap.baseCommit, 'base-c');
    assert.deepEqual(snap.files.map((f) => f.path), ['ui.ts']);
    assert.equal(snap.approve.enabled, false);
    await review.receive({ type: 'request', id: 1, method: 'openDiff', params: { taskId: 'c', path: 'ui.ts' } });
    assert.deepEqual(diffs, ['ui.ts@base-c in /w/c']);
    await review.receive({ type: 'request', id: 2, method: 'approveTask', params: { taskId: 'c' } });
    assert.match((posted.at(-1) as { error: string }).error, /trusted workspace/);
    trusted = true;
    await review.receive({ type: 'request', id: 3, method: 'requestChanges', params: { taskId: 'c', comment: ' More tests. ' } });
    assert.deepEqual(session.calls, ['changes c: More tests.']);
    await review.receive({ type: 'request', id: 4, method: 'approveTask', params: { taskId: 'b' } });
    assert.match((posted.at(-1) as { error: string }).error, /reviews c, not b/);
    review.dispose();
  });
});
