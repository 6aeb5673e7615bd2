import * as vscode from 'vscode';
import { ReviewPanel } from '../board/reviewPanel';
import { reviewQueue } from '../board/reviewModel';
import { boardLink } from '../boardLink';
import type { Services } from './services';
import { REVIEWER } from './taskActionCommands';
import { sessionOrSay } from './targets';

/** The review queue: the next handoff waiting, and approving them all at once. */
export function reviewCommands(s: Services) {
  /** The session and its non-empty review queue, or undefined after saying why not. */
  const waiting = async () => {
    const session = await sessionOrSay(s.ws);
    const queue = session ? reviewQueue(session.run) : [];
    if (session && queue.length === 0) void vscode.window.showInformationMessage('Baton: no handoff waits for your review.');
    return session && queue.length ? { session, queue } : undefined;
  };
  return {
    async reviewNext(): Promise<void> {
      const w = await waiting();
      if (!w) return;
      const { session, queue } = w;
      const at = queue.indexOf(ReviewPanel.currentTask ?? '');
      boardLink.showReview(s.context, session, queue[(at + 1) % queue.length]!);
    },

    async approveAll(_arg?: unknown, options?: { confirmed?: boolean }): Promise<void> {
      const w = await waiting();
      if (!w) return;
      const { session, queue } = w;
      if (!options?.confirmed) {
        const yes = `Approve ${queue.length}`;
        const choice = await vscode.window.showWarningMessage(`Approve all ${queue.length} handoff${queue.length === 1 ? '' : 's'} waiting in ${session.run.sprint}?`, { modal: true, detail: `${queue.join(', ')} become done and the tasks after them start. Each approval is journalled as yours.` }, yes);
        if (choice !== yes) return;
      }
      for (const id of queue) await session.approveTask(id, REVIEWER);
    },
  };
}
