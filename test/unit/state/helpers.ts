import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Clock } from '../../../src/engine/state/clock';
import type { EventBus } from '../../../src/engine/state/eventBus';
import type { EngineEventOf, EngineEventType, NewEvent, NewEventOf } from '../../../src/engine/state/events';

/** A fresh temp folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'baton-state-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2025-01-13T09:00:00.000Z')): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** A `run:started` for tasks `t0..t{n-1}` (or the given ids). */
export function runStarted(tasks: number | string[], extra: Partial<NewEventOf<'run:started'>> = {}): NewEventOf<'run:started'> {
  const taskIds = typeof tasks === 'number' ? Array.from({ length: tasks }, (_, i) => `t${i}`) : tasks;
  return {
    type: 'run:started', sprint: 'sprint-3', baseBranch: 'main', baseCommit: 'abc123', maxParallel: 4,
    taskIds, workspaceRoot: '/repo', ...extra,
  };
}

/** A `task:started` with plausible paths. */
export function taskStarted(task: string, attempt = 1, agent = 'fullstack-eng'): NewEventOf<'task:started'> {
  return {
    type: 'task:started', task, agent, attempt, worktree: `/repo/.worktrees/${task}`, branch: `baton/sprint-3/${task}`,
    checkpoint: `cp-${task}-${attempt}`, resultFile: `/tmp/${task}.json`, logFile: `/tmp/${task}.log`,
  };
}

/** A status event for a task, cycling through cheap types; for load tests. */
export function statusEvent(task: string, i: number): NewEvent {
  return i % 2 === 0 ? { type: 'task:blocked', task, reason: `waiting ${i}` } : { type: 'task:ready', task };
}

/** Resolves with the first event of `type` matching `pred`, or rejects after `ms`: wait on the event, never sleep. */
export function nextEvent<T extends EngineEventType>(
  bus: EventBus, type: T, pred: (e: EngineEventOf<T>) => boolean = () => true, ms = 10_000,
): Promise<EngineEventOf<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`No ${type} event within ${ms} ms`));
    }, ms);
    const sub = bus.on(type, (e) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

/** Polls `check` until it returns true, or rejects after `ms` — for conditions that emit no event (files, processes). */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A fixture script under `fixtures/`, run as its own Node process through tsx. */
export interface Fixture {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the next stdout line (buffered, so none is missed). */
  line(ms?: number): Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export function spawnFixture(name: string, args: string[]): Fixture {
  const script = path.join(__dirname, 'fixtures', name);
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  let buffered = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const l = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => void (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    exited,
    stderr: () => err,
    line: (ms = 15_000) => {
      const ready = lines.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no output line within ${ms} ms; stderr: ${err}`)), ms);
        const waiter = (l: string) => {
          clearTimeout(timer);
          resolve(l);
        };
        waiters.push(waiter);
        void exited.then(() => setTimeout(() => {
          if (waiters.includes(waiter)) reject(new Error(`${name} exited without a line; stderr: ${err}`));
        }, 50));
      });
    },
  };
}

/** A pid that belonged to a process which has exited (a short-lived node). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((r) => child.on('exit', r));
  return pid;
}
