import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Prerequisite } from '../model/workspace';
import { runCommand, type Contain } from '../run/runCommand';
import type { PrerequisiteCheck } from '../state/events';
import { commandEnvironment } from './commandEnvironment';

/** Seed 002's GO/NO-GO: every check, and GO only when none failed. */
export interface PrerequisiteReport {
  go: boolean;
  checks: PrerequisiteCheck[];
}

export interface PrerequisiteOptions {
  /** The workspace root: files and npm packages are looked up from it, commands run in it. */
  root: string;
  /** The host's environment (the engine reads no `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Runs command checks contained (read-only: a check changes nothing). */
  contain?: Contain;
}

const DEFAULT_COMMAND_TIMEOUT_S = 60;
const DEFAULT_PORT_TIMEOUT_S = 2;

/**
 * Checks a sprint's prerequisites (seed 002's resource verifier) — all of them, not stopping at
 * the first NO-GO, so a person fixes everything in one go: a command must exit 0 (no shell), an
 * environment variable must be set and non-empty, a file must exist inside the workspace, a TCP
 * port on 127.0.0.1 must accept a connection, an npm package must be installed where Node would
 * find it from the workspace. Stated prerequisites are listed, never checked. Never throws.
 */
export async function checkPrerequisites(prerequisites: readonly Prerequisite[], options: PrerequisiteOptions): Promise<PrerequisiteReport> {
  const checks: PrerequisiteCheck[] = [];
  for (const p of prerequisites) {
    const started = Date.now();
    const { verdict, detail } = await checkOne(p, options).catch((error: unknown) => ({ verdict: 'no-go' as const, detail: `could not check: ${(error as Error).message}` }));
    checks.push({ name: p.name, kind: p.kind, verdict, detail, durationMs: Date.now() - started });
  }
  return { go: checks.every((c) => c.verdict !== 'no-go'), checks };
}

/** "NO-GO: DATABASE_URL is set ($DATABASE_URL is not set); Node.js available (`node` was not found)". */
export function describeNoGo(checks: readonly PrerequisiteCheck[]): string {
  const failing = checks.filter((c) => c.verdict === 'no-go');
  return `prerequisites NO-GO: ${failing.map((c) => `${c.name} (${c.detail})`).join('; ')}`;
}

type Verdict = Pick<PrerequisiteCheck, 'verdict' | 'detail'>;

async function checkOne(p: Prerequisite, o: PrerequisiteOptions): Promise<Verdict> {
  switch (p.kind) {
    case 'stated':
      return { verdict: 'stated', detail: 'stated in the sprint; not checked' };
    case 'env': {
      const value = o.env[p.variable];
      return value !== undefined && value !== '' ? { verdict: 'go', detail: `$${p.variable} is set` } : { verdict: 'no-go', detail: `$${p.variable} is not set` };
    }
    case 'file':
      return checkFile(p.path, o.root);
    case 'command': {
      const outcome = await runCommand(p.command, { cwd: o.root, env: commandEnvironment(o.env), timeoutMs: 1000 * (p.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_S), ...(o.contain ? { contain: o.contain } : {}) });
      const tail = outcome.output.trim().split('\n').pop()?.trim() ?? '';
      return outcome.ok
        ? { verdict: 'go', detail: `\`${p.command.join(' ')}\` exited 0${tail ? `: ${tail.slice(0, 120)}` : ''}` }
        : { verdict: 'no-go', detail: `\`${p.command.join(' ')}\` ${outcome.reason ?? 'failed'}${tail ? `: ${tail.slice(0, 200)}` : ''}` };
    }
    case 'port':
      return (await portOpen(p.port, 1000 * (p.timeoutSeconds ?? DEFAULT_PORT_TIMEOUT_S)))
        ? { verdict: 'go', detail: `127.0.0.1:${p.port} accepts connections` }
        : { verdict: 'no-go', detail: `nothing listens on 127.0.0.1:${p.port}` };
    case 'npm':
      return checkNpm(p.packageName, o.root);
  }
}

async function checkFile(file: string, root: string): Promise<Verdict> {
  const full = path.resolve(root, file);
  const rel = path.relative(root, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { verdict: 'no-go', detail: `${file} is outside the workspace; only files inside it are checked` };
  return (await fs.access(full).then(() => true, () => false)) ? { verdict: 'go', detail: `${file} exists` } : { verdict: 'no-go', detail: `${file} does not exist` };
}

/** Node's lookup: `node_modules/<name>/package.json` in the root and every folder above it. */
async function checkNpm(name: string, root: string): Promise<Verdict> {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) return { verdict: 'no-go', detail: `\`${name}\` is not an npm package name` };
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', ...name.split('/'), 'package.json');
    const text = await fs.readFile(manifest, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const version = (() => {
        try {
          return (JSON.parse(text) as { version?: unknown }).version;
        } catch {
          return undefined;
        }
      })();
      return { verdict: 'go', detail: `${name}${typeof version === 'string' ? `@${version}` : ''} in ${path.relative(root, path.dirname(manifest)) || '.'}` };
    }
    if (path.dirname(dir) === dir) return { verdict: 'no-go', detail: `${name} is not installed (no node_modules/${name} from the workspace up)` };
  }
}

function portOpen(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
