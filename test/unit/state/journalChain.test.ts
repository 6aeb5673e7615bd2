import assert from 'node:assert/strict';
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { EMPTY_CHAIN, lineHash, macOf, readSeal, sealLine } from '../../../src/engine/state/journalChain';

describe('state/journalChain', () => {
  it('macOf is HMAC-SHA256, for short and long keys and any text', () => {
    for (const size of [16, 32, 64, 100]) {
      const raw = randomBytes(size);
      const key = createSecretKey(raw);
      for (const body of ['', '{"seq":1}', 'ünïcødé ✓ '.repeat(50)]) {
        assert.equal(macOf(key, body), createHmac('sha256', raw).update(body).digest('hex'), `key ${size} bytes`);
      }
    }
  });

  it('seals a line with prev and mac at its end; any change of the text fails the MAC', () => {
    const key = createSecretKey(randomBytes(32));
    const line = sealLine('{"seq":1,"type":"task:ready","task":"a"}', EMPTY_CHAIN, key);
    assert.match(line, /^\{"seq":1,"type":"task:ready","task":"a","prev":"[0-9a-f]{64}","mac":"[0-9a-f]{64}"\}$/);
    const value = JSON.parse(line) as { prev: string; mac: string };
    assert.deepEqual(readSeal(line, value, key), { chained: true, prev: EMPTY_CHAIN, hasMac: true, macValid: true });
    const edited = line.replace('"a"', '"b"');
    assert.equal(readSeal(edited, JSON.parse(edited) as object, key).macValid, false);
    const reformatted = JSON.stringify(value);
    assert.equal(readSeal(reformatted, value, key).macValid, true, 'key order and spacing as written');
    assert.equal(readSeal(line, value, createSecretKey(randomBytes(32))).macValid, false, 'another key');
    assert.notEqual(lineHash(line), lineHash(edited));
  });
});
