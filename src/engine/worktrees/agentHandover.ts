import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { importAgentObjects } from './objectImport';
import { WorktreeError } from './worktreeError';
import type { WorktreeContext } from './worktreeTypes';

/** Where an agent's git lives while it has the worktree. */
export interface AgentGit {
  /** The worktree's private git directory: HEAD, index, logs. */
  adminDir: string;
  /** The agent's private object folder (shown in place of `.git/objects` inside the sandbox). */
  objectsDir: string;
  /** Files in the private git directory that nothing run in the worktree may change. */
  pinned: string[];
}

/** What an agent left, as Baton recorded it. */
export interface TakenBack {
  /** The commit the agent's HEAD named, now the tip of the task's branch. */
  head: string;
  /** Why the agent's HEAD could not be taken (it named no commit): the branch stays where it was. */
  problem?: string;
}

const OBJECTS = 'baton-objects';
/** Files in a worktree's private git directory that say where the repository and worktree are. */
const POINTERS = ['commondir', 'gitdir', 'baton.json', 'config.worktree'];

/**
 * Hands a worktree to an agent: HEAD detached at `checkpoint` (so the agent's commits move no
 * branch), and an empty private object folder whose alternates name the shared store as the
 * sandbox shows it (`sharedInside`).
 *
 * Safety: only Baton moves `baton/<sprint>/<task>`. Inside the sandbox the shared `.git` is
 * read-only, so an agent could not commit on a branch anyway; detached, its commits touch only
 * the worktree's private HEAD, which {@link takeBack} reads.
 */
export async function handOver(ctx: WorktreeContext, adminDir: string, checkpoint: string, sharedInside: string): Promise<AgentGit> {
  const objectsDir = path.join(adminDir, OBJECTS);
  await fs.rm(objectsDir, { recursive: true, force: true });
  await fs.mkdir(path.join(objectsDir, 'info'), { recursive: true });
  await fs.mkdir(path.join(objectsDir, 'pack'), { recursive: true });
  await fs.writeFile(path.join(objectsDir, 'info', 'alternates'), `${sharedInside}\n`);
  // Present, so the sandbox can pin it: with `extensions.worktreeConfig` git reads it as config.
  await fs.writeFile(path.join(adminDir, 'config.worktree'), '', { flag: 'a' });
  await writeHead(adminDir, `${checkpoint}\n`);
  return { adminDir, objectsDir, pinned: POINTERS.map((f) => path.join(adminDir, f)) };
}

/**
 * Takes a worktree back after an agent (or a crash during one): imports the objects it wrote,
 * points `branch` at the commit its HEAD names and attaches HEAD to `branch` again. Idempotent;
 * cheap when nothing changed (no git process when HEAD is already attached and no object was
 * written).
 *
 * Safety: HEAD is rewritten whatever the agent left in it — a symbolic ref to the user's `main`
 * included — before Baton runs any git command in the worktree, since those run outside the
 * sandbox and would otherwise commit or reset through it.
 */
export async function takeBack(ctx: WorktreeContext, dir: string, adminDir: string, branch: string): Promise<TakenBack> {
  const objectsDir = path.join(adminDir, OBJECTS);
  const attached = `ref: refs/heads/${branch}\n`;
  const current = await fs.readFile(path.join(adminDir, 'HEAD'), 'utf8').catch(() => '');
  const tip = async (): Promise<string> => (await ctx.git.run(ctx.layout.repoRoot, ['rev-parse', '--verify', `refs/heads/${branch}^{commit}`])).trim();
  if (current === attached && !(await exists(objectsDir))) return { head: await tip() };
  let problem: string | undefined;
  try {
    await importAgentObjects(ctx.git, ctx.layout.repoRoot, adminDir, objectsDir, path.join(ctx.layout.commonDir, 'objects'));
  } catch (error) {
    problem = (error as Error).message;
  }
  let head: string | undefined;
  if (!problem) {
    const resolved = await ctx.git.exec(dir, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { allowExit: [1, 128], env: { GIT_DIR: adminDir, GIT_WORK_TREE: dir } });
    head = resolved.exitCode === 0 ? resolved.stdout.trim() : undefined;
    if (!head) problem = `the agent left HEAD at \`${current.trim().slice(0, 80)}\`, which names no commit`;
  }
  if (head) await ctx.git.run(ctx.layout.repoRoot, ['update-ref', '-m', 'baton: the agent\'s result', `refs/heads/${branch}`, head]);
  await writeHead(adminDir, attached);
  await fs.rm(objectsDir, { recursive: true, force: true });
  return problem ? { head: await tip(), problem } : { head: head! };
}

/**
 * The environment that lets Baton's git, outside the sandbox, read a worktree while an agent
 * holds it: the agent's HEAD names commits that so far exist only in its private object folder,
 * so `rev-list <base>..HEAD`, `status` and `diff <base>` there fail or mislead without it. Empty
 * when no agent holds the worktree (the folder goes when Baton takes the work back).
 *
 * Safety: the agent's folder is only an extra alternate, never the object directory, so no git
 * of Baton's writes there; use it for reading only — Baton imports those objects, verified,
 * in {@link takeBack}, and nothing commits or merges on top of them before that.
 */
export async function agentObjectsView(adminDir: string): Promise<Record<string, string>> {
  const objectsDir = path.join(adminDir, OBJECTS);
  return (await exists(objectsDir)) ? { GIT_ALTERNATE_OBJECT_DIRECTORIES: objectsDir } : {};
}

/** Replaces HEAD atomically (a crash leaves the old or the new one, never half of one). */
async function writeHead(adminDir: string, content: string): Promise<void> {
  const file = path.join(adminDir, 'HEAD');
  const temp = `${file}.baton-${process.pid}`;
  await fs.writeFile(temp, content);
  await fs.rename(temp, file).catch(async (error: unknown) => {
    await fs.rm(temp, { force: true });
    throw new WorktreeError(`could not write ${file}: ${(error as Error).message}`);
  });
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}
