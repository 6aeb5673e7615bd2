/**
 * The HTML of the board and review webviews, as a pure function: the panels call it with
 * `asWebviewUri` URIs and the browser tests with a local server's, so the page under test is
 * byte for byte the page VS Code shows. Strict CSP (STYLE.md §9): scripts only with the nonce,
 * styles only from the extension's files, nothing from the network, no inline handlers.
 */
import type { WebviewApp } from '../../shared/protocol';

export interface BoardHtmlOptions {
  /** A fresh `crypto.randomUUID()` per render. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** `webview.cspSource`: the origin the extension's files are served from. */
  cspSource: string;
  app?: WebviewApp;
  title?: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The Content-Security-Policy of the board's webviews. */
export function boardCsp(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The page: one stylesheet, one script, a root the app renders into. */
export function boardHtml(options: BoardHtmlOptions): string {
  const app = options.app ?? 'board';
  const title = options.title ?? (app === 'board' ? 'Baton board' : 'Baton review');
  const nonce = escape(options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escape(boardCsp(options.nonce, options.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escape(options.styleUri)}">
<title>${escape(title)}</title>
</head>
<body data-app="${app}">
<div id="root" class="root"></div>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${nonce}" src="${escape(options.scriptUri)}"></script>
</body>
</html>
`;
}
