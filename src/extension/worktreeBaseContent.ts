import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const BASE_SCHEME = 'baton-base';

/**
 * A file as it was at a worktree's base commit (the left side of a diff). The path is the
 * file's own, so the diff editor shows one file changed, not a rename.
 */
export function baseUri(worktree: string, commit: string, relPath: string): vscode.Uri {
  const file = vscode.Uri.file(path.join(worktree, relPath));
  return file.with({ scheme: BASE_SCHEME, query: JSON.stringify({ worktree, commit, rel: relPath.split(path.sep).join('/') }) });
}

/**
 * Serves {@link baseUri} documents with `git show <commit>:<path>` — no shell, run only behind
 * trusted-only commands (git runs the repository's configured programs). A file the task
 * added did not exist at the base: it reads as empty.
 */
export class WorktreeBaseContent implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (!vscode.workspace.isTrusted) return Promise.resolve('');
    const { worktree, commit, rel } = JSON.parse(uri.query) as { worktree: string; commit: string; rel: string };
    if (!/^[0-9a-f]{7,64}$/i.test(commit)) return Promise.resolve('');
    return new Promise((resolve) => {
      execFile('git', ['show', `${commit}:${rel}`], { cwd: worktree, maxBuffer: 32 * 1024 * 1024 }, (error, stdout) => resolve(error ? '' : stdout));
    });
  }
}
