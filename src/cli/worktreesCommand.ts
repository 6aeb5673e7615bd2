import * as path from 'node:path';
import { loadWorkspace } from '../engine/config/loadWorkspace';
import { inspectRepository } from '../engine/run/repository';
import { inspectCurrentRun, stateDirFor } from '../engine/run/runInspection';
import { worktreeManager } from '../engine/run/sprintRunner';
import type { WorktreeInfo } from '../engine/worktrees/worktreeTypes';
import { ExitCode, type Command } from './command';
import { formatTable } from './table';
import { CONFIG_ROOT_OPTION, DIR_POSITIONAL } from './workspaceArgs';

const FINISHED = new Set(['done', 'skipped', 'cancelled']);

export const worktreesCommand: Command = {
  name: 'worktrees',
  summary: "List Baton's git worktrees; --prune removes orphans",
  description: 'An orphan is a Baton worktree that no unfinished task of the current run owns: left by a crash, a cancelled run, or an earlier run. Worktrees of failed and blocked tasks are kept for inspection until the next run of their sprint. Pruning removes worktree folders only; branches are kept.',
  positionals: [DIR_POSITIONAL],
  options: {
    prune: { type: 'boolean', description: 'Remove orphaned worktrees.' },
    json: { type: 'boolean', description: 'Print one JSON object: {"worktrees":[{"path","branch","sprint","task","orphan","dirty","ahead","exists"}]}.' },
    'config-root': CONFIG_ROOT_OPTION,
  },
  async run(ctx) {
    const dir = path.resolve(ctx.io.cwd, ctx.args.positional('dir') ?? '.');
    const configRoot = ctx.args.option('config-root');
    const { workspace } = await loadWorkspace(dir, configRoot !== undefined ? { configRoot } : {});
    const manager = worktreeManager(workspace, await inspectRepository(dir, ctx.io.env), ctx.io.env);
    const snapshot = await inspectCurrentRun(stateDirFor(dir, configRoot));
    const owned = (w: WorktreeInfo): boolean => {
      const t = w.task && w.sprint === snapshot?.state.sprint ? snapshot?.state.tasks.get(w.task) : undefined;
      return t !== undefined && !FINISHED.has(t.status);
    };
    const { orphans } = await manager.reconcile(owned);
    const orphanPaths = new Set(orphans.map((o) => o.path));
    const list = await manager.list();
    if (ctx.args.flag('prune')) {
      const removed = await manager.prune({ orphans });
      if (!ctx.args.flag('json')) ctx.stdout.line(removed.length ? `Removed ${removed.length} orphaned worktree(s):\n${removed.map((p) => `  ${p}`).join('\n')}` : 'No orphaned worktrees.');
      if (!ctx.args.flag('json')) return ExitCode.ok;
    }
    const rows = (ctx.args.flag('prune') ? await manager.list() : list).map((w) => ({
      path: w.path, branch: w.branch ?? null, sprint: w.sprint ?? null, task: w.task ?? null, orphan: orphanPaths.has(w.path),
      dirty: w.dirty ?? null, ahead: w.ahead ?? null, exists: w.exists,
    }));
    if (ctx.args.flag('json')) {
      ctx.stdout.json({ worktrees: rows });
      return ExitCode.ok;
    }
    if (rows.length === 0) {
      ctx.stdout.line('No Baton worktrees.');
      return ExitCode.ok;
    }
    const s = ctx.stdout.style;
    ctx.stdout.lines(formatTable(
      [{ header: 'task' }, { header: 'branch' }, { header: 'state' }, { header: 'ahead', align: 'right' }, { header: 'path' }],
      rows.map((r) => [r.task ?? '?', r.branch ?? '', [r.orphan ? s.yellow('orphan') : '', r.exists ? (r.dirty ? 'dirty' : 'clean') : s.red('missing')].filter(Boolean).join(', '), r.ahead === null ? '' : String(r.ahead), r.path]),
      s.dim,
    ));
    if (orphans.length) ctx.stdout.line(s.dim(`${orphans.length} orphaned; \`baton worktrees --prune\` removes them.`));
    return ExitCode.ok;
  },
};
