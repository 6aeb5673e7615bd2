import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  batonEnv, extraWorktrees, git, liveAgentsUnder, makeRepo, readJournal, seededRandom, sleep, startBaton,
  statusJson, worktreeFolders, type BatonProcess, type JournalEvent, type JournalRead, type TempRepo,
} from './engineHarness';

/**
 * The crash loop shared by test/integration-engine/crashSafety.test.ts and bench/crashBench.ts:
 * `baton run`, then `baton resume` again and again, each killed with SIGKILL (the baton process
 * only, never its agents' groups: that is what a crash is), until the wanted number of kills is
 * reached; then a last resume runs to completion. When a run completes before the kills are
 * used up, a new round starts in a fresh repository, so kills keep landing all over a run.
 *
 * Most kills come after a random delay; some are timed on the journal, to hit the windows a
 * random delay rarely finds: right after `task:started`, as soon as an agent's result file
 * exists (its exit not yet journalled: resume must adopt the result, not run the agent again),
 * right after `task:agent-exited` (the outcome not yet settled), during the integration merge,
 * and while the finished worktrees are being removed.
 */

export type KillMode = 'timed' | 'after-started' | 'after-result' | 'after-agent-exit' | 'during-merge' | 'during-cleanup';
export const KILL_MODES: readonly KillMode[] = ['timed', 'after-started', 'after-result', 'after-agent-exit', 'during-merge', 'during-cleanup'];

export interface CrashLoopOptions {
  /** Workspace folder copied into each round's repository (the scripted agent is added). */
  fixture: string;
  sprint: string;
  kills: number;
  seed: number;
  /** BATON_SCRIPTED_DELAY_MS for the agents. */
  agentDelayMs: number;
  minKillMs?: number;
  maxKillMs?: number;
  /** Longest one baton process may run before it counts as hung. */
  hangMs?: number;
  log?: (line: string) => void;
}

export interface RoundResult {
  repo: TempRepo;
  kills: number;
  processes: number;
  ms: number;
  tasks: number;
  /** Tasks whose agent completed its work more than once (must be 0). */
  duplicates: string[];
  /** Tasks done without a line in the agent log: their agent was stopped after writing its result. */
  withoutLogLine: string[];
  /** Results resume adopted from agents whose exit the killed engine never journalled. */
  adopted: number;
  problems: string[];
}

export interface CrashStats {
  kills: number;
  killsByMode: Record<KillMode, number>;
  rounds: RoundResult[];
  ms: number;
  /** Every problem of every round, prefixed with its round; empty when all held. */
  problems: string[];
  duplicates: number;
}

const POLL_MS = 5;

/** Runs rounds until `kills` kills have landed; every round ends with a completed run, verified. */
export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashStats> {
  const random = seededRandom(options.seed);
  const started = Date.now();
  const stats: CrashStats = { kills: 0, killsByMode: Object.fromEntries(KILL_MODES.map((m) => [m, 0])) as Record<KillMode, number>, rounds: [], ms: 0, problems: [], duplicates: 0 };
  while (stats.kills < options.kills || stats.rounds.length === 0) {
    const round = await runRound(options, random, stats);
    stats.rounds.push(round);
    stats.duplicates += round.duplicates.length;
    stats.problems.push(...round.problems.map((p) => `round ${stats.rounds.length}: ${p}`));
    options.log?.(`round ${stats.rounds.length}: ${round.kills} kills, ${round.processes} processes, ${round.ms} ms, ${round.tasks} tasks, ${round.duplicates.length} duplicates, ${round.adopted} results adopted, ${round.problems.length} problems`);
    if (round.problems.length) break;
  }
  stats.ms = Date.now() - started;
  return stats;
}

async function runRound(options: CrashLoopOptions, random: () => number, stats: CrashStats): Promise<RoundResult> {
  const repo = makeRepo({ from: options.fixture, scriptedAgent: true, observed: true });
  const logFile = path.join(repo.base, 'invocations.log');
  const env = batonEnv({ BATON_SCRIPTED_DELAY_MS: String(options.agentDelayMs), BATON_SCRIPTED_LOG: logFile });
  const round: RoundResult = { repo, kills: 0, processes: 0, ms: 0, tasks: 0, duplicates: [], withoutLogLine: [], adopted: 0, problems: [] };
  const started = Date.now();
  let endPhaseKills = 0;
  for (;;) {
    const journal = readJournal(repo.root);
    round.problems.push(...journal.problems.map((p) => `journal after process ${round.processes}: ${p}`));
    if (journal.problems.length) break;
    const runStarted = journal.events.some((e) => e.type === 'run:started');
    const ended = journal.events.find((e) => e.type === 'run:completed' || e.type === 'run:stopped' || e.type === 'run:cancelled');
    if (ended) {
      if (ended.type !== 'run:completed') round.problems.push(`the run ended with ${ended.type}: ${JSON.stringify(ended)}`);
      break;
    }
    const args = runStarted ? ['resume', repo.root] : ['run', options.sprint, repo.root];
    const mode = stats.kills >= options.kills ? undefined : pickMode(journal, random, endPhaseKills, stats);
    const proc = startBaton(args, { cwd: repo.root, env });
    round.processes++;
    const outcome = await killWhen(proc, mode, journal.events.length, repo.root, options, random);
    if (outcome === 'hung') {
      round.problems.push(`baton ${args[0]} ran longer than ${options.hangMs ?? 120_000} ms (mode ${mode ?? 'none'})\n${proc.stdout.slice(-2000)}\n${proc.stderr.slice(-2000)}`);
      proc.child.kill('SIGKILL');
      await proc.exited;
      break;
    }
    if (outcome === 'killed') {
      await proc.exited;
      round.kills++;
      stats.kills++;
      stats.killsByMode[mode!]++;
      if (mode === 'during-merge' || mode === 'during-cleanup') endPhaseKills++;
      continue;
    }
    const { code } = await proc.exited;
    if (code !== 0) {
      round.problems.push(`baton ${args[0]} exited ${code}\nstdout:\n${proc.stdout.slice(-3000)}\nstderr:\n${proc.stderr.slice(-3000)}`);
      break;
    }
    if (proc.stderr.trim()) round.problems.push(`baton ${args[0]} wrote to stderr: ${proc.stderr.slice(-2000)}`);
  }
  round.ms = Date.now() - started;
  if (round.problems.length === 0) await verifyRound(repo, logFile, round);
  return round;
}

/**
 * The journal decides the windows worth aiming at: near the end of a round, the merge and the
 * cleanup (two kills a round, the less hit window first). Otherwise each task window until a kill
 * has landed in it (a window a process finished without opening is aimed at again), then mostly
 * a random delay.
 */
function pickMode(journal: JournalRead, random: () => number, endPhaseKills: number, stats: CrashStats): KillMode {
  const ids = (journal.events.find((e) => e.type === 'run:started')?.taskIds as string[] | undefined) ?? [];
  const succeeded = new Set(journal.events.filter((e) => e.type === 'task:succeeded').map((e) => e.task));
  if (endPhaseKills < 2 && ids.length > 0 && ids.length - succeeded.size <= 2) {
    return stats.killsByMode['during-cleanup'] < stats.killsByMode['during-merge'] ? 'during-cleanup' : 'during-merge';
  }
  const untried = (['after-started', 'after-result', 'after-agent-exit'] as const).find((m) => stats.killsByMode[m] === 0);
  if (untried && ids.length > 0) return untried;
  const r = random();
  return r < 0.6 ? 'timed' : r < 0.73 ? 'after-started' : r < 0.87 ? 'after-result' : 'after-agent-exit';
}

async function killWhen(proc: BatonProcess, mode: KillMode | undefined, seenEvents: number, root: string, options: CrashLoopOptions, random: () => number): Promise<'killed' | 'exited' | 'hung'> {
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const hangAt = Date.now() + (options.hangMs ?? 120_000);
  const min = options.minKillMs ?? 50;
  const killAt = mode === 'timed' ? Date.now() + min + random() * ((options.maxKillMs ?? 3000) - min) : Infinity;
  for (;;) {
    if (exited) return 'exited';
    if (Date.now() > hangAt) return 'hung';
    if (Date.now() >= killAt || (mode && mode !== 'timed' && windowOpen(mode, readJournal(root).events, seenEvents))) {
      // The baton process alone: its agents, in their own process groups, live on as orphans.
      proc.child.kill('SIGKILL');
      return 'killed';
    }
    await sleep(POLL_MS);
  }
}

function windowOpen(mode: KillMode, events: readonly JournalEvent[], seenEvents: number): boolean {
  const fresh = events.slice(seenEvents);
  switch (mode) {
    case 'after-started': return fresh.some((e) => e.type === 'task:started');
    case 'after-result': return unsettledResult(events, seenEvents);
    case 'after-agent-exit': return fresh.some((e) => e.type === 'task:agent-exited');
    case 'during-merge':
    case 'during-cleanup': {
      const ids = (events.find((e) => e.type === 'run:started')?.taskIds as string[] | undefined) ?? [];
      const succeeded = new Set(events.filter((e) => e.type === 'task:succeeded').map((e) => e.task));
      if (ids.length === 0 || ids.some((id) => !succeeded.has(id))) return false;
      if (events.some((e) => e.type === 'run:completed')) return false;
      return mode === 'during-merge' || fresh.some((e) => e.type === 'worktree:removed');
    }
    default: return false;
  }
}

/** An attempt this process started whose result file exists while its exit is not journalled yet. */
function unsettledResult(events: readonly JournalEvent[], seenEvents: number): boolean {
  const exited = new Set(events.filter((e) => e.type === 'task:agent-exited').map((e) => `${e.task}#${String(e.attempt)}`));
  return events.slice(seenEvents).some((e) => e.type === 'task:started' && typeof e.resultFile === 'string' && !exited.has(`${e.task}#${String(e.attempt)}`) && fs.existsSync(e.resultFile));
}

/** Everything a crash must not break, checked on a round's completed run. */
async function verifyRound(repo: TempRepo, logFile: string, round: RoundResult): Promise<void> {
  const problems = round.problems;
  const status = await statusJson(repo.root);
  round.tasks = status.tasks.length;
  if (status.state !== 'completed') problems.push(`baton status says the run is ${status.state}`);
  for (const t of status.tasks) if (t.status !== 'done') problems.push(`task ${t.id} is ${t.status}: ${t.reason ?? ''}`);

  const journal = readJournal(repo.root);
  problems.push(...journal.problems.map((p) => `journal: ${p}`));
  if (journal.tornTail) problems.push(`journal ends in a torn line after a clean finish: ${journal.tornTail.slice(0, 100)}`);
  const ids = (journal.events.find((e) => e.type === 'run:started')?.taskIds as string[] | undefined) ?? [];
  if (ids.length !== status.tasks.length) problems.push(`run:started lists ${ids.length} tasks, status shows ${status.tasks.length}`);
  for (const id of ids) {
    const n = journal.events.filter((e) => e.type === 'task:succeeded' && e.task === id).length;
    if (n !== 1) problems.push(`task ${id} has ${n} task:succeeded events, expected exactly 1`);
  }
  const completed = journal.events.filter((e) => e.type === 'run:completed').length;
  if (completed !== 1) problems.push(`${completed} run:completed events, expected 1`);

  const agentTasks = [...new Set(journal.events.filter((e) => e.type === 'task:started' && e.agent).map((e) => e.task!))];
  const lines = (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '').split('\n').filter(Boolean);
  const perTask = new Map<string, number>();
  for (const line of lines) {
    const task = line.split(' ')[0]!;
    if (!agentTasks.includes(task)) problems.push(`the agent log names an unknown task: ${line}`);
    perTask.set(task, (perTask.get(task) ?? 0) + 1);
  }
  round.duplicates = [...perTask].filter(([, n]) => n > 1).map(([task, n]) => `${task} ×${n}`);
  if (round.duplicates.length) problems.push(`agents completed their work more than once: ${round.duplicates.join(', ')}`);
  round.withoutLogLine = agentTasks.filter((t) => !perTask.has(t));
  // An adopted result has no exit code: the engine that saw the agent exit is gone.
  round.adopted = journal.events.filter((e) => e.type === 'task:agent-exited' && e.exitCode === undefined).length;

  const extra = extraWorktrees(repo);
  if (extra.length) problems.push(`worktrees left: ${extra.join(', ')}`);
  const folders = worktreeFolders(repo);
  if (folders.length) problems.push(`folders left in ${repo.worktreesDir}: ${folders.join(', ')}`);

  const sprint = status.sprint ?? '';
  const integrated = new Set(git(repo.root, 'ls-tree', '-r', '--name-only', `baton/${sprint}/_integration`).split('\n'));
  for (const task of agentTasks) if (!integrated.has(`work/${task}.md`)) problems.push(`the integration branch lacks work/${task}.md`);

  const porcelain = git(repo.root, 'status', '--porcelain');
  if (porcelain) problems.push(`the user's working tree changed:\n${porcelain}`);
  if (git(repo.root, 'rev-parse', 'HEAD') !== repo.head) problems.push("the user's HEAD moved");
  if (git(repo.root, 'symbolic-ref', '--short', 'HEAD') !== repo.branch) problems.push("the user's branch changed");

  const alive = liveAgentsUnder(repo.base);
  if (alive.length) problems.push(`agent processes still running: ${alive.join(', ')}`);
}
