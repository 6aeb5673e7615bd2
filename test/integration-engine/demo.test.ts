import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, git, REPO_ROOT } from './engineHarness';

// `npm run demo` must exit 0 and print all of its output every time. It used to exit 141 in 2
// of 3 runs: `git log … | head -8` under `pipefail` fails whenever head exits while git still
// writes. The part that had the pipe (scripts/demo-result.sh) runs 20 times in a row against a
// real integration branch longer than what it prints; the whole demo runs once end to end.

const DEMO_RESULT = path.join(REPO_ROOT, 'scripts', 'demo-result.sh');

/** A repository whose `baton/demo/_integration` has `merges` first-parent merge commits, like a sprint's. */
function integrationRepo(merges: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-demo-result-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Baton Test');
  git(dir, 'config', 'user.email', 'baton-test@example.invalid');
  fs.writeFileSync(path.join(dir, 'README.md'), 'demo\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  git(dir, 'checkout', '-qb', 'baton/demo/_integration');
  for (let i = 0; i < merges; i++) {
    git(dir, 'checkout', '-qb', `baton/demo/t${i}`, 'baton/demo/_integration');
    fs.writeFileSync(path.join(dir, `t${i}.md`), `task ${i}\n`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', `t${i}: work`);
    git(dir, 'checkout', '-q', 'baton/demo/_integration');
    git(dir, 'merge', '-q', '--no-ff', '-m', `Merge t${i}`, `baton/demo/t${i}`);
  }
  return dir;
}

describe('npm run demo', function () {
  this.timeout(300_000);
  before(buildCli);

  it('prints the sprint\'s result and exits 0 in 20 consecutive runs', () => {
    const repo = integrationRepo(16);
    try {
      const started = Date.now();
      for (let run = 1; run <= 20; run++) {
        // The demo's own shell options (set -euo pipefail) are in the script.
        const r = spawnSync('bash', [DEMO_RESULT, repo, 'demo'], { encoding: 'utf8' });
        assert.equal(r.status, 0, `run ${run} exited ${r.status} (signal ${r.signal}): ${r.stderr}`);
        const lines = r.stdout.trimEnd().split('\n');
        assert.equal(lines[0], 'Integration branch baton/demo/_integration (the sprint\'s merged result):', `run ${run}`);
        assert.equal(lines.filter((l) => /^[0-9a-f]{7,} Merge t\d+$/.test(l)).length, 8, `run ${run}: eight merges shown`);
        assert.equal(lines.at(-3), '  … 9 more', `run ${run}`);
        assert.match(lines.at(-1)!, /^Try: node .*dist\/cli\.js status /, `run ${run}: the last line is there`);
      }
      console.log(`      20 runs of scripts/demo-result.sh in ${Date.now() - started} ms`);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('runs the whole demo end to end: a real sprint, exit 0, every line', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-demo-')), 'repo');
    try {
      const started = Date.now();
      const child = spawn('bash', [path.join(REPO_ROOT, 'scripts', 'demo.sh')], {
        cwd: REPO_ROOT, env: { ...process.env, BATON_DEMO_DIR: dir, BATON_SCRIPTED_DELAY_MS: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, out);
      assert.match(out, /Sprint ecommerce-platform/);
      assert.match(out, /Integration branch baton\/ecommerce-platform\/_integration/);
      assert.match(out.trimEnd().split('\n').at(-1)!, /^Try: node /);
      console.log(`      the whole demo in ${Date.now() - started} ms`);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      fs.rmSync(`${dir}.baton-worktrees`, { recursive: true, force: true });
    }
  });
});
