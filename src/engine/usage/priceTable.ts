import type { TokenUsage } from '../runners/agentResult';

/** What a model costs, in USD per million tokens. Cache prices default to the input price. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Model id (or id prefix) → price. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * The day {@link DEFAULT_PRICES} was taken from the providers' published price lists
 * (Anthropic's pricing page; OpenAI's model pages; Google's Gemini API pricing). Prices change:
 * `settings.prices` in teams.yaml overrides or extends this table.
 */
export const DEFAULT_PRICES_DATE = '2026-12-03';

/**
 * List prices for current models, USD per million tokens; cache writes are the 5-minute rate.
 * Keys match model ids by prefix (`claude-sonnet-4-5` matches `claude-sonnet-4-5-20250929`),
 * the longest key winning.
 */
export const DEFAULT_PRICES: PriceTable = {
  // Anthropic
  'claude-fable-5-1': { input: 10, output: 50, cacheRead: 0.25, cacheWrite: 12.5 },
  'claude-fable-5': { input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5 },
  'claude-opus-5-5': { input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5 },
  'claude-opus-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-6': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-7': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-8': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-sonnet-5-5': { input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 },
  'claude-sonnet-5': { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
  'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-5-5': { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  // OpenAI (cached input is the cache-read price; OpenAI charges nothing to write its cache)
  'gpt-5.4-mini': { input: 0.75, output: 4.5, cacheRead: 0.075, cacheWrite: 0 },
  'gpt-5.4-nano': { input: 0.2, output: 1.25, cacheRead: 0.02, cacheWrite: 0 },
  'gpt-5.4': { input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 0 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025, cacheWrite: 0 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005, cacheWrite: 0 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
  'codex-mini': { input: 1.5, output: 6, cacheRead: 0.375, cacheWrite: 0 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 },
  'o3': { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 0 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275, cacheWrite: 0 },
  // Google (prompts up to 200k tokens; context-cache reads)
  'gemini-3-pro': { input: 2, output: 12, cacheRead: 0.2 },
  'gemini-3.1-pro': { input: 2, output: 12, cacheRead: 0.2 },
  'gemini-3-flash': { input: 0.5, output: 3, cacheRead: 0.05 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cacheRead: 0.01 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.03 },
};

/**
 * The price of `model` in `table` (the user's prices first, then the defaults): an exact key,
 * else the longest key the id starts with, after dropping a provider prefix such as
 * `anthropic.`, `us.anthropic.`, `models/` or `openai/`.
 */
export function priceOf(model: string | undefined, table: PriceTable, defaults: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  if (!model) return undefined;
  const id = model.toLowerCase().replace(/^(models\/|[a-z]+\/)/, '').replace(/^([a-z]{2,4}\.)?(anthropic|google|openai)\./, '');
  for (const source of [table, defaults]) {
    if (source[id]) return source[id];
    let best: string | undefined;
    for (const key of Object.keys(source)) {
      if (id.startsWith(key.toLowerCase()) && (!best || key.length > best.length)) best = key;
    }
    if (best) return source[best];
  }
  return undefined;
}

/** USD for `usage` at `price`; undefined when no token count is known. */
export function costOf(usage: TokenUsage | undefined, price: ModelPrice | undefined): number | undefined {
  if (!usage || !price) return undefined;
  const { inputTokens = 0, outputTokens = 0, cacheReadTokens = 0, cacheWriteTokens = 0 } = usage;
  if (!inputTokens && !outputTokens && !cacheReadTokens && !cacheWriteTokens) return undefined;
  const usd = inputTokens * price.input + outputTokens * price.output
    + cacheReadTokens * (price.cacheRead ?? price.input) + cacheWriteTokens * (price.cacheWrite ?? price.input);
  return Number((usd / 1e6).toFixed(8));
}
