import * as fs from 'node:fs/promises';
import { agentObjectsView } from './agentHandover';
import type { RegisteredWorktree } from './worktreeList';
import { readStatus } from './worktreeStatus';
import type { StoredWorktree } from './worktreeMetadata';
import type { WorktreeContext, WorktreeInfo } from './worktreeTypes';

/**
 * Turns git's worktree list into {@link WorktreeInfo} for Baton's worktrees only: those on a
 * `baton/...` branch, inside the worktree location, or carrying Baton metadata. The main
 * worktree and the user's own checkout are never included, whatever branch they are on.
 * `details: false` skips `dirty` and `ahead`, which cost two git processes per worktree. Both only
 * read (no index refresh, no lock): views list while agents commit and the engine merges there.
 * While an agent holds a worktree they count its commits too, which live in its private object
 * folder until Baton takes the work back.
 */
export async function describeWorktrees(
  ctx: WorktreeContext,
  entries: readonly RegisteredWorktree[],
  stored: ReadonlyMap<string, StoredWorktree>,
  basePort: number,
  details = true,
): Promise<WorktreeInfo[]> {
  const { layout } = ctx;
  const ours = entries.filter(
    (e, index) => index > 0 && !e.bare && e.path !== layout.repoRoot && (layout.parseBranch(e.branch) !== undefined || layout.holds(e.path) || stored.get(e.path)?.metadata !== undefined),
  );
  // A few at a time: each costs two git processes, and a big sprint has dozens of worktrees.
  const infos: WorktreeInfo[] = new Array<WorktreeInfo>(ours.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < ours.length; i = next++) {
      const entry = ours[i]!;
      infos[i] = await describe(ctx, entry, stored.get(entry.path), basePort, details);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ours.length) }, worker));
  return infos;
}

const PARALLEL = 4;

async function describe(ctx: WorktreeContext, entry: RegisteredWorktree, stored: StoredWorktree | undefined, basePort: number, details: boolean): Promise<WorktreeInfo> {
  const metadata = stored?.metadata;
  const parsed = ctx.layout.parseBranch(entry.branch);
  const exists = !entry.prunable && (await fs.stat(entry.path).then((s) => s.isDirectory(), () => false));
  const info: WorktreeInfo = { path: entry.path, branch: entry.branch, head: entry.head, exists, locked: entry.locked, prunable: entry.prunable };
  const sprint = metadata?.sprint ?? parsed?.sprint;
  const task = metadata?.task ?? parsed?.task;
  if (sprint !== undefined) info.sprint = sprint;
  if (task !== undefined) info.task = task;
  if (metadata) {
    info.base = metadata.base;
    info.port = basePort + metadata.slot;
  }
  if (!exists || !details) return info;
  const excludes = ctx.setup.excludePathspecs;
  const env = stored ? await agentObjectsView(stored.adminDir) : {};
  const [status, ahead] = await Promise.all([
    // One broken worktree must not make the whole list fail: its details are just left out.
    readStatus(ctx.git, entry.path, excludes, env).catch(() => undefined),
    metadata ? ctx.git.run(entry.path, ['--no-optional-locks', 'rev-list', '--count', `${metadata.base}..HEAD`], { env }).catch(() => undefined) : undefined,
  ]);
  if (status !== undefined) info.dirty = status.paths.length > 0;
  if (ahead !== undefined) info.ahead = Number(ahead.trim());
  return info;
}
