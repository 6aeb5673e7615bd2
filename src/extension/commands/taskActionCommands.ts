import * as vscode from 'vscode';
import type { ReviewDecision } from '../../engine/coordination/reviewDecision';
import type { RunResult } from '../../engine/run/sprintRunner';
import type { EngineSession } from '../../engine/session/engineSession';
import { boardLink } from '../boardLink';
import { openTaskChanges } from '../taskChanges';
import { report } from './registerCommands';
import { followRun } from './runProgress';
import type { Services } from './services';
import { pickAnyTask, pickRunTask, sessionOrSay } from './targets';

type TaskArg = string | { taskId: string; sprintId?: string } | undefined;

/** Who a decision made in this window is journalled as. */
export const REVIEWER = 'VS Code';

const OPEN = ['planning', 'ready', 'failed', 'blocked', 'cancelled', 'review'] as const;

/**
 * The ways out of a task gone wrong, and its handoff and changes — the same commands behind the
 * trees' menus, the board's cards and graph nodes, and the review panel (src/shared/taskActions.ts).
 * The engine decides; these ask which member, and confirm what cannot be undone.
 */
export function taskActionCommands(s: Services) {
  /** Makes a decision; when it reopens a stopped run, this window runs it (as Retry does). */
  const decideTask = async (session: EngineSession, title: string, decision: ReviewDecision, make: () => Promise<RunResult | undefined>): Promise<void> => {
    if (await session.reopensHere(decision)) {
      const run = make().then((r) => r ?? Promise.reject(new Error('The decision did not reopen the run.')));
      await followRun(s.ws, `Baton: ${title}…`, run, (e) => report(title, e, s.output));
      return;
    }
    await make();
  };

  return {
    async openTaskHandoff(arg?: TaskArg): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const taskId = session && (await pickRunTask(session, arg, 'Task whose handoff to open', undefined, (t) => t.attempts > 0));
      if (session && taskId) boardLink.showReview(s.context, session, taskId);
    },

    async openTaskDiff(arg?: TaskArg): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const taskId = session && (await pickRunTask(session, arg, 'Task whose changes to open', undefined, (t) => t.attempts > 0));
      if (session && taskId) await openTaskChanges(session, taskId);
    },

    async reassignTask(arg?: TaskArg, agentArg?: string): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const taskId = session && (await pickRunTask(session, arg, 'Task to hand to another member', OPEN));
      if (!session || !taskId) return;
      const agent = typeof agentArg === 'string' ? agentArg : await pickMember(session, taskId);
      if (!agent) return;
      const decision: ReviewDecision = { kind: 'reassign', task: taskId, agent, by: REVIEWER };
      await decideTask(session, `handing ${taskId} to ${agent}`, decision, () => session.reassignTask(taskId, agent, REVIEWER));
    },

    async editTask(arg?: TaskArg): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const target = session && (await pickAnyTask(session, arg, 'Task to edit'));
      if (!session || !target) return;
      const sprints = [...(session.workspace?.workspace.sprints.values() ?? [])];
      const sprint = sprints.find((sp) => sp.id === (target.sprintId ?? session.run.sprint) && sp.tasks.some((t) => t.id === target.taskId)) ?? sprints.find((sp) => sp.tasks.some((t) => t.id === target.taskId));
      const task = sprint?.tasks.find((t) => t.id === target.taskId);
      if (!task) {
        void vscode.window.showInformationMessage(`Baton: no task ${target.taskId} in the sprint files.`);
        return;
      }
      const at = new vscode.Position(task.location.range.line - 1, task.location.range.column - 1);
      await vscode.window.showTextDocument(vscode.Uri.file(task.location.file), { selection: new vscode.Range(at, at), preview: false });
    },

    async skipTask(arg?: TaskArg, options?: { confirmed?: boolean }): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const taskId = session && (await pickRunTask(session, arg, 'Task to skip', OPEN));
      if (!session || !taskId) return;
      const decision: ReviewDecision = { kind: 'skip', task: taskId, by: REVIEWER };
      const refused = session.checkDecision(decision);
      if (refused) throw new Error(refused);
      if (!options?.confirmed) {
        const yes = 'Skip Task';
        const choice = await vscode.window.showWarningMessage(`Skip ${taskId}?`, {
          modal: true,
          detail: 'Its work is not done. The tasks after it still run when another of their dependencies is done; the ones that wait only on it are skipped with it. The journal records that you skipped it.',
        }, yes);
        if (choice !== yes) return;
      }
      await decideTask(session, `skipping ${taskId}`, decision, () => session.skipTask(taskId, REVIEWER));
    },

    async acceptTask(arg?: TaskArg, options?: { confirmed?: boolean }): Promise<void> {
      const session = await sessionOrSay(s.ws);
      const taskId = session && (await pickRunTask(session, arg, 'Task whose last attempt to accept as it is', ['failed', 'blocked', 'cancelled', 'ready'], (t) => t.attempts > 0));
      if (!session || !taskId) return;
      const decision: ReviewDecision = { kind: 'accept', task: taskId, by: REVIEWER };
      const refused = session.checkDecision(decision);
      if (refused) throw new Error(refused);
      if (!options?.confirmed) {
        const t = session.run.tasks.get(taskId);
        const commit = t?.failedCommit ?? t?.handoff?.commit;
        const yes = 'Accept as Is';
        const choice = await vscode.window.showWarningMessage(`Accept ${taskId}'s last attempt as it is?`, {
          modal: true,
          detail: `Its work${commit ? ` (commit ${commit.slice(0, 8)})` : ''} counts as done without passing what it failed${t?.reason ? `: ${t.reason}` : ''}. The tasks after it start, and the journal records it as your decision.`,
        }, yes);
        if (choice !== yes) return;
      }
      await decideTask(session, `accepting ${taskId}`, decision, () => session.acceptTask(taskId, REVIEWER));
    },
  };
}

/**
 * The members a task may go to, each checked by the engine now: the ones whose boundaries
 * (or team) rule them out are listed with the reason and cannot be picked.
 */
async function pickMember(session: EngineSession, taskId: string): Promise<string | undefined> {
  const workspace = session.workspace?.workspace;
  const sprint = workspace?.sprints.get(session.run.sprint ?? '');
  const task = sprint?.tasks.find((t) => t.id === taskId);
  const current = session.run.tasks.get(taskId)?.agent ?? task?.assignee;
  const teams = task?.team ? [task.team] : sprint?.teams.length ? sprint.teams : [...(workspace?.teams.keys() ?? [])];
  type Item = vscode.QuickPickItem & { agent?: string };
  const items: Item[] = [];
  const seen = new Set<string>();
  for (const id of teams) {
    for (const m of workspace?.teams.get(id)?.members ?? []) {
      if (seen.has(m.agent) || m.agent === current) continue;
      seen.add(m.agent);
      const refused = session.checkDecision({ kind: 'reassign', task: taskId, agent: m.agent });
      items.push({
        label: `${refused ? '$(circle-slash)' : '$(person)'} ${m.agent}`,
        description: [id, ...m.specialties].join(' · '),
        ...(refused ? { detail: refused } : {}),
        ...(refused ? {} : { agent: m.agent }),
      });
    }
  }
  items.sort((a, b) => Number(!a.agent) - Number(!b.agent));
  if (!items.some((i) => i.agent)) {
    void vscode.window.showWarningMessage(`Baton: no member can take ${taskId}: ${items.map((i) => i.detail).filter(Boolean)[0] ?? 'its team has no other member'}.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Hand ${taskId} to… (${current ? `now ${current}; ` : ''}members whose boundaries forbid its files are crossed out)`, matchOnDescription: true, matchOnDetail: true });
  if (picked && !picked.agent) throw new Error(picked.detail ?? 'That member cannot take the task.');
  return picked?.agent;
}
