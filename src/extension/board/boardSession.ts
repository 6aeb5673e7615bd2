/**
 * The narrow slice of `EngineSession` the board and review panels use. `EngineSession`
 * satisfies it as it is; the review and reassign methods are optional because the engine does
 * not have them yet — the panels show those actions disabled, with the reason, until it does.
 */
import type { LoadResult } from '../../engine/model/workspace';
import type { EngineEvent } from '../../engine/state/events';
import type { ReadonlyRunState } from '../../engine/state/runState';
import type { Disposable } from '../../shared/disposable';

/** The handoff review actions the coordination work adds to `EngineSession`. */
export interface ReviewActions {
  approveTask?(taskId: string, by?: string): Promise<void>;
  requestChanges?(taskId: string, comment: string): Promise<void>;
}

/** Reassigning a task that has not started to another member (not in the engine yet). */
export interface ReassignAction {
  reassignTask?(taskId: string, agent: string): Promise<void>;
}

export interface BoardSession extends ReviewActions, ReassignAction {
  readonly workspace: LoadResult | undefined;
  readonly run: ReadonlyRunState;
  readonly runId: string | undefined;
  readonly runningHere: boolean;
  onEvent(listener: (e: EngineEvent) => void): Disposable;
  cancelTask(taskId: string): void | Promise<void>;
  retryTask(taskId: string, choice?: { reloadConfig?: boolean }): Promise<unknown>;
}
