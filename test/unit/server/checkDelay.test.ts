import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BURST_GAP_MS, checkDelay } from '../../../src/server/diagnosticsHandler';

describe('checkDelay: when an edited document is checked (the typing tiers)', () => {
  const lastCheck = { ended: 1000, took: 8 };

  it('checks an opened document at once, even in the middle of a burst', () => {
    assert.equal(checkDelay({ at: 1001, previousAt: 1000.5, opened: true }, lastCheck), 0);
  });

  it('checks the first edit of a document at once: there is nothing to pace against', () => {
    assert.equal(checkDelay({ at: 1001, previousAt: undefined, opened: false }, lastCheck), 0);
    assert.equal(checkDelay({ at: 1001, previousAt: 1000.5, opened: false }, undefined), 0);
  });

  it('checks a typed edit at once, however recently and slowly the last check ran', () => {
    // Right after a check that took 8 ms: a throttle would wait 7 ms more; typing does not.
    assert.equal(checkDelay({ at: 1001, previousAt: 1001 - BURST_GAP_MS, opened: false }, lastCheck), 0);
    assert.equal(checkDelay({ at: 1001, previousAt: 500, opened: false }, { ended: 1000, took: 400 }), 0);
  });

  it('in a burst, waits until as long as the last check took has passed since it ended', () => {
    assert.equal(checkDelay({ at: 1001, previousAt: 1000.9, opened: false }, lastCheck), 7);
    assert.equal(checkDelay({ at: 1006, previousAt: 1005, opened: false }, lastCheck), 2);
    // The pause has already been long enough.
    assert.equal(checkDelay({ at: 1020, previousAt: 1019, opened: false }, lastCheck), 0);
  });

  it('never waits longer than the last check took, and never less than nothing', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }),
      fc.double({ min: 0, max: 1e3, noNaN: true }), fc.boolean(),
      (ended, took, sinceCheck, sincePrevious, opened) => {
        const at = ended + sinceCheck;
        const wait = checkDelay({ at, previousAt: at - sincePrevious, opened }, { ended, took });
        // `ended + took - at` is rounded: it may pass `took` by a rounding error (ended 1.8e-279, took 6.2e-282 did).
        assert.ok(wait >= 0 && wait <= took + 1e-9, `waits ${wait} ms`);
        if (opened || sincePrevious >= BURST_GAP_MS) assert.equal(wait, 0);
        // Checking takes at most half the time: the next check starts no sooner than `took` after the last ended.
        else assert.ok(at + wait >= ended + took - 1e-9);
      },
    ));
  });
});
