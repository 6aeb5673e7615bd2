// `npm run test:electron`: the same in-host suite under @vscode/test-electron, in the desktop
// VS Code it downloads (1.100.3, the version code-server carries). Wherever VS Code can be
// downloaded this is the usual way to run it; on a machine that cannot reach Microsoft's
// servers the download fails, and that failure is reported as such. Not part of `npm test`
// (which runs the suite in code-server instead: test/e2e/inHost.e2e.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { authWorkspace, removeWorkspace, ROOT } from '../e2e/harness/workspaces';

const VERSION = process.env.BATON_VSCODE_VERSION ?? '1.100.3';

async function main(): Promise<number> {
  const workspace = authWorkspace();
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-electron-udd-'));
  try {
    return await runTests({
      version: VERSION,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'integration', 'index'),
      extensionTestsEnv: { BATON_SCRIPTED_DELAY_MS: '150' },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${userData}`],
    });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/download|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|getaddrinfo|fetch failed|ETIMEDOUT|certificate/i.test(message)) {
      console.error(`test:electron: could not download VS Code ${VERSION} (${message}).\nThis machine cannot reach the VS Code download servers; \`npm test\` runs the same suite in code-server instead.`);
    } else {
      console.error('test:electron failed:', error);
    }
    return 1;
  } finally {
    removeWorkspace(workspace);
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
