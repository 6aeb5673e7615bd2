import assert from 'node:assert/strict';
import { allowsAll, boundaryViolations, redirectTarget } from '../../../src/engine/coordination/boundaries';
import { agent, task, team, workspaceWith } from './fixtures';

describe('coordination/boundaries', () => {
  it('allows everything to an agent without owns or forbidden', () => {
    assert.deepEqual(boundaryViolations(agent('free'), ['a/b.ts', '.env'], ''), []);
  });

  it('requires a match in owns and no match in forbidden, naming the rule broken', () => {
    const sam = agent('sam', { owns: ['app/**', 'work/**'], forbidden: ['app/actions/**'] });
    assert.deepEqual(boundaryViolations(sam, ['app/login/page.tsx', 'app/actions/users.ts', 'lib/db.ts', 'work/.hidden'], ''), [
      { path: 'app/actions/users.ts', rule: 'forbidden by `app/actions/**`' },
      { path: 'lib/db.ts', rule: 'outside its `owns` (`app/**`, `work/**`)' },
    ]);
    assert.deepEqual(boundaryViolations(agent('guard', { forbidden: ['secrets/**'] }), ['src/x.ts', 'secrets/key'], ''), [{ path: 'secrets/key', rule: 'forbidden by `secrets/**`' }]);
  });

  it('matches globs relative to the workspace when it sits in a sub-folder of the repository', () => {
    const sam = agent('sam', { owns: ['app/**'] });
    assert.equal(allowsAll(sam, ['web/app/page.tsx'], 'web'), true);
    assert.deepEqual(boundaryViolations(sam, ['web/app/page.tsx', 'other/x.ts'], 'web'), [{ path: 'other/x.ts', rule: 'outside the workspace' }]);
  });

  it('redirects to a member allowing every changed path: explicit owners before the unbounded, the task team first', () => {
    const sam = agent('sam', { owns: ['app/login/**'] });
    const morgan = agent('morgan', { owns: ['app/actions/**', 'app/login/**'] });
    const anyone = agent('anyone');
    const other = agent('other', { owns: ['app/**'] });
    const ws = workspaceWith([team('web', ['sam', 'anyone', 'morgan']), team('far', ['other'])], [sam, morgan, anyone, other]);
    const t = task('t', 1, [], { team: 'web' });
    assert.equal(redirectTarget(ws, ['web', 'far'], t, 'sam', ['app/actions/users.ts', 'app/login/page.tsx'], '', new Set(['sam'])), 'morgan');
    assert.equal(redirectTarget(ws, ['web', 'far'], t, 'sam', ['app/actions/users.ts'], '', new Set(['sam', 'morgan'])), 'other');
    assert.equal(redirectTarget(ws, ['web', 'far'], t, 'sam', ['app/actions/users.ts'], '', new Set(['sam', 'morgan', 'other'])), 'anyone');
    const ws2 = workspaceWith([team('web', ['sam']), team('far', ['other'])], [sam, other]);
    assert.equal(redirectTarget(ws2, ['web', 'far'], task('u', 1), 'sam', ['app/x.ts'], '', new Set(['sam'])), 'other');
    assert.equal(redirectTarget(ws2, ['web', 'far'], task('u', 1), 'sam', ['lib/x.ts'], '', new Set(['sam'])), undefined);
  });
});
