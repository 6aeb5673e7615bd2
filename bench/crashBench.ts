// Crash safety at scale: the crash loop of test/integration-engine/crashSafety.test.ts with 100
// SIGKILLs of `baton run` / `baton resume` (random instants plus kills aimed at the journal's
// windows), next to the same sprint run once without interruption, in the same run. Prints
// kills, time, tasks and duplicates (tasks whose agent completed its work twice: must be 0).
//
//   npx tsx bench/crashBench.ts [--kills 100] [--seed 20261121] [--workspace fixture|ecommerce]
import * as path from 'node:path';
import { runCrashLoop } from '../test/integration-engine/crashLoop';
import { baton, batonEnv, buildCli, FIXTURES, makeRepo, REPO_ROOT, removeTempRepos } from '../test/integration-engine/engineHarness';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? fallback : fallback;
}

const KILLS = Number(arg('kills', '100'));
const SEED = Number(arg('seed', '20261121'));
const AGENT_DELAY_MS = 100;
const WORKSPACES = {
  fixture: { dir: path.join(FIXTURES, 'crash-workspace'), sprint: 'crash-sprint' },
  ecommerce: { dir: path.join(REPO_ROOT, 'examples', 'ecommerce'), sprint: 'ecommerce-platform' },
} as const;
const which = arg('workspace', 'fixture') as keyof typeof WORKSPACES;
const workspace = WORKSPACES[which];
if (!workspace) throw new Error(`--workspace is fixture or ecommerce, got ${which}`);

/** The same sprint, same agents, run to the end without a kill: what the crashes cost is the difference. */
async function uninterrupted(): Promise<number> {
  const repo = makeRepo({ from: workspace.dir, scriptedAgent: true });
  const run = await baton(['run', workspace.sprint, repo.root], { cwd: repo.root, env: batonEnv({ BATON_SCRIPTED_DELAY_MS: String(AGENT_DELAY_MS) }), timeoutMs: 300_000 });
  if (run.code !== 0) throw new Error(`the uninterrupted run exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
  return run.ms;
}

async function main(): Promise<void> {
  buildCli();
  console.log(`workspace ${which} (sprint ${workspace.sprint}), scripted agents sleeping ${AGENT_DELAY_MS} ms, seed ${SEED}`);
  const before = await uninterrupted();
  console.log(`uninterrupted run:    ${(before / 1000).toFixed(1)} s (before the crash loop)`);
  const stats = await runCrashLoop({
    fixture: workspace.dir, sprint: workspace.sprint, kills: KILLS, seed: SEED, agentDelayMs: AGENT_DELAY_MS,
    log: (line) => console.log(`  ${line}`),
  });
  // Measured on both sides of the loop: a shared machine's load drifts over minutes.
  const after = await uninterrupted();
  const baseline = (before + after) / 2;
  console.log(`uninterrupted run:    ${(after / 1000).toFixed(1)} s (after the crash loop)`);
  const rounds = stats.rounds.length;
  const tasks = stats.rounds.reduce((n, r) => n + r.tasks, 0);
  const processes = stats.rounds.reduce((n, r) => n + r.processes, 0);
  const adopted = stats.rounds.reduce((n, r) => n + r.adopted, 0);
  console.log(`crash loop:           ${stats.kills} kills (${Object.entries(stats.killsByMode).map(([m, n]) => `${m} ${n}`).join(', ')})`);
  console.log(`                      ${rounds} completed runs, ${processes} baton processes, ${tasks} tasks, ${(stats.ms / 1000).toFixed(1)} s (${(stats.ms / rounds / 1000).toFixed(1)} s a run, ${(stats.ms / rounds / baseline).toFixed(2)}× the uninterrupted average)`);
  console.log(`                      ${adopted} agent results adopted on resume`);
  console.log(`duplicates:           ${stats.duplicates} (must be 0)`);
  console.log(`problems:             ${stats.problems.length}${stats.problems.length ? `\n  ${stats.problems.join('\n  ')}` : ''}`);
  if (stats.problems.length === 0) removeTempRepos();
  else console.log('temp repositories kept for inspection');
  process.exitCode = stats.problems.length || stats.duplicates ? 1 : 0;
}

void main();
