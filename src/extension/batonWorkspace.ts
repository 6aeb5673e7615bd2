import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoadResult } from '../engine/model/workspace';
import { EngineSession } from '../engine/session/engineSession';
import type { EngineEvent } from '../engine/state/events';
import type { LeaseStatus } from '../engine/state/lease';
import { ContextKeys, type WorkspaceContext } from './contextKeys';
import { DisposableStore } from './lifecycle';
import { personActor } from '../engine/audit/personIdentity';
import type { Redactor } from '../engine/secrets/redactor';
import type { BatonOutput } from './outputLog';
import { readSettings } from './settings';

const RELOAD_DEBOUNCE_MS = 300;
const LEASE_POLL_MS = 2000;

/**
 * The Baton workspace of this window and its engine, created on first need (STYLE.md §16): the
 * folder is looked at cheaply on activation, and the engine session opens only when a view,
 * the status bar or a command asks for it — and only where a config root exists, so merely
 * opening the Baton view in some other folder writes nothing there.
 *
 * Views and commands talk to this, never to a session directly: it re-emits the session's
 * journal events, reloads the files when they change on disk, replaces the session when
 * `baton.configRoot` changes, and watches the state lease so a run in another process (a CLI,
 * a second window) is observed — and said to be — rather than competed with.
 */
export class BatonWorkspace implements vscode.Disposable {
  readonly #store = new DisposableStore();
  readonly #output: BatonOutput;
  readonly #onEvent = this.#store.add(new vscode.EventEmitter<EngineEvent>());
  readonly #onDidReload = this.#store.add(new vscode.EventEmitter<void>());
  readonly #onDidChangeRunner = this.#store.add(new vscode.EventEmitter<void>());
  #opening: Promise<EngineSession | undefined> | undefined;
  #session: EngineSession | undefined;
  #sessionStore: DisposableStore | undefined;
  #state: WorkspaceContext | undefined;
  #elsewhere: LeaseStatus | undefined;
  #runningHere = false;
  #reloadTimer: NodeJS.Timeout | undefined;
  #leaseTimer: NodeJS.Timeout | undefined;
  #leaseCheck: Promise<void> | undefined;

  /** Every journal event of the current run, whoever runs it. */
  readonly onEvent = this.#onEvent.event;
  /** The files were loaded again (or the workspace appeared or went). */
  readonly onDidReload = this.#onDidReload.event;
  /** Who runs the current run changed: this window, another process, or nobody. */
  readonly onDidChangeRunner = this.#onDidChangeRunner.event;

  constructor(output: BatonOutput) {
    this.#output = output;
    this.#store.add(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('baton.configRoot')) void this.#restart();
    }));
    this.#store.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.#restart()));
    this.#store.add({ dispose: () => clearTimeout(this.#reloadTimer) });
    this.#store.add({ dispose: () => clearInterval(this.#leaseTimer) });
    this.#store.add({ dispose: () => this.#disposeSession() });
  }

  /** The folder Baton works in: the first workspace folder (multi-root windows use the first). */
  get folder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
  }

  get configRoot(): string {
    return readSettings(this.folder).configRoot;
  }

  /** Absolute config root of the folder, if there is a folder. */
  get configDir(): string | undefined {
    return this.folder ? path.resolve(this.folder.uri.fsPath, this.configRoot) : undefined;
  }

  /** The host's secrets, as the engine and the output channel redact them. */
  get redactor(): Redactor {
    return this.#output.redactor;
  }

  /** The open session, if it was opened already (never opens one). */
  get current(): EngineSession | undefined {
    return this.#session;
  }

  get load(): LoadResult | undefined {
    return this.#session?.workspace;
  }

  /** `none` until a config root exists; undefined before the first look. */
  get state(): WorkspaceContext | undefined {
    return this.#state;
  }

  /** The live holder of the state lease when it is another process. */
  get runningElsewhere(): LeaseStatus | undefined {
    return this.#elsewhere;
  }

  get runningHere(): boolean {
    return this.#runningHere;
  }

  /** "Running in baton run (pid 4242) — observing", for views and messages. */
  get observingText(): string | undefined {
    const e = this.#elsewhere;
    return e ? `Running in ${e.owner} (pid ${e.pid}) — observing` : undefined;
  }

  /** The session, opening it on first need; undefined where the folder has no Baton config root. */
  session(): Promise<EngineSession | undefined> {
    if (this.#session) return Promise.resolve(this.#session);
    this.#opening ??= this.#open().finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  /** Reloads the files now (the views refresh from {@link onDidReload}). */
  async reload(): Promise<LoadResult | undefined> {
    const session = await this.session();
    if (!session) return undefined;
    const result = await session.reload();
    this.#onDidReload.fire();
    return result;
  }

  /** A run started in this window: tracked for the `baton.runningHere` context and the views. */
  trackRunHere<T>(run: Promise<T>): Promise<T> {
    this.#setRunningHere(true);
    this.#elsewhere = undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.observing, false);
    const settled = run.finally(() => {
      this.#setRunningHere(this.#session?.runningHere ?? false);
      void this.checkLease();
    });
    settled.catch(() => undefined);
    return settled;
  }

  /** Asks the lease who runs the workspace now; fires {@link onDidChangeRunner} on a change. */
  checkLease(): Promise<void> {
    this.#leaseCheck ??= (async () => {
      const session = this.#session;
      const elsewhere = session ? await session.runningElsewhere().catch(() => undefined) : undefined;
      const before = this.#elsewhere;
      this.#elsewhere = elsewhere;
      if (before?.pid !== elsewhere?.pid || before?.owner !== elsewhere?.owner) {
        void vscode.commands.executeCommand('setContext', ContextKeys.observing, elsewhere !== undefined);
        if (elsewhere) this.#output.appendLine(`Observing a run of ${session?.run.sprint ?? 'a sprint'} in ${elsewhere.owner} (pid ${elsewhere.pid}); this window does not start a second writer.`);
        this.#onDidChangeRunner.fire();
      }
    })().finally(() => (this.#leaseCheck = undefined));
    return this.#leaseCheck;
  }

  async #open(): Promise<EngineSession | undefined> {
    const folder = this.folder;
    if (!folder) {
      this.#setState('noFolder');
      return undefined;
    }
    const configDir = path.resolve(folder.uri.fsPath, this.configRoot);
    this.#watchConfig(folder);
    if (!isDirectory(configDir)) {
      this.#setState('none');
      return undefined;
    }
    const started = Date.now();
    const root = folder.uri.fsPath;
    const session = await EngineSession.open({
      root,
      configRoot: this.configRoot,
      host: { env: process.env, log: (m) => this.#output.appendLine(m), redactor: this.#output.redactor },
      isTrusted: () => vscode.workspace.isTrusted,
      owner: `VS Code window (${vscode.env.appName})`,
      // Asked when the person first acts (a trusted action): git runs for nothing in Restricted Mode.
      identity: () => personActor({ root, env: process.env, via: 'vscode' }),
    });
    this.#session = session;
    const store = (this.#sessionStore = new DisposableStore());
    store.add(session.onEvent((e) => {
      this.#onEvent.fire(e);
      this.#scheduleLeaseCheck();
    }));
    // Runs started from anywhere in this window (a board retry, a review hand-over) are tracked too.
    store.add(session.onDidStartRun((run) => void this.trackRunHere(run)));
    const diagnostics = session.workspace?.diagnostics ?? [];
    this.#output.appendLine(`Opened ${configDir} in ${Date.now() - started} ms: ${session.workspace?.workspace.sprints.size ?? 0} sprint(s), ${diagnostics.filter((d) => d.severity === 'error').length} error(s).`);
    this.#setState('ready');
    this.#leaseTimer ??= setInterval(() => this.#pollLease(), LEASE_POLL_MS);
    await this.checkLease();
    this.#onDidReload.fire();
    return session;
  }

  #watchConfig(folder: vscode.WorkspaceFolder): void {
    if (this.#configWatcher) return;
    const pattern = new vscode.RelativePattern(folder, `${this.configRoot}/**/*.{yaml,yml,md}`);
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = (): void => this.#scheduleReload();
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(changed);
    this.#configWatcher = watcher;
  }

  #configWatcher: vscode.FileSystemWatcher | undefined;

  #scheduleReload(): void {
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => {
      if (this.#session) void this.reload().catch((e: Error) => this.#output.appendLine(`Reload failed: ${e.message}`));
      else void this.session(); // the config root may have appeared (Initialize, or a CLI)
    }, RELOAD_DEBOUNCE_MS);
  }

  #scheduleLeaseCheck(): void {
    if (!this.#runningHere) void this.checkLease();
  }

  #pollLease(): void {
    const status = this.#session?.run.status;
    // Only while a run could be going elsewhere, or we believe it is (to notice its end).
    if (this.#elsewhere || status === 'active' || status === 'paused') void this.checkLease();
  }

  #setRunningHere(value: boolean): void {
    if (this.#runningHere === value) return;
    this.#runningHere = value;
    void vscode.commands.executeCommand('setContext', ContextKeys.runningHere, value);
    this.#onDidChangeRunner.fire();
  }

  #setState(state: WorkspaceContext): void {
    if (this.#state === state) return;
    this.#state = state;
    void vscode.commands.executeCommand('setContext', ContextKeys.workspace, state);
    this.#onDidReload.fire();
  }

  async #restart(): Promise<void> {
    await this.#opening?.catch(() => undefined);
    await this.#disposeSession();
    this.#configWatcher?.dispose();
    this.#configWatcher = undefined;
    this.#state = undefined;
    await this.session();
  }

  async #disposeSession(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#elsewhere = undefined;
    await this.#sessionStore?.disposeAsync();
    this.#sessionStore = undefined;
    this.#configWatcher?.dispose();
    this.#configWatcher = undefined;
    // Stops the agent process trees of a run in this window and closes the journal observer.
    await session?.dispose();
  }

  /** Stops everything, agent processes of a run in this window included. */
  dispose(): Promise<void> {
    return this.#store.disposeAsync((e) => this.#output.appendLine(`Shutdown: ${(e as Error).message}`));
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
