import type * as vscode from 'vscode';
import type { EngineSession } from '../engine/session/engineSession';
import { BoardPanel } from './board/boardPanel';
import { ReviewPanel } from './board/reviewPanel';

type BoardOptions = { taskId?: string; tab?: 'kanban' | 'graph' | 'dashboard' };

/**
 * The one place the trees, commands and status bar reach the board engineer's panels
 * (src/extension/board/), through the agreed signatures: the serializers at activation, the
 * board on a sprint or a task, the review panel for a handoff.
 */
export const boardLink = {
  register(context: vscode.ExtensionContext, getSession: () => EngineSession | undefined): vscode.Disposable {
    return BoardPanel.register(context, getSession);
  },
  showBoard(context: vscode.ExtensionContext, session: EngineSession, options?: BoardOptions): void {
    BoardPanel.show(context, session, options);
  },
  showReview(context: vscode.ExtensionContext, session: EngineSession, taskId: string): void {
    ReviewPanel.show(context, session, taskId);
  },
};
