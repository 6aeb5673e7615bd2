// Requests to the host with ids and timeouts (STYLE.md §8): each `request` resolves with the
// host's `response` of the same id, or rejects with its refusal or when it times out.
import { REQUEST_TIMEOUT_MS, type AnyRequest, type HostMessageOf, type RequestMap, type RequestMethod } from '../../src/shared/protocol';
import type { VsCodeApi } from './vscodeApi';

/** The host refused a request (its reason is the message) or did not answer in time. */
export class RequestError extends Error {
  readonly timedOut: boolean;
  constructor(message: string, timedOut = false) {
    super(message);
    this.name = 'RequestError';
    this.timedOut = timedOut;
  }
  static is(error: unknown): error is RequestError {
    return error instanceof RequestError;
  }
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: RequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class RequestClient {
  readonly #api: VsCodeApi<unknown>;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(api: VsCodeApi<unknown>) {
    this.#api = api;
  }

  request<M extends RequestMethod>(method: M, params: RequestMap[M]['params'], timeoutMs = REQUEST_TIMEOUT_MS): Promise<RequestMap[M]['result']> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RequestError(`No answer from the extension within ${Math.round(timeoutMs / 1000)} s.`, true));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer });
      this.#api.postMessage({ type: 'request', id, method, params } as AnyRequest);
    });
  }

  /** Settles the request a response answers; responses to unknown (timed out) ids are dropped. */
  settle(response: HostMessageOf<'response'>): void {
    const pending = this.#pending.get(response.id);
    if (!pending) return;
    this.#pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new RequestError(response.error));
  }

  get pendingCount(): number {
    return this.#pending.size;
  }
}
