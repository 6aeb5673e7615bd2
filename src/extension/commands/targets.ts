import * as vscode from 'vscode';
import type { TaskRunStatus } from '../../engine/state/runState';
import type { EngineSession } from '../../engine/session/engineSession';
import type { BatonWorkspace } from '../batonWorkspace';

/**
 * What a command acts on: a tree node passed by a menu, an id passed by a CodeLens or another
 * extension, or — from the Command Palette — a quick pick.
 */
type SprintArg = string | { sprintId: string } | undefined;
type TaskArg = string | { taskId: string } | undefined;

export async function sessionOrSay(ws: BatonWorkspace): Promise<EngineSession | undefined> {
  const session = await ws.session();
  if (session?.workspace) return session;
  const init = 'Initialize Workspace';
  const choice = await vscode.window.showInformationMessage(
    ws.folder ? `Baton: no Baton workspace in this folder (no ${ws.configRoot}/).` : 'Baton: open a folder first.',
    ...(ws.folder ? [init] : []),
  );
  if (choice === init) await vscode.commands.executeCommand('baton.initializeWorkspace');
  return undefined;
}

export async function pickSprint(session: EngineSession, arg: SprintArg, placeHolder: string): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'sprintId' in arg) return arg.sprintId;
  const sprints = [...(session.workspace?.workspace.sprints.values() ?? [])];
  if (sprints.length === 0) {
    void vscode.window.showInformationMessage('Baton: the workspace has no sprints yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    sprints.map((s) => ({ label: s.name || s.id, description: `${s.id} · ${s.tasks.length} tasks`, detail: s.goals[0], id: s.id })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.id;
}

/** A task of the current run, optionally only in some states. */
export async function pickRunTask(session: EngineSession, arg: TaskArg, placeHolder: string, states?: readonly TaskRunStatus[], also?: (t: { attempts: number }) => boolean): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'taskId' in arg) return arg.taskId;
  const candidates = [...session.run.tasks.values()].filter((t) => (!states || states.includes(t.status)) && (!also || also(t)));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`Baton: no task to choose${session.run.sprint ? ` in the run of ${session.run.sprint}` : ' (nothing has run yet)'}.`);
    return undefined;
  }
  const titles = new Map((session.workspace?.workspace.sprints.get(session.run.sprint ?? '')?.tasks ?? []).map((t) => [t.id, t.title]));
  const picked = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: t.id, description: [t.status, t.agent].filter(Boolean).join(' · '), detail: titles.get(t.id) })),
    { placeHolder },
  );
  return picked?.label;
}

/** A task of any sprint in the files (for the board and the run-task lens). */
export async function pickAnyTask(session: EngineSession, arg: TaskArg, placeHolder: string): Promise<{ sprintId?: string; taskId: string } | undefined> {
  if (typeof arg === 'string') return { taskId: arg };
  if (arg && typeof arg === 'object' && 'taskId' in arg) return { taskId: arg.taskId, ...('sprintId' in arg && typeof arg.sprintId === 'string' ? { sprintId: arg.sprintId } : {}) };
  const items = [...(session.workspace?.workspace.sprints.values() ?? [])].flatMap((s) => s.tasks.map((t) => ({ label: t.id, description: s.id, detail: t.title, sprintId: s.id })));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  return picked ? { sprintId: picked.sprintId, taskId: picked.label } : undefined;
}
