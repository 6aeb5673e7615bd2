import assert from 'node:assert/strict';
import type { DoctorReport } from '../../src/engine/doctor/agentDoctor';
import { agentBinary, RealAgentWorld, type AgentCliKind } from './realAgentHarness';

const KINDS: AgentCliKind[] = ['claude-code', 'codex', 'gemini'];

/** A workspace with one agent per CLI; `executables: false` leaves the CLIs to be found on PATH. */
function doctorWorkspace(executables: boolean): Record<string, string> {
  const files: Record<string, string> = {
    '.claude/teams.yaml': [
      'teams:',
      '  crew: { members: [claude-agent, codex-agent, gemini-agent] }',
      ...(executables ? ['settings:', '  runners:', ...KINDS.map((k) => `    ${k}: { executable: "${agentBinary(k)}" }`)] : []),
      '',
    ].join('\n'),
  };
  for (const kind of KINDS) {
    const name = `${kind.split('-')[0]}-agent`;
    files[`.claude/agents/${name}.md`] = `---\nname: ${name}\ndescription: ${kind}\nrunner: ${kind}\n${kind === 'gemini' ? 'model: gemini-2.5-flash\n' : ''}---\nAnswer briefly.\n`;
  }
  return files;
}

/** `baton doctor` against the real CLIs: a working setup, a missing CLI, a missing key. */
describe('real agents: baton doctor', function () {
  this.timeout(120_000);
  let world: RealAgentWorld;
  before(async () => {
    world = await RealAgentWorld.start(...KINDS);
  });
  after(async () => world?.dispose());

  const doctor = async (files: Record<string, string>, env: Record<string, string>, ...flags: string[]) => {
    const repo = world.repo(files);
    const { code, stdout, stderr } = await world.baton(['doctor', repo.root, ...flags], env);
    return { code, stdout, stderr, report: flags.includes('--json') ? (JSON.parse(stdout) as DoctorReport) : undefined };
  };

  it('passes a working setup: every CLI found, supported, with its credentials — and answers online', async () => {
    const env = world.env();
    const { code, report, stdout } = await doctor(doctorWorkspace(true), env, '--json', '--online');
    assert.equal(code, 0, stdout);
    assert.equal(report!.ok, true);
    const byRunner = Object.fromEntries(report!.runners.map((r) => [r.runner, r]));
    assert.equal(byRunner['claude-code']!.version, '2.1.332');
    assert.equal(byRunner.codex!.version, '0.171.0');
    assert.equal(byRunner.gemini!.version, '0.61.0');
    for (const r of report!.runners) {
      assert.equal(r.supported, true);
      assert.equal(r.auth!.ok, true);
      assert.equal(r.online!.ok, true, `${r.runner}: ${r.online!.detail}`);
    }
    assert.deepEqual(byRunner.codex!.auth!.present, ['FAKE_PROVIDER_KEY'], "the env_key of codex's configured provider");
    for (const secret of ['sk-ant-fake', 'sk-fake-provider', 'fake-gemini-key']) assert.ok(!stdout.includes(secret), 'names only, never values');
    assert.ok(world.fake.model.requests.some((r) => r.api === 'anthropic') && world.fake.model.requests.some((r) => r.api === 'openai') && world.fake.model.requests.some((r) => r.api === 'gemini'));
  });

  it('fails (exit 1) on a CLI that is not installed, naming how to install it', async () => {
    const { code, stdout } = await doctor(doctorWorkspace(false), world.env({ PATH: '/usr/bin:/bin' }));
    assert.equal(code, 1);
    assert.match(stdout, /✗ claude-code — claude\n/);
    assert.match(stdout, /agent command `claude` was not found on PATH: install Claude Code \(npm install -g @anthropic-ai\/claude-code\) or set its path in teams.yaml settings.runners.claude-code.executable/);
    assert.match(stdout, /3 of 3 agents cannot run: claude-agent, codex-agent, gemini-agent\./);
  });

  it('fails (exit 1) on a missing key, naming the variable to set', async () => {
    const env = world.env();
    delete env.ANTHROPIC_API_KEY;
    delete env.FAKE_PROVIDER_KEY;
    const { code, report } = await doctor(doctorWorkspace(true), env, '--json');
    assert.equal(code, 1);
    const byAgent = Object.fromEntries(report!.agents.map((a) => [a.name, a]));
    assert.equal(byAgent['gemini-agent']!.canRun, true);
    assert.equal(byAgent['claude-agent']!.canRun, false);
    assert.match(byAgent['claude-agent']!.problems.join('\n'), /^no API key for claude-code: set ANTHROPIC_API_KEY/);
    assert.match(byAgent['codex-agent']!.problems.join('\n'), /^no API key for codex: set FAKE_PROVIDER_KEY \(the env_key of provider `fake` in .*config\.toml\)/);
  });
});
