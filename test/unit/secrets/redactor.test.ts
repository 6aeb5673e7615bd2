import assert from 'node:assert/strict';
import { Redactor } from '../../../src/engine/secrets/redactor';
import { hasSecretShape, isSecretName, secretsOf } from '../../../src/engine/secrets/secretRules';
import { seededRandom } from '../../support/seededRandom';

const ANTHROPIC = 'sk-ant-api03-Zq8vK2mX9pL4nR7tY1wE5uI3oA6sD0fG';
const GITHUB = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';

describe('secrets/secretRules', () => {
  it('names: the listed words as parts or suffixes of a part, never a word merely inside another', () => {
    for (const name of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'MYSQL_PWD', 'DB_PASS', 'NPM_AUTH', 'AUTH_TOKEN', 'GOOGLE_APPLICATION_CREDENTIALS', 'SSH_PASSPHRASE', 'APIKEY', 'my.secret', 'slack-bot-token', 'AUTHORIZATION', 'service_credential']) {
      assert.ok(isSecretName(name), name);
    }
    for (const name of ['PATH', 'HOME', 'PWD', 'OLDPWD', 'GIT_AUTHOR_NAME', 'AUTHOR', 'SSH_AUTH_SOCK', 'TOKENIZERS_PARALLELISM', 'KEYBOARD_LAYOUT', 'PASSIVE_MODE', 'XAUTHORITY']) {
      assert.ok(!isSecretName(name), name);
    }
  });

  it('values: long enough, not digits, not a path or a plain URL; prefixed tokens and JWTs whatever the name', () => {
    const found = secretsOf({
      ANTHROPIC_API_KEY: ANTHROPIC, SHORT_TOKEN: 'abc123', NUMERIC_SECRET: '1234567890', GOOGLE_APPLICATION_CREDENTIALS: '/home/me/key.json',
      AUTH_URL: 'https://auth.example.com/token', MY_NOTE: GITHUB, DATABASE_URL: 'postgres://app:hunter2hunter2@db:5432/app',
      SESSION: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghij', GIT_AUTHOR_NAME: 'Jane Doe', SK: 'sk-1', DB_PASSWORD: 'correct horse battery',
    });
    const byName = Object.fromEntries(found.map((s) => [s.value, s.name]));
    assert.equal(byName[ANTHROPIC], 'ANTHROPIC_API_KEY');
    assert.equal(byName[GITHUB], 'MY_NOTE', 'a known prefix is a secret under any name');
    assert.equal(byName.hunter2hunter2, 'DATABASE_URL', 'the password of a URL');
    assert.equal(byName['postgres://app:hunter2hunter2@db:5432/app'], 'DATABASE_URL');
    assert.equal(byName['correct horse battery'], 'DB_PASSWORD');
    assert.ok(Object.keys(byName).some((v) => v.startsWith('eyJ')), 'a JWT');
    for (const value of ['abc123', '1234567890', '/home/me/key.json', 'https://auth.example.com/token', 'Jane Doe', 'sk-1']) assert.ok(!(value in byName), value);
    assert.ok(hasSecretShape('AKIAIOSFODNN7EXAMPLE'));
    assert.ok(!hasSecretShape('sk-short'));
  });
});

describe('secrets/Redactor', () => {
  const redactor = Redactor.fromEnv({ ANTHROPIC_API_KEY: ANTHROPIC, GH_TOKEN: GITHUB, WEIRD_SECRET: 'quote"and\\slash', PATH: '/usr/bin' });

  it('replaces every occurrence, longest first, and the JSON-escaped form inside journal lines', () => {
    assert.equal(redactor.redact(`key=${ANTHROPIC} again ${ANTHROPIC}`), 'key=[redacted:ANTHROPIC_API_KEY] again [redacted:ANTHROPIC_API_KEY]');
    const json = JSON.stringify({ summary: 'the secret is quote"and\\slash' });
    assert.equal(redactor.redact(json), JSON.stringify({ summary: 'the secret is [redacted:WEIRD_SECRET]' }));
    assert.deepEqual(redactor.names, ['ANTHROPIC_API_KEY', 'GH_TOKEN', 'WEIRD_SECRET']);
    assert.equal(redactor.redact('/usr/bin is fine'), '/usr/bin is fine');
    assert.equal(Redactor.none.redact(ANTHROPIC), ANTHROPIC);
  });

  it('redacts values deep in objects, sharing what did not change', () => {
    const unchanged = { a: ['x'] };
    const value = { unchanged, list: [`token ${GITHUB}`], n: 3 };
    const out = redactor.redactValue(value);
    assert.deepEqual(out.list, ['token [redacted:GH_TOKEN]']);
    assert.equal(out.unchanged, unchanged);
    assert.equal(out.n, 3);
  });

  it('streams: a secret split across chunks at any point is still redacted, and nothing else is held back for good', () => {
    const random = seededRandom(7);
    const text = `line one\nthe key is ${ANTHROPIC} and the token ${GITHUB}.\nend sk-ant-but-not-a-secret\n`.repeat(20);
    const expected = redactor.redact(text);
    for (let round = 0; round < 200; round++) {
      const stream = redactor.stream();
      let out = '';
      for (let i = 0; i < text.length;) {
        const n = 1 + Math.floor(random() * 40);
        out += stream.push(text.slice(i, i + n));
        i += n;
      }
      out += stream.end();
      assert.equal(out, expected, `round ${round}`);
    }
  });

  it('lets text out at once when its end cannot start a secret', () => {
    const stream = redactor.stream();
    assert.equal(stream.push('hello world\n'), 'hello world\n');
    assert.equal(stream.push('partial sk-an'), 'partial ', 'a possible start of a secret waits');
    assert.equal(stream.push('d more'), 'sk-and more');
  });
});
