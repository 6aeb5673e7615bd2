import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ALPHA_SUMMARY, MARK, scenariosFor, workspaceFor } from './sprintScenarios';
import { integrationFile, RealAgentWorld, userTextOf, type SprintOutcome } from './realAgentHarness';
import { assertLiarCaught, assertRateLimitRetried, assertSandboxed, assertTwoTaskSprint, assertUsageJournalled, taskOf } from './realAgentAssertions';

/** The real Codex (`codex exec`, its native binary from npm) through Baton, against a fake Responses API. */
describe('real agents: Codex', function () {
  this.timeout(240_000);
  let world: RealAgentWorld;
  let happy: SprintOutcome;
  let trouble: SprintOutcome;

  before(async () => {
    world = await RealAgentWorld.start('codex');
    // Codex retries once itself (config.toml), then gives up on the second 429 and Baton backs off.
    world.fake.model.script(...scenariosFor('codex', { times: 2, retryAfterSeconds: 1 }));
    const repo = world.repo(workspaceFor('codex'));
    happy = await world.runSprint(repo, 'happy');
    trouble = await world.runSprint(repo, 'trouble');
  });
  after(async () => world?.dispose());

  it("runs every attempt in the bubblewrap sandbox, on a private copy of ~/.codex, codex's own sandbox helper running inside, reaching the model on 127.0.0.1", () => {
    assertSandboxed(happy);
    assertSandboxed(trouble);
  });

  it("completes a two-task sprint in codex's workspace-write sandbox, the dependency's handoff in the second prompt", () => {
    assertTwoTaskSprint(happy, world, (body) => userTextOf(body));
    assert.equal(integrationFile(world.repos[0]!, 'happy', 'src/bravo.txt'), 'bravo read the greeting');
    const bravoPrompt = userTextOf(world.fake.model.requestsOf(MARK.bravo)[0]!.body);
    assert.ok(bravoPrompt.includes(ALPHA_SUMMARY), 'BRAVO sees what ALPHA handed off');
  });

  it('runs an agent written as a Codex custom agent (.codex/agents/builder.toml) with its reasoning effort', () => {
    const body = world.fake.model.requestsOf(MARK.alpha)[0]!.body as { reasoning?: { effort?: string } };
    assert.equal(body.reasoning?.effort, 'low');
    assert.ok(userTextOf(body).includes('You are builder.'), 'developer_instructions are in the prompt');
  });

  it("reaches the provider through the env_key its config.toml names, and prices tokens from the table", () => {
    const headers = world.fake.model.requestsOf(MARK.alpha)[0]!.headers;
    assert.equal(headers.authorization, '<redacted>', 'codex sent the key it read from FAKE_PROVIDER_KEY');
    assertUsageJournalled(happy, 'codex', 'price-table');
    const exited = happy.journal.find((e) => e.type === 'task:agent-exited' && e.task === 'alpha')!;
    assert.equal(exited.model, 'gpt-5', "the model codex's config.toml sets");
    assert.equal(happy.status.clis.codex!.version, '0.171.0');
  });

  it('backs off a 429 codex gave up on, and retries', () => {
    // Codex prints no retry-after: Baton's own rate-limit backoff (4 × 2 s) applies.
    assertRateLimitRetried(happy, world, MARK.rate, 8000);
  });

  it('catches a lying model: it claims success, nothing changed', () => {
    assertLiarCaught(trouble);
  });

  it("names codex's read-only sandbox as the reason an agent with permissionMode: plan changed nothing", () => {
    const denied = taskOf(trouble, 'denied');
    assert.equal(denied.status, 'failed');
    assert.match(denied.reason!, /^codex ran in its read-only sandbox \(permissionMode: plan\), so the agent could change no files: set permissionMode: acceptEdits; the agent reported success but changed no files/);
    // The write was attempted and refused by the sandbox, not skipped.
    const second = world.fake.model.requestsOf(MARK.denied)[1]!.body as { input: { type: string; output?: string }[] };
    const output = second.input.filter((i) => i.type === 'function_call_output').map((i) => i.output).join('\n');
    assert.match(output, /Read-only file system|Permission denied|Operation not permitted/);
    assert.ok(!fs.existsSync(`${world.repos[0]!.root}/src/denied.txt`));
    assert.equal(trouble.run.code, 1);
  });
});
