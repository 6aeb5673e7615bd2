import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCodexConfig } from '../../../src/engine/runners/codexConfig';
import { checkCliVersion, compareVersions, parseVersion } from '../../../src/engine/runners/cliVersion';
import { lastMeaningfulLine, retryAfterMsIn } from '../../../src/engine/runners/failureText';
import { runnerFor } from '../../../src/engine/runners/runnerRegistry';
import { RUNNER_KINDS } from '../../../src/engine/model/agentSchema';
import { Sandbox } from './runnerHarness';

describe('runners: what Baton reads of the CLIs', () => {
  it('parses and compares CLI versions', () => {
    assert.equal(parseVersion('2.1.332 (Claude Code)'), '2.1.332');
    assert.equal(parseVersion('codex-cli 0.171.0\n'), '0.171.0');
    assert.equal(parseVersion('0.61.0'), '0.61.0');
    assert.equal(parseVersion('no version here'), undefined);
    assert.equal(compareVersions('2.1.332', '2.1.0'), 1);
    assert.equal(compareVersions('0.99.9', '0.100.0'), -1);
    assert.equal(compareVersions('1.0.0-beta.1', '1.0.0'), -1);
    assert.equal(compareVersions('1.0.0', '1.0.0'), 0);
  });

  it('refuses a CLI older than the runner supports, and a missing one, naming the fix', async () => {
    const box = new Sandbox();
    try {
      const old = box.writeExecutable(box.path('old-codex'), '#!/bin/sh\necho "codex-cli 0.20.0"\n');
      const cli = runnerFor('codex').cli!;
      const tooOld = await checkCliVersion('codex', cli, old, { PATH: '/usr/bin:/bin' }, box.root);
      assert.deepEqual(tooOld, {
        command: old, version: '0.20.0', supported: false,
        problem: `Codex 0.20.0 is older than ${cli.minimumVersion}, the oldest version Baton supports: upgrade it (npm install -g @openai/codex@latest)`,
      });
      const missing = await checkCliVersion('codex', cli, 'codex', { PATH: box.path('empty') }, box.root);
      assert.equal(missing.supported, false);
      assert.equal(missing.problem, 'agent command `codex` was not found on PATH: install Codex (npm install -g @openai/codex) or set its path in teams.yaml settings.runners.codex.executable');
    } finally {
      box.dispose();
    }
  });

  it('reads the version through a wrapper (the sandbox), and says a missing CLI is missing, not that the wrapper failed', async () => {
    const box = new Sandbox();
    try {
      const cli = runnerFor('codex').cli!;
      const real = box.writeExecutable(box.path('codex'), '#!/bin/sh\necho "codex-cli 0.171.0 HOME=$HOME"\n');
      const wrapped: string[][] = [];
      // The wrapper stands in for bwrap: `env HOME=<private> <cli> --version`.
      const contain = (command: string, args: string[], env: Record<string, string>) => {
        wrapped.push([command, ...args]);
        return { command: '/usr/bin/env', args: [`HOME=${box.path('private-home')}`, command, ...args], env };
      };
      const check = await checkCliVersion('codex', cli, real, { PATH: '/usr/bin:/bin', HOME: '/real/home' }, box.root, contain);
      assert.deepEqual([check.version, check.supported, wrapped], ['0.171.0', true, [[real, '--version']]]);
      const missing = await checkCliVersion('codex', cli, 'codex', { PATH: box.path('empty') }, box.root, contain);
      assert.equal(missing.problem, 'agent command `codex` was not found on PATH: install Codex (npm install -g @openai/codex) or set its path in teams.yaml settings.runners.codex.executable');
      assert.equal(wrapped.length, 1, 'a missing CLI is not started through the wrapper');
    } finally {
      box.dispose();
    }
  });

  it('finds the line of stderr that says why, skipping warnings and stack frames', () => {
    const stderr = 'WARNING: proceeding, even though we could not create PATH aliases: x\nReading additional input from stdin...\nError: boom: the model is gone\n    at run (x.js:1:1)\n    at main (x.js:2:2)\n';
    assert.equal(lastMeaningfulLine(stderr), 'Error: boom: the model is gone');
    assert.equal(lastMeaningfulLine('\n  \n'), undefined);
  });

  it('reads the wait a rate limit asks for', () => {
    assert.equal(retryAfterMsIn('Rate limit reached. Please try again in 20s.'), 20_000);
    assert.equal(retryAfterMsIn('Suggested retry after 1s.. Retrying after 5320ms...'), 1000);
    assert.equal(retryAfterMsIn('retry-after: 250ms'), 250);
    assert.equal(retryAfterMsIn('"retryDelay": "7s"'), 7000);
    assert.equal(retryAfterMsIn('429 Too Many Requests'), undefined);
  });

  it("reads a codex config's model, provider and every provider's env_key", () => {
    const box = new Sandbox();
    try {
      mkdirSync(join(box.root, '.codex'));
      writeFileSync(join(box.root, '.codex', 'config.toml'), [
        'model = "gpt-5-codex"  # the default model', 'model_provider = "azure"', '', '[model_providers.azure]', 'name = "Azure"',
        'env_key = "AZURE_OPENAI_API_KEY"', '', '[model_providers."local"]', "env_key = 'LOCAL_KEY'", '[profiles.fast]', 'model = "o4-mini"', '',
      ].join('\n'));
      const facts = readCodexConfig({ HOME: box.root })!;
      assert.equal(facts.model, 'gpt-5-codex');
      assert.equal(facts.provider, 'azure');
      assert.deepEqual([...facts.envKeys], [['azure', 'AZURE_OPENAI_API_KEY'], ['local', 'LOCAL_KEY']]);
      assert.deepEqual(runnerFor('codex').configuredEnvNames!({ HOME: box.root }), ['AZURE_OPENAI_API_KEY', 'LOCAL_KEY']);
      assert.equal(readCodexConfig({ HOME: box.root, CODEX_HOME: join(box.root, 'nowhere') }), undefined, 'CODEX_HOME wins over HOME');
    } finally {
      box.dispose();
    }
  });

  it('declares, per runner, the HOME state its CLI needs (the sandbox seeds a private HOME with it)', () => {
    assert.deepEqual(runnerFor('claude-code').homeState, ['.claude.json', '.claude']);
    assert.deepEqual(runnerFor('codex').homeState, ['.codex']);
    assert.deepEqual(runnerFor('gemini').homeState, ['.gemini']);
    for (const kind of RUNNER_KINDS) assert.ok(runnerFor(kind).homeState.every((p) => !p.startsWith('/') && !p.includes('..')), `${kind}: paths under HOME`);
  });

  it('pins in scripts/setup-agents.sh the versions the runners say they are tested with', () => {
    const script = readFileSync(resolve(__dirname, '../../../scripts/setup-agents.sh'), 'utf8');
    for (const kind of ['claude-code', 'codex', 'gemini'] as const) {
      const cli = runnerFor(kind).cli!;
      assert.ok(script.includes(`"${cli.npmPackage}@${cli.testedVersion}"`), `${cli.npmPackage}@${cli.testedVersion} in setup-agents.sh`);
      assert.ok(compareVersions(cli.testedVersion, cli.minimumVersion) >= 0);
    }
  });
});
