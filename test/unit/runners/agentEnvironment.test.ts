import assert from 'node:assert/strict';
import { buildAgentEnv, type BatonVariables } from '../../../src/engine/runners/agentEnvironment';

const baton: BatonVariables = {
  BATON_TASK_ID: 't1', BATON_SPRINT_ID: 's1', BATON_AGENT: 'eng', BATON_WORKTREE: '/w', BATON_PROMPT_FILE: '/p.md', BATON_RESULT_FILE: '/r.json', BATON_PORT: 4100,
};

const parent = {
  PATH: '/usr/bin', HOME: '/home/u', USER: 'u', LANG: 'C.UTF-8', LC_ALL: 'C', TERM: 'xterm', TMPDIR: '/tmp', UNSET: undefined,
  SECRET_TOKEN: 'hunter2', GITHUB_TOKEN: 'ghp_x', AWS_SECRET_ACCESS_KEY: 'aws', NPM_TOKEN: 'npm',
  ANTHROPIC_API_KEY: 'sk-ant', ANTHROPIC_BASE_URL: 'https://a', CLAUDE_CODE_USE_BEDROCK: '1',
  OPENAI_API_KEY: 'sk-oai', OPENAI_ORG_ID: 'org', CODEX_HOME: '/c', GEMINI_API_KEY: 'g', GOOGLE_CLOUD_PROJECT: 'p',
  AIDER_MODEL: 'x', HTTPS_PROXY: 'http://proxy:3128', BATON_TASK_ID: 'stale', BATON_DEBUG: '1',
};

const names = (env: Record<string, string>): string[] => Object.keys(env).sort();

describe('runners/buildAgentEnv', () => {
  it('passes the basics, the runner credentials and BATON_* — and nothing else', () => {
    const env = buildAgentEnv(parent, { runner: 'claude-code', agentEnv: [], baton });
    assert.deepEqual(names(env), [
      'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'AWS_SECRET_ACCESS_KEY', 'BATON_AGENT', 'BATON_PORT', 'BATON_PROMPT_FILE', 'BATON_RESULT_FILE', 'BATON_SPRINT_ID',
      'BATON_TASK_ID', 'BATON_WORKTREE', 'CLAUDE_CODE_USE_BEDROCK', 'GOOGLE_CLOUD_PROJECT', 'HOME', 'HTTPS_PROXY', 'LANG', 'LC_ALL', 'PATH', 'TERM', 'TMPDIR', 'USER',
    ], 'Claude Code on Bedrock needs the AWS credentials, on Vertex the Google project');
    assert.equal(env.BATON_TASK_ID, 't1', "Baton's values win over inherited ones");
    assert.equal(env.BATON_PORT, '4100');
  });

  it('gives each runner only its own credentials', () => {
    const secrets = (runner: Parameters<typeof buildAgentEnv>[1]['runner']): string[] =>
      names(buildAgentEnv(parent, { runner, agentEnv: [], baton })).filter((n) => /KEY|TOKEN|CODEX|GOOGLE|AIDER|OPENAI|ANTHROPIC/.test(n));
    assert.deepEqual(secrets('codex'), ['CODEX_HOME', 'OPENAI_API_KEY', 'OPENAI_ORG_ID']);
    assert.deepEqual(secrets('gemini'), ['GEMINI_API_KEY', 'GOOGLE_CLOUD_PROJECT']);
    assert.deepEqual(secrets('aider'), ['AIDER_MODEL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'GEMINI_API_KEY', 'OPENAI_API_KEY', 'OPENAI_ORG_ID']);
    assert.deepEqual(secrets('command'), []);
    assert.deepEqual(secrets('script'), []);
  });

  it("passes the variable a codex provider's env_key names, and Claude Code's documented settings", () => {
    const env = buildAgentEnv({ ...parent, AZURE_KEY: 'az', API_TIMEOUT_MS: '60000', MCP_TIMEOUT: '9', XDG_CONFIG_HOME: '/x', CLOUD_ML_REGION: 'eu' }, { runner: 'codex', agentEnv: [], configuredNames: ['AZURE_KEY'], baton });
    assert.equal(env.AZURE_KEY, 'az');
    assert.equal(env.XDG_CONFIG_HOME, '/x');
    assert.equal(env.API_TIMEOUT_MS, undefined, "Claude Code's settings are not codex's");
    const claude = buildAgentEnv({ ...parent, API_TIMEOUT_MS: '60000', MCP_TIMEOUT: '9', CLOUD_ML_REGION: 'eu', AWS_REGION: 'eu-west-1' }, { runner: 'claude-code', agentEnv: [], baton });
    assert.deepEqual([claude.API_TIMEOUT_MS, claude.MCP_TIMEOUT, claude.CLOUD_ML_REGION, claude.AWS_REGION], ['60000', '9', 'eu', 'eu-west-1']);
    const gemini = buildAgentEnv({ ...parent, GOOGLE_GEMINI_BASE_URL: 'http://g', GEMINI_CLI_TRUST_WORKSPACE: 'true' }, { runner: 'gemini', agentEnv: [], baton });
    assert.deepEqual([gemini.GOOGLE_GEMINI_BASE_URL, gemini.GEMINI_CLI_TRUST_WORKSPACE], ['http://g', 'true']);
  });

  it("adds the agent's declared names, with prefix patterns, but never everything", () => {
    const env = buildAgentEnv(parent, { runner: 'command', agentEnv: ['NPM_TOKEN', 'AWS_*', '*', ' '], baton });
    assert.equal(env.NPM_TOKEN, 'npm');
    assert.equal(env.AWS_SECRET_ACCESS_KEY, 'aws');
    assert.equal(env.SECRET_TOKEN, undefined);
    assert.equal(env.GITHUB_TOKEN, undefined);
    assert.ok(!('UNSET' in env));
  });
});
