/**
 * Keeps a bounded copy of a stream: its beginning and its end. Agents can print megabytes
 * (Claude's verbose stream-json includes every tool result), but what interpreting a run needs
 * sits at the edges: the session's first events and the final result event. The dropped middle
 * is marked on its own line, so a JSON-lines reader skips the cut lines as non-JSON.
 */
export class OutputCapture {
  readonly #headLimit: number;
  readonly #tailLimit: number;
  #head = '';
  #tail = '';
  #dropped = 0;

  constructor(headLimit = 64 * 1024, tailLimit = 4 * 1024 * 1024) {
    this.#headLimit = headLimit;
    this.#tailLimit = tailLimit;
  }

  append(chunk: string): void {
    if (this.#head.length < this.#headLimit) {
      const room = this.#headLimit - this.#head.length;
      this.#head += chunk.slice(0, room);
      chunk = chunk.slice(room);
      if (!chunk) return;
    }
    this.#tail += chunk;
    // Trim in batches (at twice the limit) so appends stay amortised O(chunk).
    if (this.#tail.length > 2 * this.#tailLimit) this.#trim();
  }

  /** Everything kept: the head, a marker for any dropped middle, the tail. */
  text(): string {
    this.#trim();
    if (!this.#dropped) return this.#head + this.#tail;
    return `${this.#head}\n[… ${this.#dropped} characters of output omitted …]\n${this.#tail}`;
  }

  #trim(): void {
    const excess = this.#tail.length - this.#tailLimit;
    if (excess <= 0) return;
    this.#dropped += excess;
    this.#tail = this.#tail.slice(excess);
  }
}
