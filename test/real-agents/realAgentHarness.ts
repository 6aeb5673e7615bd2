import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunnerKind } from '../../src/engine/model/agentSchema';
import { runnerFor } from '../../src/engine/runners/runnerRegistry';
import type { UsageTotals } from '../../src/engine/usage/usageTotals';
import { buildCli, CLI, git, makeRepo, type TempRepo } from '../integration-engine/engineHarness';
import { FakeModelServer } from './fakeModel/fakeModelServer';

/** The agent CLIs the suite drives, each installed by scripts/setup-agents.sh. */
export type AgentCliKind = Extract<RunnerKind, 'claude-code' | 'codex' | 'gemini'>;

export const AGENTS_CACHE = process.env.BATON_AGENTS_CACHE ?? path.join(os.homedir(), '.cache', 'baton-agents');

/** The cached binary of a CLI at the version its runner names as tested (`RunnerCli.testedVersion`). */
export function agentBinary(kind: AgentCliKind): string {
  const cli = runnerFor(kind).cli!;
  const folder = `${cli.npmPackage.replace(/^@/, '').replace(/\//g, '-')}-${cli.testedVersion}`;
  const binary = path.join(AGENTS_CACHE, folder, 'node_modules', '.bin', cli.command);
  if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: run scripts/setup-agents.sh (npm test does)`);
  return binary;
}

/**
 * One CLI's world for a test file: the fake model server on 127.0.0.1, a private HOME holding
 * only what that CLI needs to reach it (never the machine's own ~/.claude, ~/.codex, ~/.gemini),
 * and the environment a user would have set.
 */
export class RealAgentWorld {
  readonly repos: TempRepo[] = [];

  private constructor(readonly kinds: readonly AgentCliKind[], readonly fake: FakeModelServer, readonly home: string) {}

  /** A world for one CLI, or for several sharing one HOME and one fake server (`baton doctor`). */
  static async start(...kinds: AgentCliKind[]): Promise<RealAgentWorld> {
    const kind = kinds.join('+');
    buildCli();
    const fake = await FakeModelServer.start();
    // Not under the temp dir: codex refuses to create its sandbox helper (codex-linux-sandbox,
    // which bubblewrap then cannot exec) under a temporary directory, as a user's HOME never is.
    fs.mkdirSync(path.join(AGENTS_CACHE, 'homes'), { recursive: true });
    const home = fs.mkdtempSync(path.join(AGENTS_CACHE, 'homes', `${kind}-`));
    const world = new RealAgentWorld(kinds, fake, home);
    world.#writeHomeConfig();
    return world;
  }

  /** What the user has in their shell for this CLI (keys are fake; the server ignores them). */
  env(extra: Record<string, string> = {}): Record<string, string> {
    const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.home, LANG: 'C.UTF-8' };
    for (const kind of this.kinds) {
      if (kind === 'claude-code') Object.assign(base, { ANTHROPIC_BASE_URL: this.fake.url, ANTHROPIC_API_KEY: 'sk-ant-fake', DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' });
      // The provider's env_key in config.toml names this variable: Baton must pass it through.
      if (kind === 'codex') Object.assign(base, { FAKE_PROVIDER_KEY: 'sk-fake-provider' });
      if (kind === 'gemini') Object.assign(base, { GEMINI_API_KEY: 'fake-gemini-key', GOOGLE_GEMINI_BASE_URL: this.fake.url });
    }
    return { ...base, ...extra };
  }

  /** A git repository with the given workspace files, removed by `dispose`. */
  repo(files: Record<string, string>): TempRepo {
    const repo = makeRepo({ files });
    this.repos.push(repo);
    return repo;
  }

  /** `baton <args>` from the real bundle, in a child process with `env`. */
  baton(args: string[], env: Record<string, string>, timeoutMs = 180_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Runs a sprint, then reads `baton status --json` and the run's journal. */
  async runSprint(repo: TempRepo, sprint: string, env = this.env()): Promise<SprintOutcome> {
    const started = Date.now();
    const before = this.homeFiles();
    const run = await this.baton(['run', sprint, repo.root, '--json'], env);
    const homeChanges = changedFiles(before, this.homeFiles());
    const status = await this.baton(['status', repo.root, '--json'], env);
    return { run, status: JSON.parse(status.stdout) as StatusJson, journal: readJournal(repo.root), homeChanges, ms: Date.now() - started };
  }

  /**
   * Every file of the user's HOME with a hash of its content, but for Baton's own folder of
   * private homes (`~/.local/state/baton`, where a sandboxed CLI's copies of its state live).
   */
  homeFiles(): Map<string, string> {
    const files = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        const rel = path.relative(this.home, full);
        if (rel === path.join('.local', 'state', 'baton')) continue;
        if (entry.isDirectory()) walk(full);
        else files.set(rel, entry.isFile() ? createHash('sha256').update(fs.readFileSync(full)).digest('hex') : `link:${fs.readlinkSync(full)}`);
      }
    };
    walk(this.home);
    return files;
  }

  async dispose(): Promise<void> {
    await this.fake.close();
    for (const repo of this.repos) fs.rmSync(repo.base, { recursive: true, force: true });
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  #writeHomeConfig(): void {
    if (this.kinds.includes('codex')) {
      fs.mkdirSync(path.join(this.home, '.codex'), { recursive: true });
      fs.writeFileSync(path.join(this.home, '.codex', 'config.toml'), [
        'model = "gpt-5"',
        'model_provider = "fake"',
        '',
        '[model_providers.fake]',
        'name = "Fake Responses API on loopback"',
        `base_url = "${this.fake.url}/v1"`,
        'wire_api = "responses"',
        'env_key = "FAKE_PROVIDER_KEY"',
        // One retry inside codex, so a persistent 429 reaches Baton quickly.
        'request_max_retries = 1',
        'stream_max_retries = 1',
        '',
      ].join('\n'));
    }
    if (this.kinds.includes('gemini')) {
      // A user who chose "Use Gemini API key" once; GOOGLE_GEMINI_BASE_URL alone selects no auth type.
      fs.mkdirSync(path.join(this.home, '.gemini'), { recursive: true });
      fs.writeFileSync(path.join(this.home, '.gemini', 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }, null, 2));
    }
  }
}

export interface SprintOutcome {
  run: { code: number | null; stdout: string; stderr: string };
  status: StatusJson;
  journal: JournalEvent[];
  /** Files of the user's HOME (outside Baton's private homes) the run created, changed or removed. */
  homeChanges: string[];
  ms: number;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = [...after].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file);
  return [...changed, ...[...before.keys()].filter((file) => !after.has(file))].sort();
}

/** One usage entry of `baton status --json`: the engine's totals as they are. */
export type UsageJson = UsageTotals;

export interface StatusJson {
  sprint: string;
  state: string;
  reason: string | null;
  usage: { sprint: UsageJson; byAgent: Record<string, UsageJson>; models: string[] };
  clis: Record<string, { command: string; version?: string; supported: boolean }>;
  tasks: { id: string; status: string; agent: string | null; attempts: number; reason: string | null; usage: UsageJson; attemptLog: { attempt: number; outcome: string; reason: string | null }[] }[];
}

export type JournalEvent = { type: string; seq: number; at: string } & Record<string, unknown>;

/** Every event of the workspace's current run, from its journal file. */
export function readJournal(root: string): JournalEvent[] {
  const runs = path.join(root, '.claude', 'state', 'runs');
  const newest = fs.readdirSync(runs).map((r) => path.join(runs, r)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
  return fs.readFileSync(path.join(newest, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as JournalEvent);
}

/** A file on the sprint's integration branch, or undefined. */
export function integrationFile(repo: TempRepo, sprint: string, file: string): string | undefined {
  try {
    return git(repo.root, 'show', `baton/${sprint}/_integration:${file}`);
  } catch {
    return undefined;
  }
}

/** The text of every user message a recorded request carried (where each CLI puts Baton's prompt). */
export function userTextOf(body: unknown): string {
  const b = body as { messages?: { role: string; content: unknown }[]; input?: { role?: string; content?: unknown }[]; contents?: { role?: string; parts?: { text?: string }[] }[] };
  const texts: string[] = [];
  const collect = (content: unknown): void => {
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content)) for (const c of content) if (c && typeof c === 'object' && typeof (c as { text?: unknown }).text === 'string') texts.push((c as { text: string }).text);
  };
  for (const m of b.messages ?? []) if (m.role === 'user') collect(m.content);
  for (const i of b.input ?? []) if (i.role === 'user') collect(i.content);
  for (const c of b.contents ?? []) if (c.role === 'user') collect(c.parts);
  return texts.join('\n');
}
