import type { TokenUsage } from '../runners/agentResult';

/** Tokens and dollars summed over attempts: what `baton status --json` and the board show. */
export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  /** Attempts whose cost was unknown (no CLI cost, no price for the model). */
  unpricedAttempts: number;
}

export function emptyTotals(): UsageTotals {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, unpricedAttempts: 0 };
}

/** Adds one attempt's usage and cost into `totals` (in place) and returns it. */
export function addUsage(totals: UsageTotals, usage: TokenUsage | undefined, costUsd: number | undefined): UsageTotals {
  totals.inputTokens += usage?.inputTokens ?? 0;
  totals.outputTokens += usage?.outputTokens ?? 0;
  totals.cacheReadTokens += usage?.cacheReadTokens ?? 0;
  totals.cacheWriteTokens += usage?.cacheWriteTokens ?? 0;
  if (costUsd === undefined) totals.unpricedAttempts += 1;
  else totals.costUsd = Math.round((totals.costUsd + costUsd) * 1e8) / 1e8;
  return totals;
}

/** Sums several totals. */
export function sumTotals(all: Iterable<UsageTotals>): UsageTotals {
  const sum = emptyTotals();
  for (const t of all) {
    sum.inputTokens += t.inputTokens;
    sum.outputTokens += t.outputTokens;
    sum.cacheReadTokens += t.cacheReadTokens;
    sum.cacheWriteTokens += t.cacheWriteTokens;
    sum.costUsd = Math.round((sum.costUsd + t.costUsd) * 1e8) / 1e8;
    sum.unpricedAttempts += t.unpricedAttempts;
  }
  return sum;
}
