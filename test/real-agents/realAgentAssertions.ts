import assert from 'node:assert/strict';
import { MARK } from './sprintScenarios';
import type { JournalEvent, RealAgentWorld, SprintOutcome, StatusJson } from './realAgentHarness';

/** A task of `baton status --json`, failing the test when it is missing. */
export function taskOf(outcome: SprintOutcome, id: string): StatusJson['tasks'][number] {
  const task = outcome.status.tasks.find((t) => t.id === id);
  assert.ok(task, `task ${id} is in baton status --json`);
  return task;
}

/** The happy sprint completed through the real binary: every task done, exit 0. */
export function assertTwoTaskSprint(outcome: SprintOutcome, world: RealAgentWorld, userText: (body: unknown) => string): void {
  assert.equal(outcome.run.code, 0, `baton run exited ${outcome.run.code}: ${outcome.run.stderr.slice(-2000)}`);
  assert.equal(outcome.status.state, 'completed');
  for (const id of ['alpha', 'bravo', 'rate']) assert.equal(taskOf(outcome, id).status, 'done', `${id}: ${taskOf(outcome, id).reason}`);
  const alphaPrompt = userText(world.fake.model.requestsOf(MARK.alpha)[0]!.body);
  assert.ok(alphaPrompt.includes(MARK.alpha) && !alphaPrompt.includes('Handoffs from upstream'), 'ALPHA has no upstream');
}

/** Every finished attempt journalled its tokens (cache reads too), model and cost; status sums them. */
export function assertUsageJournalled(outcome: SprintOutcome, runner: string, costSource: 'cli' | 'price-table'): void {
  const exits = outcome.journal.filter((e): e is JournalEvent & { usage: Record<string, number> } => e.type === 'task:agent-exited' && e.task === 'alpha');
  assert.ok(exits.length >= 1);
  const usage = exits[0]!.usage;
  assert.ok(usage.inputTokens! > 0 && usage.outputTokens! > 0, `tokens in and out: ${JSON.stringify(usage)}`);
  assert.ok(usage.cacheReadTokens! > 0, 'cache reads are counted apart');
  assert.equal(exits[0]!.costSource, costSource);
  assert.ok(Number(exits[0]!.costUsd) > 0, 'a cost');
  const alpha = taskOf(outcome, 'alpha').usage;
  assert.equal(alpha.inputTokens, usage.inputTokens);
  const sprint = outcome.status.usage.sprint;
  const tasks = outcome.status.tasks.reduce((sum, t) => sum + t.usage.costUsd, 0);
  assert.ok(Math.abs(sprint.costUsd - tasks) < 1e-6, 'the sprint total is the sum of its tasks');
  assert.ok(outcome.status.usage.byAgent.builder!.costUsd > 0, 'per agent');
  assert.equal(outcome.status.clis[runner]!.supported, true);
}

/**
 * The rate-limited task failed once as rate-limited, waited at least `minWaitMs` before its
 * retry, and the fake model answered the retry.
 */
export function assertRateLimitRetried(outcome: SprintOutcome, world: RealAgentWorld, mark: string, minWaitMs: number): void {
  const failed = outcome.journal.find((e) => e.type === 'task:failed' && e.task === 'rate');
  assert.ok(failed, 'the first attempt failed on the rate limit');
  assert.equal(failed.rateLimited, true, String(failed.reason));
  assert.equal(failed.willRetry, true);
  // From the agent's exit, journalled before the engine decides the retry: the failure's own `at`
  // is stamped when it is committed, a millisecond or more after `retryAt` was computed.
  const exited = outcome.journal.find((e) => e.type === 'task:agent-exited' && e.task === 'rate' && e.attempt === failed.attempt) ?? failed;
  const waited = Date.parse(String(failed.retryAt)) - Date.parse(exited.at);
  assert.ok(waited >= minWaitMs, `waited ${waited} ms, at least the ${minWaitMs} ms asked for`);
  const restarted = outcome.journal.find((e) => e.type === 'task:started' && e.task === 'rate' && e.attempt === 2)!;
  assert.ok(Date.parse(restarted.at) >= Date.parse(String(failed.retryAt)) - 50, 'the retry started no earlier than retryAt');
  const answered = world.fake.model.requestsOf(mark);
  assert.ok(answered.some((r) => r.answered === '429') && answered.some((r) => r.answered !== '429'), 'the model saw the 429 and then the retry');
  assert.equal(taskOf(outcome, 'rate').status, 'done');
}

/** The lying model's task failed for want of changes, whatever it claimed. */
export function assertLiarCaught(outcome: SprintOutcome): void {
  const liar = taskOf(outcome, 'liar');
  assert.equal(liar.status, 'failed');
  assert.match(liar.reason!, /reported success but changed no files/);
}

/**
 * The run's agents ran in Baton's bubblewrap sandbox (`settings.sandbox` is `auto`, and bwrap is
 * installed here by scripts/setup-sandbox.sh), each CLI with its private copy of its state: the
 * user's own ~/.claude, ~/.claude.json, ~/.codex, ~/.gemini are byte-for-byte as they were.
 */
export function assertSandboxed(outcome: SprintOutcome): void {
  const sandbox = outcome.journal.filter((e) => e.type === 'run:sandbox');
  assert.ok(sandbox.length >= 1, 'the run says how it contains its agents');
  for (const e of sandbox) assert.equal(e.mode, 'bwrap', String(e.detail));
  assert.deepEqual(outcome.homeChanges, [], "the CLI wrote its private home, not the user's");
}
