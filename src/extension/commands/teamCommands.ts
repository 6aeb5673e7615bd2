import * as vscode from 'vscode';
import { inboxOf } from '../../engine/team/inbox';
import { InboxNode } from '../views/inbox/inboxNode';
import type { Services } from './services';
import { sessionOrSay } from './targets';

/**
 * Answering agents' questions from the editor: the Inbox's inline "Answer", the task action of
 * the same name wherever a task appears (a tree row, a board card, a graph node), the
 * notification's link and the Command Palette. The answer goes to the engine wherever the run is
 * (this window's loop, another process, or an idle run's journal).
 */
export function teamCommands(s: Services) {
  return {
    /**
     * `arg`: a question id, an Inbox question, or a task (a tree row, the board: `{ taskId }`),
     * whose open question it answers (a pick when it has several). `answer` skips the input box
     * (tests pass it).
     */
    async answerQuestion(arg?: InboxNode | { taskId: string } | string, answer?: string): Promise<void> {
      const session = await sessionOrSay(s.ws);
      if (!session) return;
      const all = inboxOf(session.run).questions.filter((q) => q.status === 'open' && q.addressee === 'person');
      const forTask = arg && typeof arg === 'object' && !(arg instanceof InboxNode && arg.questionId) ? arg.taskId : undefined;
      const open = forTask === undefined ? all : all.filter((q) => q.task === forTask);
      let id = typeof arg === 'string' ? arg : arg instanceof InboxNode ? arg.questionId : undefined;
      if (!id && open.length === 1 && forTask !== undefined) id = open[0]!.id;
      if (!id) {
        if (!open.length) {
          void vscode.window.showInformationMessage('Baton: no agent is waiting for an answer from you.');
          return;
        }
        id = (await vscode.window.showQuickPick(open.map((q) => ({ label: q.id, description: `${q.asker} · ${q.task}`, detail: q.text })), { title: 'Question to answer' }))?.label;
        if (!id) return;
      }
      const q = open.find((x) => x.id === id);
      const text = answer ?? (await vscode.window.showInputBox({
        title: `Answer ${id}${q ? ` (${q.asker}, task ${q.task})` : ''}`,
        prompt: q?.text ?? '',
        placeHolder: 'Your answer goes to the agent, which continues its task with it',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Say what the answer is.'),
      }));
      if (!text?.trim()) return;
      await session.answerQuestion(id, text);
      void vscode.window.setStatusBarMessage(`Baton: answered ${id}`, 4000);
    },
  };
}
