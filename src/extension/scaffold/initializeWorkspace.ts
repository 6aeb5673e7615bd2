import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { DEMO_SPRINT_ID, scaffoldFiles } from './scaffoldFiles';

const run = promisify(execFile);

export interface InitializeOptions {
  /** Create a git repository (with a first commit of the new files) when the folder is none; default: ask. */
  createRepository?: boolean;
  /** Skip the closing "start the demo sprint?" question. */
  quiet?: boolean;
}

/**
 * Writes a small runnable workspace into the folder — never overwriting a file — and opens the
 * sprint. Baton runs each task in a git worktree, so a folder that is not a repository is
 * offered one (trusted workspaces only: git is a process). Returns the files written.
 */
export async function initializeWorkspace(folder: vscode.WorkspaceFolder, options: InitializeOptions = {}): Promise<string[]> {
  const settings = readSettings(folder);
  const root = folder.uri.fsPath;
  if (await exists(path.join(root, settings.configRoot, 'teams.yaml'))) {
    void vscode.window.showInformationMessage(`Baton: ${settings.configRoot}/teams.yaml already exists; this folder is a Baton workspace.`);
    return [];
  }
  const files = scaffoldFiles({
    configRoot: settings.configRoot, defaultRunner: settings.defaultRunner, requireReview: settings.requireReview,
    ...(settings.worktreeLocation ? { worktreeLocation: settings.worktreeLocation } : {}),
  });
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(root, ...file.path.split('/'));
    if (await exists(target)) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.content, { mode: file.executable ? 0o755 : 0o644 });
    written.push(file.path);
  }
  const sprintFile = path.join(root, settings.configRoot, 'sprints', `${DEMO_SPRINT_ID}.yaml`);
  await vscode.window.showTextDocument(vscode.Uri.file(sprintFile), { preview: false });
  if (vscode.workspace.isTrusted) await offerRepository(root, written, options.createRepository);
  if (!options.quiet) {
    const start = 'Start Demo Sprint';
    void vscode.window.showInformationMessage(`Baton: created ${written.length} files. The demo agents are scripted stand-ins (no AI), so the sprint runs offline.`, start)
      .then((c) => c === start && vscode.commands.executeCommand('baton.startSprint', DEMO_SPRINT_ID));
  }
  return written;
}

async function offerRepository(root: string, written: string[], create: boolean | undefined): Promise<void> {
  const inRepo = await run('git', ['rev-parse', '--show-toplevel'], { cwd: root }).then(() => true, () => false);
  if (inRepo) return;
  if (create === undefined) {
    const yes = 'Create Repository';
    create = (await vscode.window.showInformationMessage('Baton runs every task in its own git worktree, so the folder needs a git repository with a commit. Create one with the new files?', yes)) === yes;
  }
  if (!create) return;
  const identity = ['-c', 'user.name=Baton', '-c', 'user.email=baton@localhost.invalid'];
  const hasIdentity = await run('git', ['config', 'user.email'], { cwd: root }).then((r) => r.stdout.trim() !== '', () => false);
  await run('git', ['init', '-q'], { cwd: root });
  await run('git', ['add', '--', ...written], { cwd: root });
  await run('git', [...(hasIdentity ? [] : identity), 'commit', '-q', '-m', 'Baton workspace (Initialize Workspace)'], { cwd: root });
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}
