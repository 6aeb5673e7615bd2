import type { Disposable } from '../shared/disposable';

/** Something that can be released now or later: VS Code disposables, engine subscriptions, async shutdowns. */
export interface AsyncDisposable {
  dispose(): void | Promise<void>;
}

/**
 * The one owner of everything the extension registers (STYLE.md §15, after PR-GH's
 * `_register`): whatever is added is disposed when the store is, in reverse order of adding, so
 * what was built on top goes before what it was built on. Async disposals (the engine session
 * stopping agent process trees, the language client stopping) are awaited one after another.
 */
export class DisposableStore implements Disposable {
  #items: AsyncDisposable[] = [];
  #disposed = false;
  #disposing: Promise<void> | undefined;

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Takes ownership of `item` and returns it; added after disposal, it is disposed at once. */
  add<T extends AsyncDisposable>(item: T): T {
    if (this.#disposed) {
      void Promise.resolve().then(() => item.dispose());
      return item;
    }
    this.#items.push(item);
    return item;
  }

  /** Disposes `item` now and forgets it (a session replaced after a settings change). */
  async delete(item: AsyncDisposable): Promise<void> {
    const at = this.#items.indexOf(item);
    if (at >= 0) this.#items.splice(at, 1);
    await item.dispose();
  }

  /** Synchronous form for VS Code's `Disposable`; use {@link disposeAsync} to wait. */
  dispose(): void {
    void this.disposeAsync();
  }

  /** Disposes everything in reverse order; a failing item does not stop the others. */
  disposeAsync(onError?: (error: unknown) => void): Promise<void> {
    this.#disposing ??= (async () => {
      this.#disposed = true;
      const items = this.#items.reverse();
      this.#items = [];
      for (const item of items) {
        try {
          await item.dispose();
        } catch (error) {
          onError?.(error);
        }
      }
    })();
    return this.#disposing;
  }
}
