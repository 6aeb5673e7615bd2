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

/**
 * Lists Baton's worktrees for the view, as the engine describes them (`describeWorktrees`:
 * membership, `dirty` and `ahead` — an agent's commits included while it runs), with no git
 * lock taken: the view relists while agents commit and the engine merges in those worktrees.
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
    const infos = await describeWorktrees(ctx, entries, stored, 0);
    for (const info of infos) delete info.port;
    return infos;
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
