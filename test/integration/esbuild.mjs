// Bundles the in-host suite into out/test/integration/index.js, the module VS Code loads as
// `extensionTestsPath` (code-server in test/e2e/inHost.e2e.ts, @vscode/test-electron in
// runElectron.ts). `vscode` comes from the host; mocha from the project's node_modules.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: { index: 'test/integration/index.ts' },
  outdir: 'out/test/integration',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
