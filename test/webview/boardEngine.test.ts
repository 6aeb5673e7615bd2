/**
 * The board's host side against the real engine: a sprint of the auth example runs in this
 * process and the board controller, wired to a fake webview, sees its cards reach "done".
 */
import assert from 'node:assert/strict';
import { EngineSession } from '../../src/engine/session/engineSession';
import { BoardController } from '../../src/extension/board/boardController';
import type { BoardSnapshot, BoardTask } from '../../src/shared/boardTypes';
import type { HostMessage } from '../../src/shared/protocol';
import { exampleRepo, removeExampleRepo } from '../support/exampleRepo';

describe('board controller on a real run', function () {
  this.timeout(90_000);
  let dir: string;
  let session: EngineSession | undefined;
  before(() => (dir = exampleRepo('auth')));
  after(async () => {
    await session?.dispose();
    removeExampleRepo(dir);
  });

  it('sends a snapshot, then deltas until every card is done, and a dashboard from the journal', async () => {
    session = await EngineSession.open({ root: dir, host: { env: process.env }, isTrusted: () => true });
    const posted: HostMessage[] = [];
    const board = new BoardController({ session, post: (m) => posted.push(m), effects: { openTask: () => undefined, openReview: () => undefined, runTaskAction: () => undefined, runResultAction: () => undefined }, metricsMs: 100 });
    await board.receive({ type: 'ready', app: 'board' });
    const first = (posted[0] as { snapshot: BoardSnapshot }).snapshot;
    assert.equal(first.sprint?.id, 'auth-feature');
    assert.ok(first.tasks.length > 3);
    assert.ok(first.tasks.every((t) => t.status === 'planning'));
    const result = await session.startSprint('auth-feature', { maxParallel: 3 });
    assert.equal(result.status, 'completed');
    await new Promise((r) => setTimeout(r, 400));
    // The webview's view: the last snapshot with every later delta applied.
    const lastSnapshot = posted.map((m, i) => [m, i] as const).filter(([m]) => m.type === 'snapshot').at(-1)!;
    const tasks = new Map<string, BoardTask>((lastSnapshot[0] as { snapshot: BoardSnapshot }).snapshot.tasks.map((t) => [t.id, t]));
    for (const m of posted.slice(lastSnapshot[1] + 1)) if (m.type === 'tasksChanged') for (const t of m.tasks) tasks.set(t.id, t);
    assert.deepEqual([...tasks.values()].filter((t) => t.status !== 'done').map((t) => t.id), []);
    assert.ok(posted.some((m) => m.type === 'tasksChanged' && m.tasks.some((t) => t.status === 'running')), 'saw cards running');
    const metrics = posted.filter((m): m is Extract<HostMessage, { type: 'metricsChanged' }> => m.type === 'metricsChanged').at(-1)?.metrics;
    assert.equal(metrics?.done, tasks.size);
    assert.equal(metrics?.burndown.at(-1)?.value, 0);
    // A reopened board reads the finished run's history from the journal.
    const again: HostMessage[] = [];
    const reopened = new BoardController({ session, post: (m) => again.push(m), effects: { openTask: () => undefined, openReview: () => undefined, runTaskAction: () => undefined, runResultAction: () => undefined }, metricsMs: 10 });
    await new Promise((r) => setTimeout(r, 200));
    await reopened.receive({ type: 'ready', app: 'board' });
    assert.equal((again[0] as { snapshot: BoardSnapshot }).snapshot.metrics?.done, tasks.size);
    board.dispose();
    reopened.dispose();
  });
});
