import type { ReviewDecision } from '../coordination/reviewDecision';
import type { Actor } from '../state/events';

/**
 * A request from a person to a live run, made through a view or a command: cancel or retry a
 * task, or a decision (approve, request changes, reassign — `coordination/reviewDecision.ts`).
 */
export type ControlRequest =
  | { kind: 'cancel-task'; task: string; actor?: Actor }
  | { kind: 'retry-task'; task: string; actor?: Actor }
  | ReviewDecision
  | AnswerRequest;

/** A person's answer to an agent's question (`baton answer`, the Inbox). */
export interface AnswerRequest {
  kind: 'answer';
  question: string;
  text: string;
  by?: string;
  /** The person answering, as the front names them (the answer's journal actor). */
  actor?: Actor;
}

/**
 * The channel into a running dispatch loop: fronts push requests, the loop takes them between
 * dispatch rounds (so they are journalled in order like everything else) and wakes up for them.
 */
export class RunControl {
  readonly #queue: ControlRequest[] = [];
  #wake: (() => void) | undefined;
  #closed = false;

  /** Queues a request; false once the loop has ended, so the caller can act another way. */
  push(request: ControlRequest): boolean {
    if (this.#closed) return false;
    this.#queue.push(request);
    this.#wake?.();
    return true;
  }

  /** The loop has returned: requests are no longer read. */
  close(): void {
    this.#closed = true;
  }

  /** Everything pushed since the last call. */
  take(): ControlRequest[] {
    return this.#queue.splice(0, this.#queue.length);
  }

  /** Resolves at the next push (or at once if requests are waiting). */
  next(): Promise<void> {
    if (this.#queue.length) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = () => {
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
