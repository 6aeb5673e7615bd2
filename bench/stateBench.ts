// Durable state updates per second: Baton's journal (group commit through StateStore.commit)
// against seed 003's file-based store (one JSON file with every task, rewritten and fsync'd on
// each update under a lock), measured in the same run on the same disk.
//
// Also the price of tamper evidence: the same commits through the state layer as it was before
// the journal was hash-chained and MAC'd (extracted from git at UNCHAINED_COMMIT into .bench/),
// next to today's — chained, MAC'd, and redacting the secrets of a realistic environment.
//
//   npx tsx bench/stateBench.ts [--seconds 2] [--producers 64] [--sizes 1000,10000] [--rounds 5]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redactor } from '../src/engine/secrets/redactor';
import type { NewEvent } from '../src/engine/state/events';
import { StateStore } from '../src/engine/state/stateStore';

/** The last main whose journal was not chained (issue 10's audit work was rebased onto it): the teams events' projection included. */
const UNCHAINED_COMMIT = '6489499';
const REPO = path.resolve(__dirname, '..');

interface StoreLike {
  startNewRun(runId: string): Promise<void>;
  commit(events: readonly NewEvent[]): Promise<unknown>;
  close(): Promise<void>;
  readonly journalStats: { fsyncs: number } | undefined;
}
type OpenStore = (dir: string) => Promise<StoreLike>;

/** The state layer as of {@link UNCHAINED_COMMIT}, written under .bench/ and imported from there. */
async function unchainedStateStore(): Promise<OpenStore | undefined> {
  const out = path.join(REPO, '.bench', `state-${UNCHAINED_COMMIT}`);
  try {
    const paths = ['src/engine/state', 'src/shared/disposable.ts', 'src/engine/runners/processTree.ts'];
    const tar = execFileSync('git', ['archive', '--format=tar', UNCHAINED_COMMIT, ...paths], { cwd: REPO, maxBuffer: 64 << 20 });
    await fs.mkdir(out, { recursive: true });
    execFileSync('tar', ['-x', '-C', out], { input: tar });
  } catch (error) {
    console.log(`(no baseline: cannot read ${UNCHAINED_COMMIT} from git: ${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
  const mod = (await import(path.join(out, 'src/engine/state/stateStore.ts'))) as { StateStore: { open(dir: string, o: object): Promise<StoreLike> } };
  return (dir) => mod.StateStore.open(dir, { mode: 'writer', owner: 'bench' });
}

/** Secrets as a developer's shell has them: the redactor scans every line for all of them. */
const BENCH_REDACTOR = Redactor.fromEnv({
  ANTHROPIC_API_KEY: 'sk-ant-api03-bench0000000000000000000000000000000000', OPENAI_API_KEY: 'sk-proj-bench00000000000000000000000000',
  GITHUB_TOKEN: 'ghp_bench000000000000000000000000000000000', AWS_SECRET_ACCESS_KEY: 'bench/secret/access/key/0000000000000000',
  AWS_ACCESS_KEY_ID: 'AKIABENCH00000000000', NPM_TOKEN: 'npm_bench0000000000000000000000000000000',
});
const chainedStateStore: OpenStore = (dir) => StateStore.open(dir, { mode: 'writer', owner: 'bench', redactor: BENCH_REDACTOR });

interface Result {
  updates: number;
  seconds: number;
  fsyncs?: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}

const SECONDS = Number(arg('seconds', '2'));
const PRODUCERS = Number(arg('producers', '64'));
const SIZES = arg('sizes', '1000,10000').split(',').map(Number);
const ROUNDS = Number(arg('rounds', '5'));

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** Runs `producers` loops of `update` until the time is up; counts completed updates. */
async function drive(update: (producer: number, i: number) => Promise<void>, seconds: number): Promise<Result> {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let updates = 0;
  await Promise.all(Array.from({ length: PRODUCERS }, async (_, p) => {
    for (let i = 0; performance.now() < deadline; i++) {
      await update(p, i);
      updates++;
    }
  }));
  return { updates, seconds: (performance.now() - start) / 1000 };
}

function statusEvent(task: string, i: number): NewEvent {
  return i % 2 === 0 ? { type: 'task:blocked', task, reason: `waiting on review ${i}` } : { type: 'task:ready', task };
}

async function benchBaton(dir: string, size: number, seconds = SECONDS, open: OpenStore = chainedStateStore): Promise<Result> {
  const store = await open(dir);
  await store.startNewRun(`bench-${size}`);
  const taskIds = Array.from({ length: size }, (_, i) => `task-${i}`);
  await store.commit([{ type: 'run:started', sprint: 'bench', baseBranch: 'main', baseCommit: '0'.repeat(40), maxParallel: 8, taskIds, workspaceRoot: dir }]);
  const update = (p: number, i: number): Promise<void> => store.commit([statusEvent(taskIds[(p * 7919 + i * 104729) % size]!, i)]).then(() => undefined);
  await drive(update, 0.3); // warm-up: JIT, page cache, first snapshots
  const before = store.journalStats!.fsyncs;
  const result = await drive(update, seconds);
  result.fsyncs = store.journalStats!.fsyncs - before;
  await store.close();
  return result;
}

/** Seed 003 §2.2 `StateManager.update_state`: lock, load, set, save the whole file. */
async function benchJsonRewrite(dir: string, size: number): Promise<Result> {
  const file = path.join(dir, 'orchestration.json');
  const state = {
    tasks: Object.fromEntries(Array.from({ length: size }, (_, i) => [`task-${i}`, {
      id: `task-${i}`, type: 'feature', title: `Implement feature number ${i}`, assignee: 'fullstack-eng',
      status: 'queued', dependencies: i > 0 ? [`task-${i - 1}`] : [], artifacts: [`src/feature${i}.ts`], worktree: `feature/f${i}`,
    }])) as Record<string, { status: string }>,
  };
  let lock: Promise<void> = Promise.resolve();
  const update = (p: number, i: number): Promise<void> => {
    const run = lock.then(async () => {
      state.tasks[`task-${(p * 7919 + i * 104729) % size}`]!.status = i % 2 === 0 ? 'blocked' : 'queued';
      const fh = await fs.open(file, 'w');
      try {
        await fh.writeFile(JSON.stringify(state));
        await fh.datasync();
      } finally {
        await fh.close();
      }
    });
    lock = run;
    return run;
  };
  await drive(update, 0.3);
  return drive(update, SECONDS);
}

async function main(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'baton-state-bench-'));
  const rows: string[][] = [['tasks', 'baton updates/s', 'json-rewrite updates/s', 'ratio', 'baton events/fsync']];
  const chainRows: string[][] = [['tasks', 'unchained (before) updates/s', 'chained+MAC+redacted (now) updates/s', 'now/before']];
  const unchained = await unchainedStateStore();
  try {
    // Once, untimed: without it the first row also pays for JIT compilation of the whole path.
    await benchBaton(await fs.mkdtemp(path.join(root, 'warm-')), 1000, 1);
    if (unchained) await benchBaton(await fs.mkdtemp(path.join(root, 'warm-')), 1000, 1, unchained);
    for (const size of SIZES) {
      const baton = await benchBaton(await fs.mkdtemp(path.join(root, 'baton-')), size);
      const json = await benchJsonRewrite(await fs.mkdtemp(path.join(root, 'json-')), size);
      const b = baton.updates / baton.seconds;
      const j = json.updates / json.seconds;
      rows.push([size.toLocaleString('en'), Math.round(b).toLocaleString('en'), Math.round(j).toLocaleString('en'), `${(b / j).toFixed(0)}x`, (baton.updates / baton.fsyncs!).toFixed(1)]);
      if (unchained) {
        // Interleaved rounds, medians: a shared machine's noise hits both sides alike.
        const before: number[] = [];
        const now: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const u = await benchBaton(await fs.mkdtemp(path.join(root, 'before-')), size, SECONDS / 2, unchained);
          const c = await benchBaton(await fs.mkdtemp(path.join(root, 'now-')), size, SECONDS / 2);
          before.push(u.updates / u.seconds);
          now.push(c.updates / c.seconds);
        }
        const u = median(before);
        const c = median(now);
        chainRows.push([size.toLocaleString('en'), Math.round(u).toLocaleString('en'), Math.round(c).toLocaleString('en'), `${(c / u).toFixed(2)}x`]);
      }
    }
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
  console.log(`durable updates per second, ${PRODUCERS} concurrent producers, ${SECONDS}s per measurement (${os.cpus().length} cores)`);
  print(rows);
  if (chainRows.length > 1) {
    console.log();
    console.log(`tamper evidence: the same commits through the state layer of ${UNCHAINED_COMMIT} (no hash chain, no MAC, no redaction) and today's (median of ${ROUNDS} interleaved rounds)`);
    print(chainRows);
  }
}

function print(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
