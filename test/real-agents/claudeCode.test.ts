import assert from 'node:assert/strict';
import { ALPHA_SUMMARY, MARK, scenariosFor, workspaceFor } from './sprintScenarios';
import { integrationFile, RealAgentWorld, userTextOf, type SprintOutcome } from './realAgentHarness';
import { assertLiarCaught, assertRateLimitRetried, assertSandboxed, assertTwoTaskSprint, assertUsageJournalled, taskOf } from './realAgentAssertions';

/** The real Claude Code (`claude -p`, from npm) through Baton, against the fake Anthropic API. */
describe('real agents: Claude Code', function () {
  this.timeout(240_000);
  let world: RealAgentWorld;
  let happy: SprintOutcome;
  let trouble: SprintOutcome;
  const RETRY_AFTER_S = 9;

  before(async () => {
    world = await RealAgentWorld.start('claude-code');
    world.fake.model.script(...scenariosFor('claude-code', { times: 2, retryAfterSeconds: RETRY_AFTER_S }));
    const repo = world.repo(workspaceFor('claude-code'));
    // One retry inside Claude Code, so the second 429 reaches Baton with the CLI's retry delay.
    const env = world.env({ CLAUDE_CODE_MAX_RETRIES: '1' });
    happy = await world.runSprint(repo, 'happy', env);
    trouble = await world.runSprint(repo, 'trouble', env);
  });
  after(async () => world?.dispose());

  it('runs every attempt in the bubblewrap sandbox, on a private copy of ~/.claude and ~/.claude.json, reaching the model on 127.0.0.1', () => {
    assertSandboxed(happy);
    assertSandboxed(trouble);
  });

  it('completes a two-task sprint, the dependency\'s handoff in the second prompt', () => {
    assertTwoTaskSprint(happy, world, (body) => userTextOf(body));
    assert.equal(integrationFile(world.repos[0]!, 'happy', 'src/alpha.txt'), 'hello from alpha');
    const bravoPrompt = userTextOf(world.fake.model.requestsOf(MARK.bravo)[0]!.body);
    assert.ok(bravoPrompt.includes(ALPHA_SUMMARY), 'BRAVO sees what ALPHA handed off');
  });

  it('journals usage with cache tokens, the model and the CLI\'s own cost; reads the version once', () => {
    assertUsageJournalled(happy, 'claude-code', 'cli');
    const exited = happy.journal.find((e) => e.type === 'task:agent-exited' && e.task === 'alpha')!;
    assert.match(String(exited.model), /^claude-/);
    assert.equal(happy.status.clis['claude-code']!.version, '2.1.332');
    assert.equal(happy.journal.filter((e) => e.type === 'run:cli-checked').length, 1, 'once per run, not per attempt');
  });

  it('backs off a 429 for the CLI\'s retry-after and retries', () => {
    assertRateLimitRetried(happy, world, MARK.rate, RETRY_AFTER_S * 1000);
    assert.equal(integrationFile(world.repos[0]!, 'happy', 'src/rate.txt'), 'written after the rate limit lifted');
  });

  it('catches a lying model: it claims success, nothing changed', () => {
    assertLiarCaught(trouble);
  });

  it('turns a permission denial into a reason that names the tool and the fix', () => {
    const denied = taskOf(trouble, 'denied');
    assert.equal(denied.status, 'failed');
    assert.match(denied.reason!, /^Claude Code denied Write \(.*src\/denied\.txt\): set permissionMode or tools; the agent reported success but changed no files/);
  });

  it('restricts an agent to its `tools:` (Read only: the Write it asks for does not exist)', () => {
    const restricted = taskOf(trouble, 'restricted');
    assert.equal(restricted.status, 'failed');
    assert.match(restricted.reason!, /the agent asked for Write, which it does not have: add it to its tools/);
    const first = world.fake.model.requestsOf(MARK.restricted)[0]!.body as { tools: { name: string }[] };
    const offered = first.tools.map((t) => t.name);
    assert.ok(offered.includes('Read'), offered.join(', '));
    for (const writer of ['Write', 'Edit', 'Bash', 'NotebookEdit']) assert.ok(!offered.includes(writer), `${writer} is not offered: ${offered.join(', ')}`);
    assert.equal(trouble.run.code, 1);
  });
});
