/**
 * Context keys the manifest's `when` and `enablement` clauses read. Kept free of `vscode` so
 * the manifest test can check them in plain Node.
 */
export const ContextKeys = {
  /**
   * VS Code's own Workspace Trust key. Every command that starts or controls a process (agents,
   * git, a shell) has it in `enablement` and in every menu `when`, and checks trust again in code.
   */
  trusted: 'isWorkspaceTrusted',
  /** `none` (no config root in the folder), `ready` (loaded) or `noFolder`; unset while looking. */
  workspace: 'baton.workspace',
  /** A run of this workspace is going in another process (CLI, second window): we observe it. */
  observing: 'baton.observing',
  /** This window runs a sprint. */
  runningHere: 'baton.runningHere',
  /** A handoff of the current run waits for review (the Inbox offers Review Next and Approve All). */
  reviewWaiting: 'baton.reviewWaiting',
} as const;

export type WorkspaceContext = 'none' | 'ready' | 'noFolder';
