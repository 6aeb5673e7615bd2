// The in-host suite (test/integration, mocha) inside a real VS Code 1.100.3 extension host:
// code-server serves the workbench, headless Chromium opens it with the extension in
// development mode and `extensionTestsPath` set, and the suite's result comes back through
// window.codeAutomationExit. Needs scripts/setup-e2e.sh, `npm run build` and
// `node test/integration/esbuild.mjs` first (scripts/test-e2e.sh does all of it).
import * as path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './harness/browser';
import { CodeServer } from './harness/codeServer';
import { ARTIFACTS, authWorkspace, removeWorkspace, ROOT } from './harness/workspaces';

const TIMEOUT_MS = Number(process.env.BATON_E2E_TIMEOUT_MS ?? 600_000);

async function main(): Promise<number> {
  const started = Date.now();
  const workspace = authWorkspace();
  const server = await CodeServer.start({ trusted: true, artifacts: ARTIFACTS, label: 'in-host', env: { BATON_SCRIPTED_DELAY_MS: '150' } });
  const browser = await launchBrowser();
  let code: number | 'timeout' = 'timeout';
  try {
    // The extension host's console (mocha's reporter) is forwarded to the page console.
    browser.page.on('console', async (message) => {
      let args = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => '?')));
      if (typeof args[0] === 'string' && args[0].startsWith('%c')) args = args.slice(2);
      const line = format(...args);
      if (/^\[Extension Host\]|^( {2}|in-host suite:|\s*\d+ (passing|failing|pending))/.test(line) || /✔|✓|\d+\) /.test(line)) console.log(line.replace(/^\[Extension Host\] ?/, ''));
    });
    let onExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (onExit = resolve));
    await browser.page.exposeFunction('codeAutomationExit', (c: number) => onExit(c));
    const tests = path.join(ROOT, 'out', 'test', 'integration', 'index');
    await browser.page.goto(server.workbenchUrl(workspace, ROOT, tests));
    let timer: NodeJS.Timeout | undefined;
    code = await Promise.race([exit, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)))]);
    clearTimeout(timer);
  } finally {
    await browser.close();
    await server.stop(code !== 0);
    removeWorkspace(workspace);
  }
  console.log(`in-host e2e: VS Code exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s (code-server ${server.base})`);
  return code === 0 ? 0 : 1;
}

main().then((c) => process.exit(c), (e) => {
  console.error('in-host e2e could not run:', e);
  process.exit(2);
});
