import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bwrapArguments } from '../../../src/engine/sandbox/sandboxScope';

describe('sandbox/bwrapArguments', () => {
  let base: string;
  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bwrap-')));
    for (const dir of ['repo/.claude/state/runs/r/a1', 'home/.ssh', 'empty', 'wt']) fs.mkdirSync(path.join(base, dir), { recursive: true });
    fs.writeFileSync(path.join(base, 'home/.netrc'), 'secret');
    fs.writeFileSync(path.join(base, 'wt/.git'), 'gitdir: x');
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('mounts in order: host read-only, private /tmp, readable, hidden, writable, pinned, then masks read-only', () => {
    const state = path.join(base, 'repo/.claude/state');
    const args = bwrapArguments({
      cwd: path.join(base, 'wt'),
      readable: [path.join(base, 'repo')],
      hidden: [state, path.join(base, 'home/.ssh'), path.join(base, 'home/.netrc'), path.join(base, 'home/.aws')],
      writable: [path.join(base, 'wt'), path.join(state, 'runs/r/a1')],
      pinned: [path.join(base, 'wt/.git')],
      emptyDir: path.join(base, 'empty'),
    });
    const at = (...xs: string[]): number => args.findIndex((_, i) => xs.every((x, j) => args[i + j] === x));
    assert.deepEqual(args.slice(0, 10), ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--unshare-pid']);
    // The state folder has a writable child: an empty tmpfs, made read-only after the child is bound.
    assert.ok(at('--tmpfs', state) < at('--bind', path.join(state, 'runs/r/a1')));
    assert.ok(at('--bind', path.join(state, 'runs/r/a1')) < at('--remount-ro', state));
    // A credential folder with nothing inside: covered by the empty folder, one mount.
    assert.ok(at('--ro-bind', path.join(base, 'empty'), path.join(base, 'home/.ssh')) > 0);
    assert.ok(at('--ro-bind', '/dev/null', path.join(base, 'home/.netrc')) > 0);
    assert.equal(args.includes(path.join(base, 'home/.aws')), false, 'a missing path is left out');
    assert.ok(at('--bind', path.join(base, 'wt')) < at('--ro-bind', path.join(base, 'wt/.git')));
    assert.deepEqual(args.slice(-3), ['--chdir', path.join(base, 'wt'), '--']);
  });
});
