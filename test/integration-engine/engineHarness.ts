import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '../support/seededRandom';

/**
 * Helpers for the engine's integration tests: real git repositories in temp folders, the real
 * `baton` bundle in real child processes, and read-only looks at what a run left behind (its
 * journal, its worktrees, the agents still alive). Nothing here imports the engine: the tests
 * judge it from the outside, as a user or a CI job would.
 */

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'engine');
/** The scripted stand-in agent every example ships; fixtures get a copy of it. */
export const SCRIPTED_AGENT = path.join(REPO_ROOT, 'examples', 'ecommerce', 'scripts', 'scripted-agent.mjs');

let built = false;

/** Builds `dist/cli.js` once per process (esbuild, about a second). */
export function buildCli(): void {
  if (built) return;
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
  built = true;
}

/** A throw-away git repository holding a Baton workspace. */
export interface TempRepo {
  /** The temp folder holding the repository and its sibling worktree folder. */
  base: string;
  /** The repository's working tree (and the workspace root). */
  root: string;
  /** Where Baton puts worktrees by default: `<root>.baton-worktrees`. */
  worktreesDir: string;
  /** HEAD and branch right after the initial commit: a run must never move them. */
  head: string;
  branch: string;
}

const tempDirs: string[] = [];

/** Runs git in `cwd` and returns its trimmed stdout; throws with git's stderr on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * Copies a workspace (a folder under test/fixtures/engine, an example, or inline files) into a
 * new temp repository with one commit on `main`. The repository has its own identity, so
 * commits never depend on the machine's git config. `scriptedAgent` drops the examples'
 * scripted agent into `scripts/`.
 */
export function makeRepo(options: { from?: string; files?: Record<string, string>; scriptedAgent?: boolean; observed?: boolean }): TempRepo {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-int-'));
  tempDirs.push(base);
  const root = path.join(base, 'ws');
  if (options.from) fs.cpSync(options.from, root, { recursive: true, filter: (src) => !/[\\/]\.claude[\\/]state$/.test(src) });
  else fs.mkdirSync(root);
  for (const [file, text] of Object.entries(options.files ?? {})) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  if (options.scriptedAgent) {
    fs.mkdirSync(path.join(root, 'scripts'), { recursive: true });
    fs.copyFileSync(SCRIPTED_AGENT, path.join(root, 'scripts', 'scripted-agent.mjs'));
    fs.chmodSync(path.join(root, 'scripts', 'scripted-agent.mjs'), 0o755);
  }
  if (options.observed) observeFromOutside(root);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.name', 'Baton Test');
  git(root, 'config', 'user.email', 'baton-test@example.invalid');
  git(root, 'config', 'commit.gpgsign', 'false');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial');
  return { base, root, worktreesDir: `${root}.baton-worktrees`, head: git(root, 'rev-parse', 'HEAD'), branch: 'main' };
}

/**
 * `settings.sandbox: off` in the workspace's teams.yaml. For tests that watch agents through
 * files outside their worktree (pid markers, invocation logs in the temp folder) and through
 * their pids as the host sees them: a sandbox rightly forbids both (its agents write only their
 * worktree, and see pids of their own namespace). What the sandbox contains is tested by the
 * hostile-agent suites; these tests are about process control and crash recovery.
 */
function observeFromOutside(root: string): void {
  const file = path.join(root, '.claude', 'teams.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const line = '  sandbox: off   # the test watches agents from outside (see engineHarness.ts)';
  fs.writeFileSync(file, /^settings:\s*$/m.test(text) ? text.replace(/^settings:\s*$/m, `settings:\n${line}`) : `${text.trimEnd()}\nsettings:\n${line}\n`);
}

/**
 * Deletes every temp repository {@link makeRepo} made, after killing any agent process still
 * working in one (a failed test must not leave a sleeping agent behind).
 */
export function removeTempRepos(): void {
  for (const dir of tempDirs.splice(0)) {
    for (const pid of liveAgentsUnder(dir)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(privateHomesOf(path.join(dir, 'ws')), { recursive: true, force: true });
  }
}

/**
 * Where the engine keeps the sandbox's private homes of a workspace's runs (README, "Security
 * model"): `$XDG_STATE_HOME/baton/homes/<folder>-<sha256 of its state folder, 16 hex>`. A run
 * that completes removes its own; a failed one's are left for `baton retry` and removed here.
 */
export function privateHomesOf(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME ?? os.homedir(), '.local', 'state');
  const key = createHash('sha256').update(path.resolve(root, '.claude', 'state')).digest('hex').slice(0, 16);
  return path.join(stateHome, 'baton', 'homes', `${path.basename(root)}-${key}`);
}

/** The environment `baton` runs with: this one, without colour, plus the test's knobs. */
export function batonEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.FORCE_COLOR;
  return env;
}

/** A `baton` child process and what it printed so far. */
export interface BatonProcess {
  child: ChildProcess;
  pid: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process is gone (and its pipes closed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/cli.js <args>`: the same process a user's terminal starts. */
export function startBaton(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): BatonProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env ?? batonEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout = (stdout + c).slice(-200_000)));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-200_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  if (child.pid === undefined) throw new Error(`could not start ${CLI}`);
  return { child, pid: child.pid, get stdout() { return stdout; }, get stderr() { return stderr; }, exited };
}

/** What a finished `baton` process printed and how it ended. */
export interface BatonRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `baton <args>` to the end. A process still running after `timeoutMs` is a hang: it is
 * killed (with its agents' groups left to the caller's checks) and the promise rejects.
 */
export async function baton(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<BatonRun> {
  const started = Date.now();
  const proc = startBaton(args, options);
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      proc.child.kill('SIGKILL');
      reject(new Error(`baton ${args.join(' ')} still running after ${timeoutMs} ms (a hang)\nstdout:\n${proc.stdout}\nstderr:\n${proc.stderr}`));
    }, timeoutMs);
  });
  try {
    const { code } = await Promise.race([proc.exited, hang]);
    return { code, stdout: proc.stdout, stderr: proc.stderr, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** `baton status --json`, parsed. */
export interface StatusJson {
  sprint: string | null;
  state: string;
  runId: string;
  tasks: { id: string; status: string; agent: string | null; attempts: number; reason: string | null }[];
}

export async function statusJson(root: string): Promise<StatusJson> {
  const run = await baton(['status', root, '--json'], { cwd: root, timeoutMs: 30_000 });
  if (run.code !== 0) throw new Error(`baton status exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as StatusJson;
}

/** One journal line, as far as these tests care. */
export interface JournalEvent {
  seq: number;
  type: string;
  task?: string;
  [key: string]: unknown;
}

/** A journal read from disk without the engine's help. */
export interface JournalRead {
  runId: string | undefined;
  events: JournalEvent[];
  /** Bytes after the last newline: a line a killed writer left half-written. */
  tornTail: string;
  /** Lines that do not parse, or seqs that are not 1, 2, 3, ... */
  problems: string[];
}

export function stateDirOf(root: string): string {
  return path.join(root, '.claude', 'state');
}

/** Reads the current run's journal (`.claude/state/runs/<current>/journal.jsonl`). */
export function readJournal(root: string, runId?: string): JournalRead {
  const stateDir = stateDirOf(root);
  const id = runId ?? readText(path.join(stateDir, 'current'))?.trim();
  if (!id) return { runId: undefined, events: [], tornTail: '', problems: [] };
  const text = readText(path.join(stateDir, 'runs', id, 'journal.jsonl')) ?? '';
  const lines = text.split('\n');
  const tornTail = lines.pop() ?? '';
  const events: JournalEvent[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    try {
      const event = JSON.parse(line) as JournalEvent;
      if (event.seq !== events.length + 1) problems.push(`line ${i + 1}: seq ${event.seq}, expected ${events.length + 1}`);
      events.push(event);
    } catch {
      problems.push(`line ${i + 1} does not parse: ${line.slice(0, 120)}`);
    }
  });
  return { runId: id, events, tornTail, problems };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Pids of agent processes still alive that were started for a workspace under `base` — found
 * through the `BATON_WORKTREE` variable every agent gets, so no engine record is trusted.
 * Linux only (/proc); elsewhere it finds nothing.
 */
export function liveAgentsUnder(base: string): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const marker = `BATON_WORKTREE=${fs.realpathSync(base)}`;
  const found: number[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '')) continue;
      const environ = fs.readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (environ.some((v) => v.startsWith(marker))) found.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Whether a pid is alive and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '');
  } catch {
    return true;
  }
}

/** Waits until `predicate` holds, polling; false when `timeoutMs` passed first. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, pollMs = 10): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (predicate()) return true;
    if (Date.now() > until) return false;
    await sleep(pollMs);
  }
}

/** Rejects with `message` when `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { seededRandom };

/** Git worktrees of `repo` other than its main working tree. */
export function extraWorktrees(repo: TempRepo): string[] {
  const paths = git(repo.root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice('worktree '.length));
  const main = fs.realpathSync(repo.root);
  return paths.filter((p) => p !== main);
}

/** Folders left in the worktree location (`<root>.baton-worktrees/<sprint>/<task>`). */
export function worktreeFolders(repo: TempRepo): string[] {
  if (!fs.existsSync(repo.worktreesDir)) return [];
  return fs.readdirSync(repo.worktreesDir).flatMap((sprint) => {
    const dir = path.join(repo.worktreesDir, sprint);
    return fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).map((t) => `${sprint}/${t}`) : [sprint];
  });
}
