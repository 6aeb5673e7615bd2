import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Workspaces with at least this much text get a collection once editing pauses. */
const BIG_WORKSPACE_CHARS = 1_000_000;
/** How long the server must have been idle: longer than the pause between keystrokes. */
const IDLE_MS = 1000;

/**
 * Each check of a big workspace turns the previous snapshot — the resolved model of a
 * 10,000-task sprint, some 25 MB — into garbage, and V8 lets that pile up to its heap limit.
 * Once editing pauses, one full collection brings the resident memory back near the live
 * size. Never on the typing path (a collection there cost ~200 ms per edit), and never for
 * small workspaces, which V8 handles on its own.
 */
export class MemoryPolicy {
  readonly #gc: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor() {
    try {
      setFlagsFromString('--expose-gc');
      this.#gc = runInNewContext('gc') as (() => void) | undefined;
    } catch {
      this.#gc = undefined;
    }
  }

  /** Call after each check; `chars` is the size of the workspace's text. */
  afterCheck(chars: number): void {
    if (!this.#gc || chars < BIG_WORKSPACE_CHARS) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#gc?.(), IDLE_MS);
    this.#timer.unref();
  }
}
