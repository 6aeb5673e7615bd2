import * as path from 'node:path';
import * as vscode from 'vscode';
import { ResultError } from '../../engine/result/resultError';
import { checkOutResult, mergeResult, pushResult, type MergeMode } from '../../engine/result/resultActions';
import { changesBetween, describeSprintResult, type SprintResult } from '../../engine/result/sprintResult';
import { inspectRepository } from '../../engine/run/repository';
import type { ResultEvent } from '../../engine/result/resultJournal';
import type { EngineSession } from '../../engine/session/engineSession';
import { mergeTarget } from '../result/resultModel';
import { baseUri } from '../worktreeBaseContent';
import type { Services } from './services';
import { sessionOrSay } from './targets';

type SprintArg = string | { sprintId: string } | undefined;

/**
 * After a sprint: compare its integration branch with the base, check it out, merge it into a
 * branch, push it and open a pull request. The git work is the engine's (src/engine/result);
 * these ask where and confirm what changes the user's repository, and say what happened.
 */
export function resultCommands(s: Services) {
  /** The completed run's result, or a message saying why there is none. */
  const current = async (arg: SprintArg): Promise<{ session: EngineSession; repoRoot: string; result: SprintResult & { tip: string } } | undefined> => {
    const session = await sessionOrSay(s.ws);
    if (!session) return undefined;
    const wanted = typeof arg === 'string' ? arg : arg?.sprintId;
    const run = session.run;
    if (run.status !== 'completed' || !run.sprint || (wanted && wanted !== run.sprint)) {
      void vscode.window.showInformationMessage(`Baton: ${wanted ?? run.sprint ?? 'no sprint'} has no completed run, so there is no integration branch to work with yet.`);
      return undefined;
    }
    const repo = await inspectRepository(session.workspace!.workspace.root);
    const result = await describeSprintResult(repo.root, run);
    if (!result?.exists || !result.tip) {
      void vscode.window.showWarningMessage(`Baton: the integration branch ${result?.branch ?? ''} of ${run.sprint} is not in the repository any more.`);
      return undefined;
    }
    return { session, repoRoot: repo.root, result: result as SprintResult & { tip: string } };
  };
  const done = (): void => s.sprints.refreshResult();
  // The git action is done; the run's journal records it as the person's (a warning if it cannot).
  const journal = async (session: EngineSession, event: ResultEvent): Promise<void> => {
    await session.recordResultAction(event).catch((error: Error) => {
      void vscode.window.showWarningMessage(`Baton: the action was done but not journalled on the run: ${error.message}`);
    });
  };
  const say = (error: unknown): void => {
    if (!ResultError.is(error)) throw error;
    void vscode.window.showWarningMessage(`Baton: ${error.message}`);
  };

  return {
    async compareResult(arg?: SprintArg): Promise<void> {
      const c = await current(arg);
      if (!c) return;
      const { repoRoot, result } = c;
      const base = result.baseCommit;
      if (!base) return;
      const files = await changesBetween(repoRoot, base, result.tip);
      if (files.length === 0) {
        void vscode.window.showInformationMessage(`Baton: ${result.branch} has no changes against the base ${base.slice(0, 8)}.`);
        return;
      }
      const pairs = files.map((f) => [
        vscode.Uri.file(path.join(repoRoot, f.path)),
        baseUri(repoRoot, base, f.path),
        baseUri(repoRoot, f.status === 'D' ? base : result.tip, f.path),
      ]);
      // The changes editor adds "(N files)" to the title itself.
      await vscode.commands.executeCommand('vscode.changes', `${result.branch} ↔ base ${base.slice(0, 8)}`, pairs);
    },

    async checkoutResult(arg?: SprintArg, options?: { confirmed?: boolean }): Promise<void> {
      const c = await current(arg);
      if (!c) return;
      const { repoRoot, result } = c;
      if (result.currentBranch === result.branch) {
        void vscode.window.showInformationMessage(`Baton: ${result.branch} is checked out already.`);
        return;
      }
      if (!options?.confirmed) {
        const yes = 'Check Out';
        const choice = await vscode.window.showWarningMessage(`Check out ${result.branch}?`, { modal: true, detail: `${repoRoot} switches from ${result.currentBranch ?? 'a detached HEAD'} to the sprint's merged result. Uncommitted changes are never touched: with any, nothing happens.` }, yes);
        if (choice !== yes) return;
      }
      try {
        await checkOutResult(repoRoot, c.session.run);
        await journal(c.session, { type: 'result:checked-out', branch: result.branch });
        void vscode.window.showInformationMessage(`Baton: checked out ${result.branch}.`);
      } catch (error) {
        say(error);
      }
      done();
    },

    async mergeResult(arg?: SprintArg, options?: { into?: string; mode?: MergeMode; confirmed?: boolean }): Promise<void> {
      const c = await current(arg);
      if (!c) return;
      const { repoRoot, result } = c;
      const first = mergeTarget(result);
      const into = options?.into ?? (await vscode.window.showQuickPick(
        [...result.branches].sort((a, b) => Number(b === first) - Number(a === first)).map((b) => ({ label: b, description: [b === result.baseBranch ? 'the sprint started from it' : '', b === result.currentBranch ? 'checked out' : ''].filter(Boolean).join(' · ') })),
        { placeHolder: `Merge ${result.branch} into…` },
      ))?.label;
      if (!into) return;
      const mode = options?.mode ?? (await vscode.window.showQuickPick([
        { label: 'Fast-forward', description: `${into} moves to the sprint's tip; refused if ${into} has moved on`, mode: 'fast-forward' as const },
        { label: 'Merge commit', description: `records a merge of ${result.branch} on ${into}`, mode: 'merge-commit' as const },
      ], { placeHolder: `How to merge into ${into}` }))?.mode;
      if (!mode) return;
      if (!options?.confirmed) {
        const yes = `Merge into ${into}`;
        const choice = await vscode.window.showWarningMessage(`Merge ${result.branch} into ${into} (${mode === 'fast-forward' ? 'fast-forward' : 'merge commit'})?`, { modal: true, detail: `${result.commits} commit(s), ${result.files} file(s). ${into === result.currentBranch ? 'It is checked out here: with uncommitted changes nothing happens.' : 'Your checkout is not touched.'}` }, yes);
        if (choice !== yes) return;
      }
      try {
        const merged = await mergeResult(repoRoot, c.session.run, { into, mode });
        await journal(c.session, { type: 'result:merged', branch: result.branch, into, mode, tip: merged.tip });
        void vscode.window.showInformationMessage(`Baton: merged ${result.branch} into ${into} (${mode === 'fast-forward' ? 'fast-forward' : 'merge commit'}); ${into} is at ${merged.tip.slice(0, 8)}.`);
      } catch (error) {
        say(error);
      }
      done();
    },

    async pushResult(arg?: SprintArg, options?: { confirmed?: boolean }): Promise<void> {
      const c = await current(arg);
      if (!c) return;
      const { repoRoot, result } = c;
      const remote = result.remotes.find((r) => r.host && r.name === 'origin') ?? result.remotes.find((r) => r.host);
      if (!remote) {
        void vscode.window.showWarningMessage('Baton: no remote of this repository points at GitHub or GitLab; add one to push and open a pull request.');
        return;
      }
      const base = result.baseBranch ?? mergeTarget(result) ?? 'main';
      if (!options?.confirmed) {
        const yes = 'Push';
        const choice = await vscode.window.showWarningMessage(`Push ${result.branch} to ${remote.name} and open a ${remote.host === 'github' ? 'pull' : 'merge'} request into ${base}?`, { modal: true, detail: remote.url }, yes);
        if (choice !== yes) return;
      }
      try {
        const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Baton: pushing ${result.branch} to ${remote.name}…` }, () => pushResult(repoRoot, c.session.run, { remote: remote.name, base, env: process.env }));
        await journal(c.session, { type: 'result:pushed', branch: result.branch, remote: remote.name, ...(outcome.url ? { url: outcome.url } : {}) });
        const open = 'Open';
        const text = outcome.createdWith ? `Baton: pushed ${result.branch}; ${outcome.createdWith} opened the request.` : `Baton: pushed ${result.branch}. ${outcome.note ?? ''}`;
        const choice = await vscode.window.showInformationMessage(text, ...(outcome.url ? [open] : []));
        if (choice === open && outcome.url) await vscode.env.openExternal(vscode.Uri.parse(outcome.url));
      } catch (error) {
        say(error);
      }
      done();
    },
  };
}
