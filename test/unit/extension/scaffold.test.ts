import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import { EngineSession } from '../../../src/engine/session/engineSession';
import { DEMO_SPRINT_ID, scaffoldFiles } from '../../../src/extension/scaffold/scaffoldFiles';

function writeScaffold(dir: string, files: ReturnType<typeof scaffoldFiles>): void {
  for (const f of files) {
    const full = path.join(dir, ...f.path.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, f.content, { mode: f.executable ? 0o755 : 0o644 });
  }
}

describe('Initialize Workspace scaffold', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-scaffold-'))));
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.baton-worktrees`, { recursive: true, force: true });
  });

  it('validates with no problems at all, honouring the settings it is given', async () => {
    writeScaffold(dir, scaffoldFiles({ configRoot: 'config/baton', defaultRunner: 'codex', requireReview: true, worktreeLocation: '../trees' }));
    const { workspace, diagnostics } = await loadWorkspace(dir, { configRoot: 'config/baton' });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual([...workspace.sprints.keys()], [DEMO_SPRINT_ID]);
    assert.deepEqual([...workspace.agents.keys()].sort(), ['builder', 'planner']);
    assert.equal(workspace.settings.defaultRunner, 'codex');
    assert.equal(workspace.settings.worktrees.location, '../trees');
    assert.equal(workspace.teams.get('demo')?.requireReview, true);
    for (const agent of workspace.agents.values()) {
      assert.equal(agent.runner, 'script', 'the demo agents are scripted stand-ins');
      assert.match(agent.description, /scripted stand-in, not an AI/);
    }
  });

  it('runs its demo sprint to completion: the walkthrough is real', async () => {
    writeScaffold(dir, scaffoldFiles({ configRoot: '.claude', defaultRunner: 'claude-code', requireReview: false }));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Baton test', '-c', 'user.email=test@baton.invalid', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'scaffold');
    const session = await EngineSession.open({ root: dir, host: { env: { ...process.env, BATON_DEMO_DELAY_MS: '0' } }, isTrusted: () => true });
    try {
      const result = await session.startSprint(DEMO_SPRINT_ID);
      assert.equal(result.status, 'completed', JSON.stringify(result));
      assert.deepEqual([...session.run.tasks.values()].map((t) => t.status), ['done', 'done', 'done', 'done']);
      const merged = execFileSync('git', ['log', '--format=%s', `baton/${DEMO_SPRINT_ID}/_integration`], { cwd: dir, encoding: 'utf8' });
      assert.match(merged, /test-feature: planner \(scripted stand-in\)/);
    } finally {
      await session.dispose();
    }
  });
});
