/**
 * A FIFO async mutex: `run` calls wait their turn, so at most one critical section runs at a
 * time, in call order. Not re-entrant — a section that calls `run` again deadlocks.
 */
export class AsyncMutex {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `fn` once every earlier section has settled; its result or error is passed through. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release: () => void = () => undefined;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
