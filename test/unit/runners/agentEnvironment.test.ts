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
      'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'BATON_AGENT', 'BATON_PORT', 'BATON_PROMPT_FILE', 'BATON_RESULT_FILE', 'BATON_SPRINT_ID',
      'BATON_TASK_ID', 'BATON_WORKTREE', 'CLAUDE_CODE_USE_BEDROCK', 'HOME', 'HTTPS_PROXY', 'LANG', 'LC_ALL', 'PATH', 'TERM', 'TMPDIR', 'USER',
    ]);
    assert.equal(env.BATON_TASK_ID, 't1', "Baton's values win over inherited ones");
    assert.equal(env.BATON_PORT, '4100');
  });

  it('gives each runner only its own credentials', () => {
    const secrets = (runner: Parameters<typeof buildAgentEnv>[1]['runner']): string[] =>
      names(buildAgentEnv(parent, { runner, agentEnv: [], baton })).filter((n) => /KEY|TOKEN|CODEX|GOOGLE|AIDER|OPENAI|ANTHROPIC/.test(n));
    assert.deepEqual(secrets('codex'), ['CODEX_HOME', 'OPENAI_API_KEY']);
    assert.deepEqual(secrets('gemini'), ['GEMINI_API_KEY', 'GOOGLE_CLOUD_PROJECT']);
    assert.deepEqual(secrets('aider'), ['AIDER_MODEL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'OPENAI_API_KEY', 'OPENAI_ORG_ID']);
    assert.deepEqual(secrets('command'), []);
    assert.deepEqual(secrets('script'), []);
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
