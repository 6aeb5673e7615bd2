import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where scripts/setup-e2e.sh installs code-server 4.100.3 (= VS Code 1.100.3, Node 20). */
export const CODE_SERVER_VERSION = '4.100.3';
export function codeServerDir(): string {
  const cache = process.env.BATON_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'baton-e2e');
  return path.join(cache, `code-server-${CODE_SERVER_VERSION}`);
}

export interface CodeServerOptions {
  /** false: Workspace Trust is on and folders open in Restricted Mode (nothing is trusted). */
  trusted: boolean;
  /** Extra environment for the server and so the extension host (and the agents it starts). */
  env?: Record<string, string>;
  /** Folder the server log is copied into when the run is kept (on failure). */
  artifacts: string;
  label: string;
}

/**
 * One code-server on a free loopback port with a fresh user-data-dir, extensions dir, XDG
 * folders and TMPDIR in a run folder of its own, in its own process group (detached = setsid),
 * so {@link stop} ends it and everything it started — extension host, language server,
 * agents — at once, also on failure (an exit hook is installed).
 */
export class CodeServer {
  readonly base: string;
  readonly runDir: string;
  readonly #child: ChildProcess;
  readonly #options: CodeServerOptions;
  readonly #onExit = (): void => this.#kill('SIGKILL');
  #stopped = false;

  private constructor(base: string, runDir: string, child: ChildProcess, options: CodeServerOptions) {
    this.base = base;
    this.runDir = runDir;
    this.#child = child;
    this.#options = options;
    process.on('exit', this.#onExit);
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const bin = path.join(codeServerDir(), 'node_modules', '.bin', 'code-server');
    if (!fs.existsSync(bin)) throw new Error(`code-server is not installed at ${bin}: run scripts/setup-e2e.sh`);
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cs-'));
    for (const d of ['udd/User', 'exts', 'tmp', 'xdg/config', 'xdg/data']) fs.mkdirSync(path.join(runDir, d), { recursive: true });
    const trust = options.trusted
      ? { 'security.workspace.trust.enabled': false }
      // Trust on, and no start-up question: an untrusted folder opens straight in Restricted Mode.
      : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always', 'security.workspace.trust.untrustedFiles': 'open' };
    fs.writeFileSync(path.join(runDir, 'udd/User/settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'git.enabled': false,
      'workbench.enableExperiments': false, 'update.mode': 'none', ...trust,
    }, null, 2));
    fs.writeFileSync(path.join(runDir, 'config.yaml'), 'auth: none\n');
    const port = await freePort();
    const args = [
      '--config', path.join(runDir, 'config.yaml'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
      '--user-data-dir', path.join(runDir, 'udd'), '--extensions-dir', path.join(runDir, 'exts'),
      ...(options.trusted ? ['--disable-workspace-trust'] : []),
    ];
    const log = fs.openSync(path.join(runDir, 'server.log'), 'a');
    const child = spawn(bin, args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env, ...options.env,
        TMPDIR: path.join(runDir, 'tmp'), XDG_CONFIG_HOME: path.join(runDir, 'xdg/config'), XDG_DATA_HOME: path.join(runDir, 'xdg/data'),
        EXTENSIONS_GALLERY: '{}',
      },
    });
    fs.closeSync(log);
    const server = new CodeServer(`http://127.0.0.1:${port}`, runDir, child, options);
    try {
      await server.#waitHealthy(60_000);
    } catch (error) {
      await server.stop(false);
      throw error;
    }
    return server;
  }

  /** The workbench URL that opens `folder` with the extension at `devPath` in development mode (and, optionally, runs a tests module in its host). */
  workbenchUrl(folder: string, devPath: string, testsPath?: string): string {
    const remote = (p: string): string => `vscode-remote://${new URL(this.base).host}${p}`;
    const payload: string[][] = [['extensionDevelopmentPath', remote(devPath)]];
    if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
    return `${this.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }

  async #waitHealthy(ms: number): Promise<void> {
    const until = Date.now() + ms;
    const exited = new Promise<never>((_, reject) => this.#child.once('exit', (code) => reject(new Error(`code-server exited (${code}); log: ${this.serverLog()}`))));
    exited.catch(() => undefined);
    while (Date.now() < until) {
      const ok = await Promise.race([fetch(`${this.base}/healthz`).then((r) => r.ok, () => false), exited]);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100)); // a poll of a server that is starting, not a wait for an effect
    }
    throw new Error(`code-server did not answer ${this.base}/healthz within ${ms} ms; log: ${this.serverLog()}`);
  }

  serverLog(): string {
    try {
      return fs.readFileSync(path.join(this.runDir, 'server.log'), 'utf8').slice(-4000);
    } catch {
      return '(no log)';
    }
  }

  #kill(signal: NodeJS.Signals): void {
    if (this.#child.pid === undefined) return;
    try {
      process.kill(-this.#child.pid, signal);
    } catch {
      // the group is gone
    }
  }

  /** Ends the whole process group; keeps the server log under artifacts when asked (failures). */
  async stop(keepLog: boolean): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    process.off('exit', this.#onExit);
    const gone = new Promise<void>((resolve) => (this.#child.exitCode !== null ? resolve() : this.#child.once('exit', () => resolve())));
    this.#kill('SIGTERM');
    const timer = setTimeout(() => this.#kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
    this.#kill('SIGKILL'); // children that outlived the server
    if (keepLog) {
      fs.mkdirSync(this.#options.artifacts, { recursive: true });
      fs.copyFileSync(path.join(this.runDir, 'server.log'), path.join(this.#options.artifacts, `${this.#options.label}-server.log`));
    }
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
