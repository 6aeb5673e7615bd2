import Mocha from 'mocha';
import { activationSuite } from './activation.suite';
import { diagnosticsSuite } from './diagnostics.suite';
import { initializeSuite } from './initialize.suite';
import { observeSuite } from './observe.suite';
import { sprintRunSuite } from './sprintRun.suite';
import { teamsTalkSuite } from './teamsTalk.suite';

/**
 * The in-host suite, in the shape @vscode/test-electron and code-server's
 * `extensionTestsPath` both load: `run()` resolves when every test passed. The suites register
 * their `describe` blocks once mocha's BDD globals exist (they are bundled into one file,
 * out/test/integration/index.js, by test/integration/esbuild.mjs).
 *
 * Order matters and is part of the design: activation and the file-only checks first, then the
 * runs: one in another process, observed, then one in this window (a new run of a sprint
 * that already ran would reuse its branch names; see the closing note of the extension issue),
 * and last the one that moves the config root.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'baton-integration', mocha);
  activationSuite();
  diagnosticsSuite();
  observeSuite();
  sprintRunSuite();
  teamsTalkSuite();
  initializeSuite();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      console.log(`in-host suite: ${stats?.passes ?? 0} passed, ${failures} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
  });
}
