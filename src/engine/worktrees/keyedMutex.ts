/**
 * Mutual exclusion per key: sections with the same key run one at a time, in call order;
 * sections with different keys run freely. Keys with nothing waiting are forgotten. Not
 * re-entrant — a section that calls `run` again with its own key deadlocks.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier section with `key` has settled; its result or error is passed through. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    let release: () => void = () => undefined;
    const tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
