import assert from 'node:assert/strict';
import { EventBus } from '../../../src/engine/state/eventBus';
import type { EngineEvent } from '../../../src/engine/state/events';

function ev(seq: number, e: Record<string, unknown>): EngineEvent {
  return { seq, at: '2025-01-13T09:00:00.000Z', runId: 'r', ...e } as EngineEvent;
}

describe('state/EventBus', () => {
  it('delivers typed events to their subscribers and everything to onAny, until disposed', () => {
    const errors: unknown[] = [];
    const bus = new EventBus({ onListenerError: (e) => errors.push(e) });
    const ready: string[] = [];
    const all: number[] = [];
    const sub = bus.on('task:ready', (e) => ready.push(e.task)); // e is typed: .task needs no cast
    const anySub = bus.onAny((e) => all.push(e.seq));
    bus.emit(ev(1, { type: 'task:ready', task: 'a' }));
    bus.emit(ev(2, { type: 'task:blocked', task: 'b', reason: 'r' }));
    sub.dispose();
    bus.emit(ev(3, { type: 'task:ready', task: 'c' }));
    anySub.dispose();
    bus.emit(ev(4, { type: 'task:ready', task: 'd' }));
    assert.deepEqual(ready, ['a']);
    assert.deepEqual(all, [1, 2, 3]);
    assert.deepEqual(errors, []);
  });

  it('keeps calling the other listeners when one throws, and reports the error', () => {
    const reported: [unknown, number][] = [];
    const bus = new EventBus({ onListenerError: (error, e) => reported.push([error, e.seq]) });
    const got: string[] = [];
    bus.on('task:ready', () => got.push('first'));
    bus.on('task:ready', () => {
      throw new Error('boom');
    });
    bus.on('task:ready', () => got.push('third'));
    bus.onAny(() => got.push('any'));
    bus.emit(ev(7, { type: 'task:ready', task: 'a' }));
    assert.deepEqual(got, ['first', 'third', 'any']);
    assert.equal(reported.length, 1);
    assert.equal((reported[0]![0] as Error).message, 'boom');
    assert.equal(reported[0]![1], 7);
  });

  it('survives a throwing error reporter, and treats the same function subscribed twice as two subscriptions', () => {
    const bus = new EventBus({ onListenerError: () => { throw new Error('reporter broke'); } });
    let calls = 0;
    const f = (): void => void calls++;
    const a = bus.on('run:paused', f);
    bus.on('run:paused', f);
    bus.on('run:paused', () => { throw new Error('x'); });
    bus.emit(ev(1, { type: 'run:paused' }));
    assert.equal(calls, 2);
    a.dispose();
    bus.emit(ev(2, { type: 'run:paused' }));
    assert.equal(calls, 3);
  });

  it('applies subscriptions made or disposed during an emit from the next event on', () => {
    const bus = new EventBus({ onListenerError: (e) => { throw e; } });
    const got: string[] = [];
    let late: { dispose(): void } | undefined;
    const victim = bus.onAny((e) => got.push(`victim ${e.seq}`));
    bus.on('task:ready', (e) => {
      victim.dispose();
      late ??= bus.onAny((x) => got.push(`late ${x.seq}`));
      got.push(`first ${e.seq}`);
    });
    bus.emit(ev(1, { type: 'task:ready', task: 'a' }));
    bus.emit(ev(2, { type: 'task:ready', task: 'b' }));
    assert.deepEqual(got, ['first 1', 'first 2', 'late 2']);
  });
});
