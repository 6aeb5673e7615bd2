import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ALPHA_SUMMARY, MARK, scenariosFor, workspaceFor } from './sprintScenarios';
import { integrationFile, RealAgentWorld, userTextOf, type SprintOutcome } from './realAgentHarness';
import { assertLiarCaught, assertSandboxed, assertTwoTaskSprint, assertUsageJournalled, taskOf } from './realAgentAssertions';

/** The real Gemini CLI (`gemini -p`, from npm) through Baton, against a fake Gemini API. */
describe('real agents: Gemini CLI', function () {
  this.timeout(240_000);
  let world: RealAgentWorld;
  let happy: SprintOutcome;
  let trouble: SprintOutcome;

  before(async () => {
    world = await RealAgentWorld.start('gemini');
    // Gemini CLI retries a 429 itself, honouring the RetryInfo delay (with its own 5 s floor).
    world.fake.model.script(...scenariosFor('gemini', { times: 1, retryAfterSeconds: 1 }));
    const repo = world.repo(workspaceFor('gemini'));
    happy = await world.runSprint(repo, 'happy');
    trouble = await world.runSprint(repo, 'trouble');
  });
  after(async () => world?.dispose());

  it('runs every attempt in the bubblewrap sandbox, on a private copy of ~/.gemini, reaching the model on 127.0.0.1', () => {
    assertSandboxed(happy);
    assertSandboxed(trouble);
  });

  it("completes a two-task sprint in a fresh (untrusted) worktree, the dependency's handoff in the second prompt", () => {
    assertTwoTaskSprint(happy, world, (body) => userTextOf(body));
    assert.equal(integrationFile(world.repos[0]!, 'happy', 'src/alpha.txt'), 'hello from alpha');
    const bravoPrompt = userTextOf(world.fake.model.requestsOf(MARK.bravo)[0]!.body);
    assert.ok(bravoPrompt.includes(ALPHA_SUMMARY), 'BRAVO sees what ALPHA handed off');
  });

  it('journals usage with cached tokens and the model, priced from the table', () => {
    assertUsageJournalled(happy, 'gemini', 'price-table');
    const exited = happy.journal.find((e) => e.type === 'task:agent-exited' && e.task === 'alpha')!;
    assert.equal(exited.model, 'gemini-2.5-flash');
    assert.equal(happy.status.clis.gemini!.version, '0.61.0');
  });

  it('backs off a 429 for at least its RetryInfo delay, and retries', () => {
    const requests = world.fake.model.requestsOf(MARK.rate);
    const limited = requests.find((r) => r.answered === '429')!;
    const next = requests.find((r) => r.answered !== '429' && r.at > limited.at)!;
    assert.ok(limited && next, 'a 429, then the retry');
    assert.ok(next.at - limited.at >= 1000, `waited ${next.at - limited.at} ms`);
    assert.equal(taskOf(happy, 'rate').status, 'done');
    assert.equal(integrationFile(world.repos[0]!, 'happy', 'src/rate.txt'), 'written after the rate limit lifted');
  });

  it('catches a lying model: it claims success, nothing changed', () => {
    assertLiarCaught(trouble);
  });

  it('names the write tool Gemini CLI withheld in approval mode default', () => {
    const denied = taskOf(trouble, 'denied');
    assert.equal(denied.status, 'failed');
    assert.match(denied.reason!, /^Gemini CLI denied write_file: set permissionMode or tools; the agent reported success but changed no files/);
    assert.ok(!fs.existsSync(`${world.repos[0]!.root}/src/denied.txt`));
    assert.equal(trouble.run.code, 1);
  });
});
