// The one handle on the host: VS Code's webview API (a test page provides a stand-in with the
// same shape). Typed with our protocol, so nothing else can be posted.
import type { WebviewMessage } from '../../src/shared/protocol';

export interface VsCodeApi<S> {
  postMessage(message: WebviewMessage): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;

/** `acquireVsCodeApi` may be called once per page; every module shares this handle. */
export function vscodeApi<S>(): VsCodeApi<S> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<S>;
}
