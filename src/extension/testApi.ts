import type * as vscode from 'vscode';
import type { BatonWorkspace } from './batonWorkspace';
import type { BatonOutput } from './outputLog';
import type { BatonStatusBar } from './statusBar';
import type { InboxProvider } from './views/inbox/inboxProvider';
import type { SprintsProvider } from './views/sprints/sprintsProvider';
import type { TeamsProvider } from './views/teams/teamsProvider';
import type { WorktreesProvider } from './views/worktrees/worktreesProvider';

/** A tree as the user would see it with every node expanded. */
export interface TreeSnapshotNode {
  label: string;
  description?: string;
  contextValue?: string;
  children?: TreeSnapshotNode[];
}

/**
 * What `activate` returns: a read-only window on what the extension shows, for the in-host
 * tests (and any extension that wants to follow Baton). It reads the same providers and status
 * bar item the user sees; it changes nothing.
 */
export interface BatonApi {
  /** Resolves once the workspace has been looked at (and its engine opened, where there is one). */
  ready(): Promise<void>;
  trees(): Promise<Record<'sprints' | 'teams' | 'worktrees' | 'inbox', TreeSnapshotNode[]>>;
  statusBarText(): string | undefined;
  inboxBadge(): number | undefined;
  /** What the one attention notification says while it shows (undefined when it is closed). */
  attentionNotice(): string | undefined;
  /** `Running in … — observing` while another process runs the workspace. */
  observing(): string | undefined;
  runningHere(): boolean;
  /** The last lines of the Baton output channel (errors of runs started here end up there). */
  log(): readonly string[];
  /** Fires after every engine event and reload (the views have been told by then). */
  readonly onDidChange: vscode.Event<void>;
}

interface Parts {
  ws: BatonWorkspace;
  sprints: SprintsProvider;
  teams: TeamsProvider;
  worktrees: WorktreesProvider;
  inbox: InboxProvider;
  statusBar: BatonStatusBar;
  output: BatonOutput;
  onDidChange: vscode.Event<void>;
}

export function createApi(p: Parts): BatonApi {
  return {
    ready: async () => {
      await p.ws.session();
    },
    trees: async () => ({
      sprints: await snapshot(p.sprints),
      teams: await snapshot(p.teams),
      worktrees: await snapshot(p.worktrees),
      inbox: await snapshot(p.inbox),
    }),
    statusBarText: () => p.statusBar.text,
    inboxBadge: () => p.inbox.view.badge?.value,
    attentionNotice: () => p.inbox.notice,
    observing: () => p.ws.observingText,
    runningHere: () => p.ws.runningHere,
    log: () => [...p.output.lines],
    onDidChange: p.onDidChange,
  };
}

async function snapshot<T>(provider: vscode.TreeDataProvider<T>, node?: T, depth = 0): Promise<TreeSnapshotNode[]> {
  const children = (await provider.getChildren(node)) ?? [];
  const out: TreeSnapshotNode[] = [];
  for (const child of children) {
    const item = await provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    const entry: TreeSnapshotNode = { label };
    if (typeof item.description === 'string') entry.description = item.description;
    if (item.contextValue) entry.contextValue = item.contextValue;
    if (item.collapsibleState && depth < 4) {
      entry.children = await snapshot(provider, child, depth + 1);
    }
    out.push(entry);
  }
  return out;
}
