/** A level-free wake-up: `notify()` resolves every pending and the next `next()`; used to wake the dispatch loop. */
export class WakeSignal {
  #pending = false;
  #waiters: (() => void)[] = [];

  notify(): void {
    const waiters = this.#waiters.splice(0);
    if (waiters.length === 0) this.#pending = true;
    for (const w of waiters) w();
  }

  next(): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
