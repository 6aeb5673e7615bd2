import assert from 'node:assert/strict';
import { costOf, DEFAULT_PRICES, DEFAULT_PRICES_DATE, priceOf } from '../../../src/engine/usage/priceTable';
import { usageOfRun } from '../../../src/engine/usage/runUsage';
import { emptyRunState } from '../../../src/engine/state/projection';

describe('usage/priceTable', () => {
  it('matches model ids by the longest prefix, across providers and Bedrock/Vertex prefixes', () => {
    assert.equal(priceOf('claude-sonnet-4-5-20250929', {}), DEFAULT_PRICES['claude-sonnet-4']);
    assert.equal(priceOf('claude-opus-5-5', {}), DEFAULT_PRICES['claude-opus-5-5'], 'not the shorter claude-opus-5');
    assert.equal(priceOf('us.anthropic.claude-haiku-4-5-20251001-v1:0', {}), DEFAULT_PRICES['claude-haiku-4-5']);
    assert.equal(priceOf('gpt-5-mini-2025-08-07', {}), DEFAULT_PRICES['gpt-5-mini']);
    assert.equal(priceOf('models/gemini-2.5-flash-lite', {}), DEFAULT_PRICES['gemini-2.5-flash-lite']);
    assert.equal(priceOf('my-local-llama', {}), undefined);
    assert.match(DEFAULT_PRICES_DATE, /^\d{4}-\d{2}-\d{2}$/);
  });

  it("lets settings.prices override and extend the table", () => {
    const table = { 'gpt-5': { input: 1, output: 2 }, 'my-local-llama': { input: 0, output: 0 } };
    assert.deepEqual(priceOf('gpt-5-2025-08-07', table), { input: 1, output: 2 });
    assert.deepEqual(priceOf('my-local-llama-70b', table), { input: 0, output: 0 });
  });

  it('prices input, output, cache reads and cache writes apart (cache prices default to input)', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 2_000_000, cacheWriteTokens: 500_000 };
    assert.equal(costOf(usage, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }), 3 + 1.5 + 0.6 + 1.875);
    assert.equal(costOf(usage, { input: 1, output: 2 }), 1 + 0.2 + 2 + 0.5);
    assert.equal(costOf({}, { input: 1, output: 2 }), undefined, 'no tokens, no cost');
    assert.equal(costOf(usage, undefined), undefined);
  });

  it('sums a run per task, per agent and per sprint', () => {
    const state = emptyRunState();
    state.tasks.set('a', { id: 'a', status: 'done', attempts: 2, costUsd: 0.3, history: [], costs: [
      { attempt: 1, agent: 'x', model: 'm1', usage: { inputTokens: 10, outputTokens: 1 }, costUsd: 0.1, costSource: 'cli' },
      { attempt: 2, agent: 'y', model: 'm2', usage: { inputTokens: 20, cacheReadTokens: 5 }, costUsd: 0.2, costSource: 'price-table' },
    ] });
    state.tasks.set('b', { id: 'b', status: 'done', attempts: 1, costUsd: 0, history: [], costs: [{ attempt: 1, agent: 'x', model: 'unknown', usage: { outputTokens: 7 } }] });
    const u = usageOfRun(state);
    assert.deepEqual(u.sprint, { inputTokens: 30, outputTokens: 8, cacheReadTokens: 5, cacheWriteTokens: 0, costUsd: 0.3, unpricedAttempts: 1 });
    assert.equal(u.byAgent.x!.costUsd, 0.1);
    assert.equal(u.byAgent.x!.unpricedAttempts, 1);
    assert.equal(u.byTask.a!.inputTokens, 30);
    assert.deepEqual(u.models, ['m2', 'm1', 'unknown']);
  });
});
