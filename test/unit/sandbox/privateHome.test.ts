import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensurePrivateHome, privateHomesRoot, pruneHomes, workspaceHomes } from '../../../src/engine/sandbox/privateHome';

describe('sandbox/privateHome', () => {
  let base: string;
  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-home-')));
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('lives in the user\'s state folder, never in the workspace (which may sit in a temp dir)', () => {
    assert.equal(privateHomesRoot({ HOME: '/home/u' }), '/home/u/.local/state/baton/homes');
    assert.equal(privateHomesRoot({ HOME: '/home/u', XDG_STATE_HOME: '/srv/state' }), '/srv/state/baton/homes');
    assert.equal(privateHomesRoot({ HOME: '/home/u', XDG_STATE_HOME: 'relative' }), '/home/u/.local/state/baton/homes');
    assert.equal(privateHomesRoot({}), undefined);
    const a = workspaceHomes('/r', '/tmp/x/shop/.claude/state');
    assert.match(a, /^\/r\/shop-[0-9a-f]{16}$/);
    assert.notEqual(a, workspaceHomes('/r', '/tmp/y/shop/.claude/state'), 'two checkouts of one project share no home');
  });

  it('is seeded once with copies of the CLI\'s state, links kept as links; pruning keeps only the run asked for', async () => {
    const real = path.join(base, 'real');
    fs.mkdirSync(path.join(real, '.codex'), { recursive: true });
    fs.writeFileSync(path.join(real, '.codex', 'config.toml'), 'model = "x"\n');
    fs.symlinkSync('/etc', path.join(real, '.codex', 'etc-link'));
    const homes = path.join(base, 'homes', 'ws-1');
    const home = await ensurePrivateHome(path.join(homes, 'run-1', 'builder'), real, ['.codex', '.missing']);
    assert.equal(fs.readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8'), 'model = "x"\n');
    assert.equal(fs.readlinkSync(path.join(home, '.codex', 'etc-link')), '/etc');
    fs.writeFileSync(path.join(home, '.codex', 'config.toml'), 'changed by the agent\n');
    await ensurePrivateHome(home, real, ['.codex']);
    assert.equal(fs.readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8'), 'changed by the agent\n', 'seeded once');
    assert.equal(fs.readFileSync(path.join(real, '.codex', 'config.toml'), 'utf8'), 'model = "x"\n', 'the real one is untouched');
    fs.mkdirSync(path.join(homes, 'run-2'));
    await pruneHomes(homes, 'run-2');
    assert.deepEqual(fs.readdirSync(homes), ['run-2']);
    await pruneHomes(homes);
    assert.equal(fs.existsSync(homes), false);
  });
});
