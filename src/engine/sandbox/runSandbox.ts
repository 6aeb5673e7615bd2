import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { RunnerKind } from '../model/agentSchema';
import { runnerFor } from '../runners/runnerRegistry';
import type { SandboxReport } from './detectSandbox';
import { ensurePrivateHome, pruneHomes } from './privateHome';
import { bwrapArguments, type SandboxScope } from './sandboxScope';

/** A process as `spawn` takes it. */
export interface ContainedProcess {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The folders a run's sandboxes are built around. */
export interface SandboxPaths {
  repoRoot: string;
  /** The repository's common git directory (`.git`). */
  commonDir: string;
  /** The engine's state folder: hidden from every sandboxed process but its own attempt's files. */
  stateDir: string;
  /** The folder of this run's private homes (one per agent, one for commands); asked when a home is first needed. */
  homes: () => string;
  /** The folder of this workspace's private homes, one sub-folder per run (see `workspaceHomes`). */
  workspaceHomes?: string;
  /** Where every workspace's private homes live: hidden from every sandbox but for its own home. */
  homesRoot?: string;
  /** The user's real home, from the host's environment. */
  realHome?: string;
  /**
   * The `worktrees.symlink` entries, relative to the repository: every worktree links to them,
   * so what they lead to is shown read-only wherever it lives — a shared `node_modules` may sit
   * under `/tmp`, which the sandbox's private `/tmp` would otherwise cover (the link would dangle).
   */
  linkedIntoWorktrees?: readonly string[];
}

/** Where an agent attempt runs, as the sandbox needs to know it. */
export interface AgentPlacement {
  cwd: string;
  worktree: string;
  /** The worktree's private git directory (`.git/worktrees/<name>`): HEAD, index. */
  adminDir: string;
  /** Where the agent's new git objects go (bound over the shared `objects` folder). */
  objectsDir: string;
  /** The attempt's folder (prompt, result file). */
  attemptDir: string;
  /** Files inside writable folders the agent may read but not change (prompt, log, pid, git pointers). */
  pinned: readonly string[];
  agent: string;
  runner: RunnerKind;
}

/** Where the real shared object store is shown, read-only, inside an agent's sandbox. */
export const SHARED_OBJECTS_INSIDE = '/tmp/.baton-git-objects';

/**
 * Credential stores under the real home that no sandboxed process sees, whatever its runner: a
 * prompt-injected agent with the network on must not find SSH keys or cloud tokens to send.
 */
const CREDENTIALS = ['.ssh', '.aws', '.azure', '.gnupg', '.kube', '.docker', '.netrc', '.git-credentials', '.npmrc', '.pypirc', '.config/gcloud', '.config/gh', '.password-store'];
const ALL_RUNNERS: readonly RunnerKind[] = ['claude-code', 'codex', 'gemini', 'aider', 'command', 'script'];

/**
 * A run's sandbox policy: how each agent, check and setup command of the run is contained.
 * With `report.mode` other than `bwrap` every method hands the process back unchanged (and the
 * run relies on detection, `RepositoryGuard`).
 *
 * Safety: inside, the whole filesystem is read-only; writable are only the task's worktree, its
 * private git directory (HEAD, index) and a private object folder, the attempt's folder and a
 * private home. The engine's state folder is masked (journal, MAC key, other attempts), and so
 * are the user's credential stores and every agent CLI's own settings. The shared `.git` — refs,
 * config, hooks, existing objects — cannot be written, so no agent moves a branch or plants a hook.
 */
export class RunSandbox {
  readonly report: SandboxReport;
  readonly #paths: SandboxPaths;
  #emptyMade = false;

  constructor(report: SandboxReport, paths: SandboxPaths) {
    this.report = report;
    this.#paths = paths;
  }

  /** True when processes really run in a sandbox. */
  get active(): boolean {
    return this.report.mode === 'bwrap';
  }

  /**
   * The agent's private home for this run (created and seeded on first use), or undefined when
   * there is no sandbox: uncontained, an agent uses the real home as it always has.
   */
  async agentHome(agent: string, runner: RunnerKind): Promise<string | undefined> {
    if (!this.active) return undefined;
    const dir = path.join(this.#paths.homes(), safeName(agent));
    return ensurePrivateHome(dir, this.#paths.realHome, runnerFor(runner).homeState);
  }

  /** An agent's process, contained: `spawned.env` is the allow-listed environment it starts with. */
  agent(spawned: ContainedProcess, at: AgentPlacement, home: string | undefined): ContainedProcess {
    if (this.report.mode !== 'bwrap' || home === undefined) return spawned;
    const objects = path.join(this.#paths.commonDir, 'objects');
    const scope: SandboxScope = {
      cwd: at.cwd,
      readable: this.#readable(),
      hidden: this.#hidden(),
      // Safety: the real object store is shown read-only elsewhere, and the agent's own folder —
      // whose alternates point there — takes its place, so new objects land in the private
      // folder (Baton imports them, verified, afterwards) and no existing object can be rewritten.
      movedReadOnly: [[objects, SHARED_OBJECTS_INSIDE]],
      writable: [at.worktree, at.adminDir, at.attemptDir, home],
      moved: [[at.objectsDir, objects]],
      pinned: at.pinned,
      emptyDir: this.#emptyDir(),
    };
    return this.#wrap(this.report.bwrap, scope, spawned, home);
  }

  /**
   * An agent answering a teammate's question outside a task (an answer attempt): in its last
   * worktree, where its CLI's session lives, but with nothing there writable — an answer changes
   * no files. Writable are only the question's folder and the agent's private home; the
   * worktree is shown read-only (it usually sits beside the repository, in a folder the
   * sandbox's private `/tmp` would otherwise cover).
   */
  answerer(spawned: ContainedProcess, at: { cwd: string; worktree?: string; questionDir: string; pinned: readonly string[] }, home: string | undefined): ContainedProcess {
    if (this.report.mode !== 'bwrap' || home === undefined) return spawned;
    const scope: SandboxScope = {
      cwd: at.cwd,
      readable: [...this.#readable(), ...(at.worktree ? [at.worktree] : [])],
      hidden: this.#hidden(),
      writable: [at.questionDir, home],
      pinned: at.pinned,
      emptyDir: this.#emptyDir(),
    };
    return this.#wrap(this.report.bwrap, scope, spawned, home);
  }

  /**
   * A short look at an agent's CLI before its attempt (`--version`): as the agent, with its
   * private home writable and its worktree read-only; gone with Baton if Baton dies.
   */
  probe(spawned: ContainedProcess, at: { cwd: string; worktree: string }, home: string | undefined): ContainedProcess {
    if (this.report.mode !== 'bwrap' || home === undefined) return spawned;
    const scope: SandboxScope = {
      cwd: at.cwd,
      readable: [...this.#readable(), at.worktree],
      hidden: this.#hidden(),
      writable: [home],
      pinned: [],
      dieWithParent: true,
      emptyDir: this.#emptyDir(),
    };
    return this.#wrap(this.report.bwrap, scope, spawned, home);
  }

  /**
   * Removes the private homes of this workspace's runs but `keep` (a new run's), or all of them
   * when the run is over: they hold copies of the CLIs' logins.
   */
  async pruneHomes(keep?: string): Promise<void> {
    if (this.#paths.workspaceHomes) await pruneHomes(this.#paths.workspaceHomes, keep);
  }

  /**
   * A command Baton runs to check or set up work (a checklist's `verify`, a sync check, a
   * prerequisite, `worktrees.setup`): the same containment, writable only in `writable` and a
   * private home the run's commands share (a package cache survives between worktrees).
   */
  command(argv: readonly string[], env: Record<string, string>, at: { cwd: string; writable: readonly string[] }): ContainedProcess {
    const [command = '', ...args] = argv;
    if (this.report.mode !== 'bwrap') return { command, args, env };
    const home = path.join(this.#paths.homes(), '_commands');
    mkdirSync(home, { recursive: true });
    const scope: SandboxScope = {
      cwd: at.cwd,
      readable: this.#readable(),
      hidden: this.#hidden(),
      writable: [...at.writable, home],
      // A worktree's `.git` file names its git directory: nothing inside may redirect it.
      pinned: at.writable.map((w) => path.join(w, '.git')),
      dieWithParent: true,
      emptyDir: this.#emptyDir(),
    };
    return this.#wrap(this.report.bwrap, scope, { command, args, env }, home);
  }

  #wrap(bwrap: string, scope: SandboxScope, spawned: ContainedProcess, home: string): ContainedProcess {
    // Safety: bwrap itself — the sandbox's first process, visible in its /proc — starts with the
    // allow-listed environment, never the engine's.
    const env: Record<string, string> = { ...spawned.env, HOME: home, TMPDIR: '/tmp' };
    // The XDG folders default to the private home again: the real ones are read-only in here.
    for (const name of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']) delete env[name];
    return { command: bwrap, args: [...bwrapArguments(scope), spawned.command, ...spawned.args], env };
  }

  /** `<state>/sandbox/empty`: what hidden folders show (created once). */
  #emptyDir(): string {
    const dir = path.join(this.#paths.stateDir, 'sandbox', 'empty');
    if (!this.#emptyMade) mkdirSync(dir, { recursive: true });
    this.#emptyMade = true;
    return dir;
  }

  #readable(): string[] {
    const linked = (this.#paths.linkedIntoWorktrees ?? []).map((entry) => path.join(this.#paths.repoRoot, entry));
    return [this.#paths.repoRoot, this.#paths.commonDir, ...linked];
  }

  #hidden(): string[] {
    const home = this.#paths.realHome;
    const perHome = home ? [...CREDENTIALS, ...ALL_RUNNERS.flatMap((r) => runnerFor(r).homeState)].map((p) => path.join(home, p)) : [];
    return [this.#paths.stateDir, ...(this.#paths.homesRoot ? [this.#paths.homesRoot] : []), ...perHome];
  }
}

function safeName(agent: string): string {
  return agent.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
}
