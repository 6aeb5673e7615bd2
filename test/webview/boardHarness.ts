/**
 * Serves the board webview from a local test page and drives it in headless Debian Chromium:
 * the page is exactly what the extension generates (`boardHtml`, same CSP), the bundle is built
 * from `webview-ui/src/main.ts` with the options of `esbuild.mjs`, and `acquireVsCodeApi` is a
 * stand-in that hands every message to the test, which plays the host's side of the protocol.
 * Used by the browser tests and by `bench/boardBench.ts`.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { boardHtml } from '../../src/extension/board/boardHtml';
import type { HostMessage, RequestMethod, RequestOf, WebviewApp, WebviewMessage } from '../../src/shared/protocol';
import { THEMES, type ThemeName } from './themes';

const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Builds the webview bundle as `esbuild.mjs` does (production: minified, no sourcemap). */
export async function buildWebview(outdir: string, options: { production?: boolean } = {}): Promise<string> {
  const production = options.production ?? false;
  await esbuild.build({
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: !production, minify: production,
    logLevel: 'warning', entryPoints: { webview: path.join(ROOT, 'webview-ui/src/main.ts') }, outdir,
  });
  return path.join(outdir, 'webview.js');
}

export interface Harness {
  origin: string;
  browser: Browser;
  /** Extra files the server serves: URL path → absolute file. */
  files: Map<string, string>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.html': 'text/html' };

/** Builds the bundle, starts a static server on 127.0.0.1 and launches Chromium. */
export async function startHarness(options: { production?: boolean } = {}): Promise<Harness> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-webview-'));
  const script = await buildWebview(out, options);
  const files = new Map<string, string>([
    ['/dist/webview.js', script],
    ['/dist/webview.js.map', `${script}.map`],
    ['/media/board.css', path.join(ROOT, 'media/board.css')],
  ]);
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/board.html') {
      const app = (url.searchParams.get('app') ?? 'board') as WebviewApp;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(boardHtml({ nonce: randomUUID(), scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/board.css`, cspSource: origin, app }));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/blank.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body></body></html>');
      return;
    }
    const file = files.get(url.pathname);
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    origin, browser, files,
    async close() {
      await browser.close().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(out, { recursive: true, force: true });
    },
  };
}

/** What the stand-in for VS Code puts in the page before any of its scripts run. */
function standIn(theme: ThemeName, state: unknown): string {
  return `(() => {
    const themes = ${JSON.stringify(THEMES)};
    const whenRoot = (fn) => {
      if (document.documentElement) return fn();
      const o = new MutationObserver(() => { if (document.documentElement) { o.disconnect(); fn(); } });
      o.observe(document, { childList: true });
    };
    window.__applyTheme = (name) => {
      const t = themes[name];
      whenRoot(() => {
        const root = document.documentElement;
        for (const [k, v] of Object.entries(t.vars)) root.style.setProperty(k, v);
        for (const k of Array.from(root.style)) if (k.startsWith('--vscode-') && !(k in t.vars)) root.style.removeProperty(k);
      });
      const apply = () => {
        document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
        document.body.classList.add(t.bodyClass);
        document.body.dataset.vscodeThemeKind = t.kind;
      };
      if (document.body) apply(); else document.addEventListener('DOMContentLoaded', apply, { once: true });
    };
    window.__applyTheme(${JSON.stringify(theme)});
    const key = 'vscode-state';
    if (${JSON.stringify(state !== undefined)} && sessionStorage.getItem('__seeded') === null) {
      sessionStorage.setItem(key, ${JSON.stringify(JSON.stringify(state ?? null))});
      sessionStorage.setItem('__seeded', '1');
    }
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m) => window.__toHost(JSON.stringify(m)),
        getState: () => { const s = sessionStorage.getItem(key); return s === null ? undefined : JSON.parse(s); },
        setState: (s) => sessionStorage.setItem(key, JSON.stringify(s)),
      };
    };
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI));
  })();`;
}

export interface OpenOptions {
  app?: WebviewApp;
  theme?: ThemeName;
  /** Saved webview state to start from (as `getState` returns it). */
  state?: unknown;
  viewport?: { width: number; height: number };
  /** The test's host: called with every message the webview posts. */
  onMessage?: (message: WebviewMessage, page: WebviewPage) => void;
}

/** One webview page and the test's side of its conversation. */
export class WebviewPage {
  readonly page: Page;
  readonly received: WebviewMessage[] = [];
  readonly cspViolations: string[] = [];
  readonly consoleErrors: string[] = [];
  #waiters: { predicate: (m: WebviewMessage) => boolean; resolve: (m: WebviewMessage) => void }[] = [];
  #onMessage: OpenOptions['onMessage'];

  private constructor(page: Page, onMessage: OpenOptions['onMessage']) {
    this.page = page;
    this.#onMessage = onMessage;
  }

  static async open(harness: Harness, options: OpenOptions = {}): Promise<WebviewPage> {
    const context = await harness.browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    const wp = new WebviewPage(page, options.onMessage);
    page.on('console', (m) => {
      if (m.type() === 'error') wp.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => wp.consoleErrors.push(`pageerror: ${e.message}`));
    await page.exposeFunction('__toHost', (json: string) => wp.#receive(JSON.parse(json) as WebviewMessage));
    await page.exposeFunction('__cspViolation', (text: string) => wp.cspViolations.push(text));
    await page.addInitScript(standIn(options.theme ?? 'light', options.state));
    await page.goto(`${harness.origin}/board.html?app=${options.app ?? 'board'}`);
    return wp;
  }

  /** Posts a host message into the webview, as `webview.postMessage` does. */
  async send(message: HostMessage): Promise<void> {
    await this.page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), message as unknown as Record<string, unknown>);
  }

  /**
   * The first message matching `predicate` received at or after index `from` (default: from
   * now on), waiting for it if it has not come yet.
   */
  waitFor(predicate: (m: WebviewMessage) => boolean, options: { from?: number; timeoutMs?: number } = {}): Promise<WebviewMessage> {
    const early = this.received.slice(options.from ?? this.received.length).find(predicate);
    if (early) return Promise.resolve(early);
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching webview message within ${timeoutMs} ms; last ones: ${JSON.stringify(this.received.slice(-3))}`)), timeoutMs);
      this.#waiters.push({ predicate, resolve: (m) => {
        clearTimeout(timer);
        resolve(m);
      } });
    });
  }

  /** The next request of `method` (from index `from`, default now). */
  async waitForRequest<M extends RequestMethod>(method: M, from?: number): Promise<RequestOf<M>> {
    return (await this.waitFor((m) => m.type === 'request' && m.method === method, from === undefined ? {} : { from })) as RequestOf<M>;
  }

  /** Answers a request as the host would. */
  async respond(request: { id: number }, result: { ok: true } | { ok: false; error: string }): Promise<void> {
    await this.send(result.ok ? { type: 'response', id: request.id, ok: true, result: null } : { type: 'response', id: request.id, ok: false, error: result.error });
  }

  /** Requests of one method received so far. */
  requests(method: string): Extract<WebviewMessage, { type: 'request' }>[] {
    return this.received.filter((m): m is Extract<WebviewMessage, { type: 'request' }> => m.type === 'request' && m.method === method);
  }

  async setTheme(name: ThemeName): Promise<void> {
    await this.page.evaluate((n) => (globalThis as unknown as { __applyTheme(n: string): void }).__applyTheme(n), name);
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  #receive(message: WebviewMessage): void {
    this.received.push(message);
    const matched = this.#waiters.filter((w) => w.predicate(message));
    this.#waiters = this.#waiters.filter((w) => !matched.includes(w));
    for (const w of matched) w.resolve(message);
    this.#onMessage?.(message, this);
  }
}
