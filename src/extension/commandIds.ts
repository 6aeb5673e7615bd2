/**
 * Every command Baton contributes, as data: the registration code iterates this table (so a
 * command cannot be registered without being here) and `test/unit/extension/manifest.test.ts`
 * checks it against package.json in both directions, with no VS Code needed.
 *
 * `trustedOnly`: the command starts or controls a process — an agent, git, a shell. It gets
 * `enablement: isWorkspaceTrusted`, every menu entry showing it says so too, and the handler
 * checks trust again before doing anything (Workspace Trust, STYLE.md §16).
 * `palette: false`: it needs a tree node (or is internal) and is hidden from the Command Palette.
 */
import type { ResultActionId } from '../shared/protocol';

export interface CommandSpec {
  readonly id: string;
  readonly title: string;
  /** A codicon name (`$(name)` in package.json). */
  readonly icon: string;
  readonly trustedOnly: boolean;
  readonly palette: boolean;
}

export const COMMANDS = {
  initializeWorkspace: { id: 'baton.initializeWorkspace', title: 'Initialize Workspace', icon: 'new-folder', trustedOnly: false, palette: true },
  validateWorkspace: { id: 'baton.validateWorkspace', title: 'Validate Workspace', icon: 'check-all', trustedOnly: false, palette: true },
  refresh: { id: 'baton.refresh', title: 'Refresh', icon: 'refresh', trustedOnly: false, palette: true },
  showOutput: { id: 'baton.showOutput', title: 'Show Output', icon: 'output', trustedOnly: false, palette: true },
  checkAgents: { id: 'baton.checkAgents', title: 'Check agents', icon: 'pulse', trustedOnly: true, palette: true },

  startSprint: { id: 'baton.startSprint', title: 'Start Sprint', icon: 'play', trustedOnly: true, palette: true },
  pauseSprint: { id: 'baton.pauseSprint', title: 'Pause Sprint', icon: 'debug-pause', trustedOnly: true, palette: true },
  resumeSprint: { id: 'baton.resumeSprint', title: 'Resume Sprint', icon: 'debug-continue', trustedOnly: true, palette: true },
  cancelSprint: { id: 'baton.cancelSprint', title: 'Cancel Sprint', icon: 'debug-stop', trustedOnly: true, palette: true },
  showPlan: { id: 'baton.showPlan', title: 'Show Plan', icon: 'list-tree', trustedOnly: false, palette: true },
  openBoard: { id: 'baton.openBoard', title: 'Open Board', icon: 'project', trustedOnly: false, palette: true },

  runTask: { id: 'baton.runTask', title: 'Run Task', icon: 'play', trustedOnly: true, palette: true },
  retryTask: { id: 'baton.retryTask', title: 'Retry Task', icon: 'debug-restart', trustedOnly: true, palette: true },
  cancelTask: { id: 'baton.cancelTask', title: 'Cancel Task', icon: 'close', trustedOnly: true, palette: true },
  openTaskLog: { id: 'baton.openTaskLog', title: 'Open Task Log', icon: 'terminal-view-icon', trustedOnly: false, palette: true },
  openTaskOnBoard: { id: 'baton.openTaskOnBoard', title: 'Open on Board', icon: 'project', trustedOnly: false, palette: true },
  openTaskWorktree: { id: 'baton.openTaskWorktree', title: 'Open Worktree', icon: 'folder-opened', trustedOnly: false, palette: false },
  openTaskHandoff: { id: 'baton.openTaskHandoff', title: 'Open Handoff', icon: 'eye', trustedOnly: false, palette: true },
  openTaskDiff: { id: 'baton.openTaskDiff', title: 'Open Changes', icon: 'diff', trustedOnly: true, palette: true },
  reassignTask: { id: 'baton.reassignTask', title: 'Hand to Another Member…', icon: 'person', trustedOnly: true, palette: true },
  editTask: { id: 'baton.editTask', title: 'Edit Task', icon: 'edit', trustedOnly: false, palette: true },
  skipTask: { id: 'baton.skipTask', title: 'Skip Task…', icon: 'debug-step-over', trustedOnly: true, palette: true },
  acceptTask: { id: 'baton.acceptTask', title: 'Accept Last Attempt as Is…', icon: 'check', trustedOnly: true, palette: true },

  reviewNext: { id: 'baton.reviewNext', title: 'Review Next Handoff', icon: 'eye', trustedOnly: false, palette: true },
  approveAll: { id: 'baton.approveAll', title: 'Approve All Waiting Handoffs…', icon: 'check-all', trustedOnly: true, palette: true },

  compareResult: { id: 'baton.result.compare', title: 'Compare with Base', icon: 'diff', trustedOnly: true, palette: true },
  checkoutResult: { id: 'baton.result.checkout', title: 'Check Out Integration Branch', icon: 'git-branch', trustedOnly: true, palette: true },
  mergeResult: { id: 'baton.result.merge', title: 'Merge into Branch…', icon: 'git-merge', trustedOnly: true, palette: true },
  pushResult: { id: 'baton.result.push', title: 'Push and Open Pull Request', icon: 'git-pull-request-create', trustedOnly: true, palette: true },

  openWorktreeInNewWindow: { id: 'baton.worktree.openInNewWindow', title: 'Open Worktree in New Window', icon: 'empty-window', trustedOnly: false, palette: false },
  openWorktreeDiff: { id: 'baton.worktree.openDiff', title: 'Open Changes Against Base', icon: 'diff', trustedOnly: true, palette: false },
  revealWorktreeInTerminal: { id: 'baton.worktree.revealInTerminal', title: 'Reveal Worktree in Terminal', icon: 'terminal', trustedOnly: true, palette: false },
  removeWorktree: { id: 'baton.worktree.remove', title: 'Remove Worktree', icon: 'trash', trustedOnly: true, palette: false },
  pruneWorktrees: { id: 'baton.worktree.prune', title: 'Prune Orphaned Worktrees', icon: 'clear-all', trustedOnly: true, palette: true },

  openInboxItem: { id: 'baton.inbox.open', title: 'Open Inbox Item', icon: 'inbox', trustedOnly: false, palette: false },
  answerQuestion: { id: 'baton.inbox.answer', title: "Answer an Agent's Question", icon: 'reply', trustedOnly: true, palette: true },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** The command behind each of the board's result buttons. */
export const RESULT_COMMANDS: Readonly<Record<ResultActionId, string>> = {
  compare: COMMANDS.compareResult.id,
  checkout: COMMANDS.checkoutResult.id,
  merge: COMMANDS.mergeResult.id,
  push: COMMANDS.pushResult.id,
};
export type CommandId = (typeof COMMANDS)[CommandName]['id'];

/** The contributed category of every command. */
export const COMMAND_CATEGORY = 'Baton';

/** Tree view ids (package.json `contributes.views.baton`). */
export const VIEWS = {
  sprints: 'baton.sprints',
  teams: 'baton.teams',
  worktrees: 'baton.worktrees',
  inbox: 'baton.inbox',
} as const;

export const VIEW_CONTAINER = 'baton';

/** The board engineer's webview panel type (src/extension/board/boardPanel.ts). */
export const BOARD_VIEW_TYPE = 'baton.board';
