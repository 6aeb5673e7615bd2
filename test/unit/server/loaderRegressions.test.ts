import assert from 'node:assert/strict';
import { parseConfigFile, type ConfigFileKind } from '../../../src/engine/config/configFile';
import { resolveWorkspace } from '../../../src/engine/config/resolveWorkspace';

/** Inputs the server's fuzz test found that once made the loader throw. */
describe('loader regressions found by fuzzing the server', () => {
  it('reads nested explicit keys (`? ? ? …`) without throwing', () => {
    for (const kind of ['teams', 'sprint', 'epic', 'agent'] as ConfigFileKind[]) {
      const text = kind === 'agent' ? `---\n${'? '.repeat(60)}\n---\n` : '? '.repeat(60);
      const parsed = parseConfigFile(kind, `/ws/.claude/${kind === 'teams' ? 'teams.yaml' : kind === 'agent' ? 'agents/a.md' : `${kind}s/x.yaml`}`, text);
      assert.ok(parsed.diagnostics.length > 0, kind);
      resolveWorkspace([parsed], { root: '/ws', configRoot: '/ws/.claude', fileExists: () => false });
    }
  });
});
