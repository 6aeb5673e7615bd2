import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorktreeInfo } from '../../engine/worktrees/worktreeTypes';
import { isOwned } from '../views/worktrees/worktreeStanding';
import type { WorktreeNode } from '../views/worktrees/worktreeNode';
import { baseUri } from '../worktreeBaseContent';
import type { Services } from './services';

type WorktreeArg = WorktreeNode | { path: string } | string | undefined;

/** Open, diff, reveal, remove and prune Baton's worktrees. */
export function worktreeCommands(s: Services) {
  const resolve = async (arg: WorktreeArg, placeHolder: string): Promise<WorktreeInfo | undefined> => {
    const wanted = typeof arg === 'string' ? arg : arg?.path;
    const list = await s.worktrees.listNow();
    if (wanted) return list.find((w) => w.path === path.resolve(wanted));
    const picked = await vscode.window.showQuickPick(list.map((w) => ({ label: w.task ?? path.basename(w.path), description: w.branch, detail: w.path, w })), { placeHolder });
    return picked?.w;
  };

  return {
    async openWorktreeInNewWindow(arg?: WorktreeArg): Promise<void> {
      const p = typeof arg === 'string' ? arg : arg?.path;
      if (p) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(p), { forceNewWindow: true });
    },

    /** The worktree's changes since its base — committed or not — in VS Code's diff editor. */
    async openWorktreeDiff(arg?: WorktreeArg): Promise<void> {
      const w = await resolve(arg, 'Worktree to compare with its base');
      if (!w) return;
      if (!w.exists || !w.base) {
        void vscode.window.showInformationMessage(`Baton: ${w.task ?? w.path} has ${w.exists ? 'no recorded base commit' : 'no folder any more'}; nothing to compare.`);
        return;
      }
      const files = await (await s.worktrees.manager()).changedFiles(w.path, w.base);
      const label = w.task ?? path.basename(w.path);
      if (files.length === 0) {
        void vscode.window.showInformationMessage(`Baton: ${label} has no changes against its base ${w.base.slice(0, 8)}.`);
        return;
      }
      const pair = (f: string): [vscode.Uri, vscode.Uri, vscode.Uri] => {
        const right = vscode.Uri.file(path.join(w.path, f));
        return [right, baseUri(w.path, w.base!, f), right];
      };
      if (files.length === 1) {
        const [, left, right] = pair(files[0]!);
        await vscode.commands.executeCommand('vscode.diff', left, right, `${label}: ${files[0]} (base ↔ worktree)`);
        return;
      }
      // The changes editor adds "(N files)" to the title itself.
      await vscode.commands.executeCommand('vscode.changes', `${label}: changes against base ${w.base.slice(0, 8)}`, files.map(pair));
    },

    async revealWorktreeInTerminal(arg?: WorktreeArg): Promise<void> {
      const p = typeof arg === 'string' ? arg : arg?.path;
      if (!p) return;
      const terminal = vscode.window.createTerminal({ name: `Baton: ${path.basename(p)}`, cwd: p, iconPath: new vscode.ThemeIcon('git-branch') });
      terminal.show();
    },

    async removeWorktree(arg?: WorktreeArg, options?: { confirmed?: boolean }): Promise<void> {
      const w = await resolve(arg, 'Worktree to remove');
      if (!w) return;
      const session = s.ws.current;
      if (session && isOwned(session.run, w) && (session.runningHere || s.ws.runningElsewhere)) {
        void vscode.window.showWarningMessage(`Baton: ${w.task} is still part of the running sprint; cancel the task or the run first.`);
        return;
      }
      if (!options?.confirmed) {
        const yes = 'Remove';
        const choice = await vscode.window.showWarningMessage(`Remove the worktree of ${w.task ?? w.path}?`, {
          modal: true, detail: `${w.path}\n\n${w.dirty ? 'Its uncommitted changes are discarded. ' : ''}The branch ${w.branch ?? ''} is kept.`,
        }, yes);
        if (choice !== yes) return;
      }
      await (await s.worktrees.manager()).remove(w.path);
      s.worktrees.scheduleRelist();
    },

    async pruneWorktrees(_arg?: unknown, options?: { confirmed?: boolean }): Promise<void> {
      const session = await s.ws.session();
      if (!session) return;
      const manager = await s.worktrees.manager();
      const { orphans } = await manager.reconcile((w) => isOwned(session.run, w));
      if (orphans.length === 0) {
        void vscode.window.showInformationMessage('Baton: no orphaned worktrees.');
        await manager.prune({ orphans: [] });
        s.worktrees.scheduleRelist();
        return;
      }
      if (!options?.confirmed) {
        const yes = 'Prune';
        const choice = await vscode.window.showWarningMessage(`Remove ${orphans.length} orphaned worktree(s)?`, {
          modal: true, detail: `${orphans.map((o) => o.task ?? o.path).join(', ')}\n\nNo unfinished task owns them. Uncommitted changes in them are discarded; branches are kept.`,
        }, yes);
        if (choice !== yes) return;
      }
      const removed = await manager.prune({ orphans });
      s.worktrees.scheduleRelist();
      void vscode.window.showInformationMessage(`Baton: removed ${removed.length} orphaned worktree(s).`);
    },
  };
}
