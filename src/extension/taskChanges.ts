import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { changesBetween } from '../engine/result/sprintResult';
import { inspectRepository } from '../engine/run/repository';
import { worktreeManager } from '../engine/run/sprintRunner';
import type { EngineSession } from '../engine/session/engineSession';
import { baseUri } from './worktreeBaseContent';

type Pair = [vscode.Uri, vscode.Uri, vscode.Uri];

/**
 * A task's changes in VS Code's own diff editor (one file) or multi-file changes editor: its
 * worktree against its base while the worktree holds its work; otherwise its commit against
 * the base (a done task whose worktree is gone, or a failed attempt's rolled-back work, which
 * is what "accept as is" would keep). Says so when there is nothing to show.
 */
export async function openTaskChanges(session: EngineSession, taskId: string): Promise<void> {
  const workspace = session.workspace?.workspace;
  const t = session.run.tasks.get(taskId);
  if (!workspace || !t) {
    void vscode.window.showInformationMessage(`Baton: ${taskId} has not run in the current run, so it has no changes yet.`);
    return;
  }
  const base = t.handoff?.base ?? t.currentAttempt?.base ?? session.run.baseCommit;
  if (!base) return;
  const repo = await inspectRepository(workspace.root);
  const ended = t.status === 'failed' || t.status === 'blocked' || t.status === 'cancelled';
  const commit = ended && t.failedCommit ? t.failedCommit : t.commit ?? t.handoff?.commit;
  const live = t.worktree && fs.existsSync(t.worktree) && !(ended && t.failedCommit);
  let pairs: Pair[];
  let what: string;
  if (live) {
    const worktree = t.worktree!;
    const files = await worktreeManager(workspace, repo).changedFiles(worktree, base);
    pairs = files.map((f) => {
      const right = vscode.Uri.file(path.join(worktree, f));
      return [right, baseUri(worktree, base, f), right];
    });
    what = 'worktree';
  } else if (commit) {
    const files = await changesBetween(repo.root, base, commit);
    pairs = files.map((f) => {
      const right = f.status === 'D' ? baseUri(repo.root, base, f.path) : baseUri(repo.root, commit, f.path);
      return [vscode.Uri.file(path.join(repo.root, f.path)), baseUri(repo.root, base, f.path), right];
    });
    what = ended ? `last attempt ${commit.slice(0, 8)}` : commit.slice(0, 8);
  } else {
    void vscode.window.showInformationMessage(`Baton: ${taskId} has no work to compare (no worktree and no commit of its own).`);
    return;
  }
  if (pairs.length === 0) {
    void vscode.window.showInformationMessage(`Baton: ${taskId} changed nothing against its base ${base.slice(0, 8)}.`);
    return;
  }
  const title = `${taskId}: base ${base.slice(0, 8)} ↔ ${what}`;
  if (pairs.length === 1) {
    const [, left, right] = pairs[0]!;
    await vscode.commands.executeCommand('vscode.diff', left, right, `${title} (${pairs[0]![0].path.split('/').pop()})`, { preview: true });
    return;
  }
  // The changes editor adds "(N files)" to the title itself.
  await vscode.commands.executeCommand('vscode.changes', title, pairs);
}
