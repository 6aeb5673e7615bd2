import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { GitRunner } from './gitRunner';
import { NO_HOOKS } from './gitRunner';
import { WorktreeError } from './worktreeError';

/** Below this many loose objects they are unpacked as loose objects, like `git fetch` does. */
const UNPACK_LIMIT = 100;

/**
 * Moves the objects an agent wrote into its private object folder into the repository's shared
 * store, through git: `pack-objects` reads them (the shared store as its alternate), and
 * `unpack-objects` / `index-pack` in the repository hashes every one again as it stores it.
 *
 * Safety: files are never copied into `.git/objects` as they are. A file named after one object
 * but holding another would sit in the shared store forever and corrupt every later commit
 * that needs the real one; git's own import stores each object under its true name.
 *
 * @returns how many objects were imported (0 when the folder is empty or missing).
 */
export async function importAgentObjects(git: GitRunner, repoRoot: string, adminDir: string, objectsDir: string, sharedObjects: string): Promise<number> {
  const loose = await looseObjects(objectsDir);
  const packs = (await fs.readdir(path.join(objectsDir, 'pack')).catch(() => [] as string[])).filter((f) => f.endsWith('.pack'));
  const agentView = { GIT_DIR: adminDir, GIT_OBJECT_DIRECTORY: objectsDir, GIT_ALTERNATE_OBJECT_DIRECTORIES: sharedObjects };
  if (loose.length) {
    const into = loose.length < UNPACK_LIMIT ? ['unpack-objects', '-q'] : ['index-pack', '--stdin'];
    await pipe(git, { cwd: repoRoot, args: ['pack-objects', '-q', '--stdout'], env: agentView, input: `${loose.join('\n')}\n` }, { cwd: repoRoot, args: into });
  }
  for (const pack of packs) {
    await pipe(git, { cwd: repoRoot, file: path.join(objectsDir, 'pack', pack) }, { cwd: repoRoot, args: ['index-pack', '--stdin', '--fix-thin'] });
  }
  return loose.length + packs.length;
}

async function looseObjects(objectsDir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const dir of await fs.readdir(objectsDir).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    for (const rest of await fs.readdir(path.join(objectsDir, dir)).catch(() => [] as string[])) {
      if (/^[0-9a-f]{38}$|^[0-9a-f]{62}$/.test(rest)) ids.push(dir + rest);
    }
  }
  return ids;
}

type Source = { cwd: string; args: string[]; env?: Record<string, string>; input: string } | { cwd: string; file: string };

/** `source | git <sink.args>`, both with Baton's git environment and hooks off. */
function pipe(git: GitRunner, source: Source, sink: { cwd: string; args: string[] }): Promise<void> {
  return new Promise((resolve, reject) => {
    const to = spawn('git', [...NO_HOOKS, ...sink.args], { cwd: sink.cwd, env: git.env, stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    let errors = '';
    const collect = (chunk: Buffer): void => void (errors = (errors + chunk.toString()).slice(-2000));
    to.stderr.on('data', collect);
    to.stdin.on('error', () => undefined);
    let from: ReturnType<typeof spawn> | undefined;
    let fromFailed = false;
    if ('file' in source) {
      createReadStream(source.file).on('error', (e) => to.stdin.destroy(e)).pipe(to.stdin);
    } else {
      from = spawn('git', [...NO_HOOKS, ...source.args], { cwd: source.cwd, env: { ...git.env, ...source.env }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      from.stderr!.on('data', collect);
      from.stdin!.on('error', () => undefined);
      from.stdin!.end(source.input);
      from.stdout!.pipe(to.stdin);
      from.once('close', (code) => void (fromFailed = code !== 0));
      from.once('error', (e) => reject(e));
    }
    to.once('error', reject);
    to.once('close', (code) => {
      if (code === 0 && !fromFailed) return resolve();
      reject(new WorktreeError(`importing the agent's git objects failed: ${errors.trim() || `exit ${code}`}`));
    });
  });
}
