/**
 * The "model" behind the fake endpoints: per conversation, a script of turns the test decides
 * (write a file, run a command, answer in text, fail, claim success without doing anything,
 * ask for a tool the agent does not have). Protocol-neutral: each wire adapter (Anthropic,
 * OpenAI Responses, Gemini) turns a turn into its own API's shape and maps tool intents onto
 * its CLI's tool names.
 *
 * Stateless per request where it can be: the turn to play is the number of model turns already
 * in the request's history, so a CLI that retries a request gets the same answer. Only rate
 * limits are stateful (the first N main requests of a scenario get a 429).
 */

/** What the model asks the CLI to do in one turn. */
export type ToolIntent =
  | { kind: 'write'; path: string; content: string }
  | { kind: 'run'; command: string }
  /** A tool by its CLI's own name, with the CLI's own input (e.g. one the agent was not given). */
  | { kind: 'raw'; name: string; input: Record<string, unknown> };

export type ModelTurn =
  | { say: string }
  | { call: ToolIntent; say?: string };

export interface Scenario {
  /** Chosen when the conversation's first user message contains this text (e.g. a task id). */
  match: string;
  turns: ModelTurn[];
  /** The first this-many main requests of the conversation are answered 429 with `retryAfterSeconds`. */
  rateLimited?: { times: number; retryAfterSeconds: number };
}

/** One request a CLI sent, as recorded for assertions and fixtures. */
export interface RecordedRequest {
  api: 'anthropic' | 'openai' | 'gemini';
  method: string;
  path: string;
  /** Header names sent (values of credentials are never recorded). */
  headers: Record<string, string>;
  body: unknown;
  /** The scenario it was matched to, when it was a main-conversation request. */
  scenario?: string;
  /** What the model answered: a turn index, `429`, or `side` (a request outside the script). */
  answered: string;
  at: number;
}

const SECRET_HEADERS = /authorization|api-key|x-goog-api-key|cookie/i;

/** Headers worth keeping in a recording, with credentials masked. */
export function recordableHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.test(name) ? '<redacted>' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The scripted model shared by the three wire adapters. */
export class ScriptedModel {
  readonly requests: RecordedRequest[] = [];
  readonly #scenarios: Scenario[] = [];
  readonly #rateLimitsServed = new Map<string, number>();
  /** Answer for requests that match no scenario (titles, summaries, quota probes). */
  sideAnswer = 'OK';

  /** Adds scenarios; a later one with the same `match` replaces the earlier. */
  script(...scenarios: Scenario[]): void {
    for (const s of scenarios) {
      const at = this.#scenarios.findIndex((x) => x.match === s.match);
      if (at >= 0) this.#scenarios.splice(at, 1);
      this.#scenarios.push(s);
      this.#rateLimitsServed.delete(s.match);
    }
  }

  /** Clears scenarios and recordings between tests. */
  reset(): void {
    this.#scenarios.length = 0;
    this.#rateLimitsServed.clear();
    this.requests.length = 0;
  }

  /**
   * What to answer a main-conversation request: the scenario whose `match` occurs first in the
   * user's text (a task's prompt names its own task before the handoffs of its dependencies,
   * which name theirs), and the turn at index `modelTurnsSoFar`.
   */
  decide(userText: string, modelTurnsSoFar: number): Decision {
    // CLIs put context before the prompt (Claude Code: git status with recent commit messages,
    // which name earlier tasks); Baton's prompt starts its own part at "## Your task".
    const prompt = userText.includes('## Your task') ? userText.slice(userText.indexOf('## Your task')) : userText;
    let scenario: Scenario | undefined;
    let at = Infinity;
    for (const s of this.#scenarios) {
      const index = prompt.indexOf(s.match);
      if (index >= 0 && index < at) [scenario, at] = [s, index];
    }
    if (!scenario) return { kind: 'side' };
    const limit = scenario.rateLimited;
    const served = this.#rateLimitsServed.get(scenario.match) ?? 0;
    if (limit && served < limit.times) {
      this.#rateLimitsServed.set(scenario.match, served + 1);
      return { kind: 'rate-limit', scenario: scenario.match, retryAfterSeconds: limit.retryAfterSeconds };
    }
    const turn = scenario.turns[Math.min(modelTurnsSoFar, scenario.turns.length - 1)] ?? { say: 'Done.' };
    // Past the end of the script the model only talks: a CLI never loops on a replayed tool call.
    const played = modelTurnsSoFar >= scenario.turns.length && 'call' in turn ? { say: 'Done.' } : turn;
    return { kind: 'turn', scenario: scenario.match, index: modelTurnsSoFar, turn: played };
  }

  record(request: Omit<RecordedRequest, 'at'>): void {
    this.requests.push({ ...request, at: Date.now() });
  }

  /** The main-conversation requests of one scenario, in order. */
  requestsOf(match: string): RecordedRequest[] {
    return this.requests.filter((r) => r.scenario === match);
  }
}

export type Decision =
  | { kind: 'side' }
  | { kind: 'rate-limit'; scenario: string; retryAfterSeconds: number }
  | { kind: 'turn'; scenario: string; index: number; turn: ModelTurn };

/** Fake token counts, deterministic per text so usage assertions are exact. */
export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
