import type * as vscode from 'vscode';
import type { BatonWorkspace } from '../batonWorkspace';
import type { OutputLog } from '../outputLog';
import type { BatonStatusBar } from '../statusBar';
import type { InboxProvider } from '../views/inbox/inboxProvider';
import type { SprintsProvider } from '../views/sprints/sprintsProvider';
import type { TeamsProvider } from '../views/teams/teamsProvider';
import type { WorktreesProvider } from '../views/worktrees/worktreesProvider';

/** What command handlers work with; built once in `activate`. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly ws: BatonWorkspace;
  readonly output: OutputLog;
  readonly sprints: SprintsProvider;
  readonly teams: TeamsProvider;
  readonly worktrees: WorktreesProvider;
  readonly inbox: InboxProvider;
  readonly statusBar: BatonStatusBar;
}
