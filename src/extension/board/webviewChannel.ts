/**
 * The host's end of one webview conversation (STYLE.md §8), without vscode: messages wait
 * until the webview says `ready`; every request is checked against the protocol, handled, and
 * answered exactly once with its id. The panels wire `post` to `webview.postMessage` and
 * `receive` to `onDidReceiveMessage`.
 */
import { isWebviewMessage, type AnyRequest, type HostMessage, type WebviewApp } from '../../shared/protocol';

export interface ChannelHandlers {
  /** The webview (re)loaded: send it everything. Runs before queued messages are flushed. */
  onReady(app: WebviewApp): void | Promise<void>;
  /** Handles one request; its return value is the result, a throw the refusal's reason. */
  onRequest(request: AnyRequest): Promise<unknown>;
  log?(message: string): void;
}

export class WebviewChannel {
  readonly #post: (message: HostMessage) => unknown;
  readonly #handlers: ChannelHandlers;
  #ready = false;
  #queue: HostMessage[] = [];
  #disposed = false;

  constructor(post: (message: HostMessage) => unknown, handlers: ChannelHandlers) {
    this.#post = post;
    this.#handlers = handlers;
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** Sends now if the webview is ready, else holds it for after the next snapshot. */
  send(message: HostMessage): void {
    if (this.#disposed) return;
    if (this.#ready) this.#post(message);
    else this.#queue.push(message);
  }

  /** Sends only to a ready webview: deltas that the next snapshot will contain anyway. */
  sendIfReady(message: HostMessage): void {
    if (this.#ready && !this.#disposed) this.#post(message);
  }

  /** The webview went away (hidden without retained context, reloading): wait for `ready` again. */
  reset(): void {
    this.#ready = false;
  }

  /** A message from the webview; anything not in the protocol is logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    if (this.#disposed) return;
    if (!isWebviewMessage(raw)) {
      this.#handlers.log?.(`board: ignored a malformed webview message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    if (raw.type === 'ready') {
      this.#ready = false;
      await this.#handlers.onReady(raw.app);
      this.#ready = true;
      const queued = this.#queue;
      this.#queue = [];
      for (const m of queued) this.#post(m);
      return;
    }
    try {
      const result = await this.#handlers.onRequest(raw);
      this.#reply({ type: 'response', id: raw.id, ok: true, result: result ?? null });
    } catch (error) {
      this.#reply({ type: 'response', id: raw.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Posts directly, ready or not: the snapshot sent from `onReady`. */
  postNow(message: HostMessage): void {
    if (!this.#disposed) this.#post(message);
  }

  dispose(): void {
    this.#disposed = true;
    this.#queue = [];
  }

  #reply(message: HostMessage): void {
    if (!this.#disposed) this.#post(message);
  }
}
