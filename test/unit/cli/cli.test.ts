import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../../src/cli/commands';
import { readVersion } from '../../../src/cli/version';
import { lines, makeWorkspace, removeWorkspaces, runCli } from './cliHarness';

const REPO = path.resolve(__dirname, '../../..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

describe('baton (global)', () => {
  after(removeWorkspaces);

  it('--version and -v print the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const run = await runCli([flag]);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${VERSION}\n`);
    }
  });

  it('readVersion looks one and two levels up, checks the name, and falls back to unknown', () => {
    const ws = makeWorkspace({
      'pkg/package.json': JSON.stringify({ name: 'baton', version: '9.9.9' }),
      'other/package.json': JSON.stringify({ name: 'left-pad', version: '1.0.0' }),
    });
    assert.equal(readVersion(path.join(ws, 'pkg', 'dist')), '9.9.9');
    assert.equal(readVersion(path.join(ws, 'pkg', 'src', 'cli')), '9.9.9');
    assert.equal(readVersion(path.join(ws, 'other', 'dist')), 'unknown');
    assert.equal(readVersion(path.join(ws, 'nowhere', 'dist')), 'unknown');
  });

  it('--help, -h and `help` list every command', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0);
      assert.equal(run.stderr, '');
      const out = lines(run.stdout);
      assert.equal(out[0], `baton ${VERSION} — plan and run teams of AI coding agents`);
      for (const command of COMMANDS) assert.ok(out.some((l) => l.startsWith(`  ${command.name}  `) || l.startsWith(`  ${command.name} `)), command.name);
    }
  });

  it('no arguments is a usage error: the help goes to stderr, exit 2', async () => {
    const run = await runCli([]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Usage: baton <command>/);
  });

  for (const command of COMMANDS) {
    it(`\`${command.name} --help\` and \`help ${command.name}\` print the same usage, exit 0`, async () => {
      const viaFlag = await runCli([command.name, '--help']);
      const viaHelp = await runCli(['help', command.name]);
      assert.equal(viaFlag.code, 0);
      assert.equal(viaHelp.code, 0);
      assert.equal(viaFlag.stdout, viaHelp.stdout);
      assert.ok(viaFlag.stdout.startsWith(`Usage: baton ${command.name} `));
      assert.match(viaFlag.stdout, /-h, --help/);
      for (const option of Object.keys(command.options)) assert.ok(viaFlag.stdout.includes(`--${option}`), option);
    });
  }

  it('--help wins over other mistakes on the same line', async () => {
    const run = await runCli(['plan', '--bogus', '-h']);
    assert.equal(run.code, 0);
    assert.ok(run.stdout.startsWith('Usage: baton plan <sprint-id> [dir] [options]'));
  });

  it('an unknown command exits 2 with a suggestion', async () => {
    const run = await runCli(['valdate']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.deepEqual(lines(run.stderr), ['baton: Unknown command `valdate`. Did you mean `validate`?', 'Run `baton --help` for usage.']);
    assert.equal((await runCli(['help', 'nope'])).code, 2);
  });

  it('an unknown flag exits 2 naming the flag, with the closest known one', async () => {
    const run = await runCli(['validate', '--jsn']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.deepEqual(lines(run.stderr), ['baton validate: Unknown option `--jsn`. Did you mean `--json`?', 'Run `baton validate --help` for usage.']);
    const far = await runCli(['validate', '--zzzzzzzz']);
    assert.equal(lines(far.stderr)[0], 'baton validate: Unknown option `--zzzzzzzz`. `baton validate` takes `--json`, `--config-root`, `--help`.');
    assert.equal((await runCli(['--frobnicate'])).code, 2);
  });

  it('checks option values and positional counts', async () => {
    const cases: [string[], string][] = [
      [['validate', '--json=yes'], 'baton validate: Option `--json` takes no value; write `--json` alone.'],
      [['plan', 's1', '--workers'], 'baton plan: Option `--workers` needs a value: `--workers N`.'],
      [['plan', 's1', '--workers', '--json'], 'baton plan: Option `--workers` needs a value: `--workers N`.'],
      [['validate', 'a', 'b'], 'baton validate: Unexpected argument `b`: `baton validate` takes [dir].'],
    ];
    for (const [argv, message] of cases) {
      const run = await runCli(argv);
      assert.equal(run.code, 2, argv.join(' '));
      assert.equal(lines(run.stderr)[0], message);
    }
  });

  it('positionals after `--` may start with a dash', async () => {
    const run = await runCli(['validate', '--', '--not-a-flag']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No Baton config folder at .*--not-a-flag/);
  });
});
