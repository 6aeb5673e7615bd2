// Dispatch overhead: 500 independent no-op tasks (`runner: command` running `true`, with
// `produces_changes: false`) at P = 8, through `startSprint` in-process and through the `baton`
// CLI as a subprocess, next to a bare Node loop spawning `true` 500 times with 8 in flight.
// Goal: ≤ 1.15× the bare loop. Then a profile of the in-process run: where the time goes.
//
//   npx tsx bench/dispatchBench.ts [--tasks 500] [--parallel 8] [--no-profile]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startSprint } from '../src/engine/run/sprintRunner';
import { StateStore } from '../src/engine/state/stateStore';
import { GitRunner } from '../src/engine/worktrees/gitRunner';
import { WorktreeManager } from '../src/engine/worktrees/worktreeManager';
import { baton, batonEnv, buildCli, makeRepo, readJournal, removeTempRepos, type TempRepo } from '../test/integration-engine/engineHarness';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}

const TASKS = Number(arg('tasks', '500'));
const PARALLEL = Number(arg('parallel', '8'));
const PROFILE = !process.argv.includes('--no-profile');

/** One agent of capacity P running `true`; TASKS tasks without dependencies that change nothing. */
function noopWorkspace(): TempRepo {
  const tasks = Array.from({ length: TASKS }, (_, i) => `    - { id: n${i}, title: No-op ${i}, assignee: noop, produces_changes: false }`);
  return makeRepo({
    files: {
      '.claude/teams.yaml': `teams:\n  bench:\n    members:\n      - { agent: noop, capacity: ${PARALLEL} }\nsettings:\n  max_parallel_agents: ${PARALLEL}\n`,
      '.claude/agents/noop.md': '---\nname: noop\ndescription: Does nothing, successfully.\nrunner: command\ncommand: ["true"]\n---\nNothing to do.\n',
      '.claude/sprints/noop.yaml': `sprint:\n  id: noop\n  teams: [bench]\n  tasks:\n${tasks.join('\n')}\n`,
    },
  });
}

/** The baseline: `true` spawned TASKS times, PARALLEL at a time, each awaited. */
async function bareLoop(): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < TASKS) {
      next++;
      await new Promise<void>((resolve, reject) => {
        const child = spawn('true', [], { stdio: 'ignore' });
        child.once('error', reject);
        child.once('exit', () => resolve());
      });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return performance.now() - started;
}

/** Time spent inside methods, summed over calls (calls overlap: up to P at once). */
const spent = new Map<string, { calls: number; ms: number }>();

/** Every git process the engine starts, by subcommand: each is a fork + exec + git's own startup. */
function instrumentGit(): void {
  const proto = GitRunner.prototype as unknown as { exec: (cwd: string, args: readonly string[], options?: unknown) => Promise<unknown> };
  const original = proto.exec;
  proto.exec = async function (this: GitRunner, cwd: string, args: readonly string[], options?: unknown): Promise<unknown> {
    const t0 = performance.now();
    try {
      return await original.call(this, cwd, args, options);
    } finally {
      const key = `git ${args[0] === 'worktree' ? `worktree ${args[1] ?? ''}` : args[0] ?? ''}`;
      const entry = spent.get(key) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += performance.now() - t0;
      spent.set(key, entry);
    }
  };
}

function instrument(target: object, owner: string, methods: readonly string[]): void {
  const proto = target as Record<string, unknown>;
  for (const name of methods) {
    const original = proto[name] as (...args: unknown[]) => Promise<unknown>;
    proto[name] = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const t0 = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        const entry = spent.get(`${owner}.${name}`) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - t0;
        spent.set(`${owner}.${name}`, entry);
      }
    };
  }
}

async function inProcess(repo: TempRepo): Promise<number> {
  const started = performance.now();
  const result = await startSprint('noop', { root: repo.root, host: { env: process.env }, signal: new AbortController().signal, maxParallel: PARALLEL });
  if (result.status !== 'completed') throw new Error(`the in-process run ${result.status}: ${result.reason ?? ''} ${result.failed.join(', ')}`);
  return performance.now() - started;
}

async function cli(repo: TempRepo): Promise<number> {
  const run = await baton(['run', 'noop', repo.root, '--max-parallel', String(PARALLEL)], { cwd: repo.root, env: batonEnv(), timeoutMs: 1_800_000 });
  if (run.code !== 0) throw new Error(`baton run exited ${run.code}:\n${run.stdout.slice(-2000)}\n${run.stderr}`);
  return run.ms;
}

/** Wall-clock phases of a run, from its journal: setup, dispatch, merge + cleanup. */
function phases(repo: TempRepo, totalMs: number): string[] {
  const events = readJournal(repo.root).events;
  const at = (e: { at?: unknown } | undefined) => (e && typeof e.at === 'string' ? Date.parse(e.at) : NaN);
  const start = at(events.find((e) => e.type === 'run:started'));
  const firstStart = at(events.find((e) => e.type === 'task:started'));
  const lastDone = Math.max(...events.filter((e) => e.type === 'task:succeeded').map(at));
  const end = at(events.find((e) => e.type === 'run:completed'));
  const agentMs = events.filter((e) => e.type === 'task:agent-exited').length;
  return [
    `  outside run:started → run:completed (load, lease, close): ${(totalMs - (end - start)).toFixed(0)} ms`,
    `  run:started → first task:started:                 ${(firstStart - start).toFixed(0)} ms`,
    `  dispatch (first task:started → last succeeded):   ${(lastDone - firstStart).toFixed(0)} ms  (${agentMs} agents)`,
    `  merge + worktree removal (→ run:completed):       ${(end - lastDone).toFixed(0)} ms`,
  ];
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  buildCli();
  console.log(`${TASKS} no-op tasks (command runner, \`true\`), P = ${PARALLEL}`);
  await bareLoop(); // warm-up
  const bare = await bareLoop();
  console.log(`bare Node loop spawning \`true\`:  ${fmt(bare)}  (${(bare / TASKS).toFixed(2)} ms a task)`);

  if (PROFILE) {
    instrument(WorktreeManager.prototype, 'worktrees', ['prepare', 'checkpoint', 'commitAll', 'changedFiles', 'rollback', 'mergeSprint', 'remove', 'list', 'prune']);
    instrument(StateStore.prototype, 'journal', ['commit']);
    instrumentGit();
  }
  const repoA = noopWorkspace();
  const inproc = await inProcess(repoA);
  console.log(`baton, in-process startSprint:   ${fmt(inproc)}  (${(inproc / TASKS).toFixed(2)} ms a task)  ratio ${(inproc / bare).toFixed(1)}×`);
  const repoB = noopWorkspace();
  const sub = await cli(repoB);
  console.log(`baton run, CLI subprocess:       ${fmt(sub)}  (${(sub / TASKS).toFixed(2)} ms a task)  ratio ${(sub / bare).toFixed(1)}×`);
  console.log(`goal ≤ 1.15× the bare loop: ${sub / bare <= 1.15 && inproc / bare <= 1.15 ? 'met' : 'missed'}`);

  if (PROFILE) {
    console.log('\nwhere the in-process run spends its time (wall clock, from the journal):');
    for (const line of phases(repoA, inproc)) console.log(line);
    console.log(`\ntime inside engine calls, summed over calls (up to ${PARALLEL} overlap; prepare, merge, remove and list run one at a time under the worktree mutex):`);
    const rows = [...spent].sort((a, b) => b[1].ms - a[1].ms);
    const gitCalls = rows.filter(([n]) => n.startsWith('git ')).reduce((n, [, e]) => n + e.calls, 0);
    console.log(`  ${gitCalls} git processes in all: ${(gitCalls / TASKS).toFixed(1)} a task`);
    for (const [name, { calls, ms }] of rows) {
      console.log(`  ${name.padEnd(24)} ${String(calls).padStart(5)} calls  ${fmt(ms).padStart(9)}  ${(ms / calls).toFixed(1).padStart(7)} ms a call  ${((ms / inproc) * 100).toFixed(0).padStart(4)}% of the wall time`);
    }
  }
  removeTempRepos();
}

void main();
