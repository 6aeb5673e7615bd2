// One build for the four bundles: the extension host, the language server, the CLI and the
// board webview. `--watch` rebuilds on change; `--production` minifies and drops sourcemaps.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'src/server/server.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: { webview: 'webview-ui/src/main.ts' },
    outdir: 'dist',
  },
];

const started = Date.now();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[baton] watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const { chmodSync } = await import('node:fs');
  chmodSync('dist/cli.js', 0o755);
  console.log(`[baton] built dist/ (${builds.length} bundles${production ? ', production' : ''}) in ${Date.now() - started} ms`);
}
