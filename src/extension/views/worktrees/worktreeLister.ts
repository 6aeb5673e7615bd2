import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Workspace } from '../../../engine/model/workspace';
import { describeWorktrees } from '../../../engine/worktrees/describeWorktrees';
import { gitEnvironment } from '../../../engine/worktrees/gitEnvironment';
import { GitRunner } from '../../../engine/worktrees/gitRunner';
import { WorkspaceSetup } from '../../../engine/worktrees/workspaceSetup';
import { WorktreeLayout } from '../../../engine/worktrees/worktreeLayout';
import { readWorktreeList } from '../../../engine/worktrees/worktreeList';
import { WorktreeMetadataStore } from '../../../engine/worktrees/worktreeMetadata';
import type { WorktreeContext, WorktreeInfo } from '../../../engine/worktrees/worktreeTypes';

const PARALLEL = 4;

/**
 * Lists Baton's worktrees for the view without ever taking a git lock. The view relists while
 * agents commit and the engine merges in those same worktrees; a plain `git status` refreshes
 * the index and holds `index.lock` meanwhile, which makes a concurrent `git commit` or merge
 * there fail. So membership comes from the engine's own rules (`describeWorktrees` without
 * details: `git worktree list` and Baton's metadata), and `dirty` / `ahead` from
 * `git --no-optional-locks status` and `git rev-list`, which only read.
 */
export class WorktreeLister {
  readonly #workspace: Workspace;
  readonly #repoRoot: string;
  #ctx: Promise<WorktreeContext> | undefined;

  constructor(workspace: Workspace, repoRoot: string) {
    this.#workspace = workspace;
    this.#repoRoot = repoRoot;
  }

  async list(): Promise<WorktreeInfo[]> {
    const ctx = await (this.#ctx ??= this.#context());
    const [entries, stored] = await Promise.all([readWorktreeList(ctx.git, this.#repoRoot), ctx.metadata.readAll()]);
    const infos = await describeWorktrees(ctx, entries, stored, 0, false);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < infos.length; i = next++) await this.#details(infos[i]!, ctx.setup.excludePathspecs);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, infos.length) }, worker));
    for (const info of infos) delete info.port;
    return infos;
  }

  async #details(info: WorktreeInfo, excludes: readonly string[]): Promise<void> {
    if (!info.exists) return;
    const [status, ahead] = await Promise.all([
      readOnlyGit(info.path, ['status', '--porcelain', '-z', '--untracked-files=all', '--', '.', ...excludes]).catch(() => undefined),
      info.base ? readOnlyGit(info.path, ['rev-list', '--count', `${info.base}..HEAD`]).catch(() => undefined) : undefined,
    ]);
    if (status !== undefined) info.dirty = status.length > 0;
    if (ahead !== undefined) info.ahead = Number(ahead.trim());
  }

  #context(): Promise<WorktreeContext> {
    const wt = this.#workspace.settings.worktrees;
    const options = { repoRoot: this.#repoRoot, copy: wt.copy, symlink: wt.symlink, ...(wt.setup ? { setup: wt.setup } : {}) };
    const git = new GitRunner(this.#repoRoot, gitEnvironment(process.env));
    const location = wt.location ? path.resolve(this.#workspace.root, wt.location) : undefined;
    return WorktreeLayout.create(git, this.#repoRoot, location).then((layout) => ({
      git, layout, metadata: new WorktreeMetadataStore(layout.commonDir), setup: new WorkspaceSetup(layout.repoRoot, options),
    }));
  }
}

function readOnlyGit(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['--no-optional-locks', ...args], { cwd, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}
