/**
 * What a front (CLI, extension) injects into a run: the engine reads no globals of its own
 * (STYLE.md §2–3), so the same code serves a terminal and an editor.
 */
export interface EngineHost {
  /** The parent environment; agents get an allow-listed subset of it. */
  env: Readonly<Record<string, string | undefined>>;
  /** Notes for people: a retry scheduled, an interrupted task recovered, a worktree pruned. */
  log?: (message: string) => void;
  /** Live agent output, per task. */
  onAgentOutput?: (taskId: string, chunk: string) => void;
  /** Milliseconds since the epoch (tests inject a fake). */
  now?: () => number;
}
