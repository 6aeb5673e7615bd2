import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../integration-engine/engineHarness';
import { agentBinary, integrationFile, RealAgentWorld, readJournal, userTextOf } from './realAgentHarness';

// Teams that talk through the real Claude Code (`claude -p`, from npm) against the fake Anthropic
// API: the scripted model calls Baton's MCP tools by the names Claude Code gives them
// (`mcp__baton__ask`, …), so the MCP config Baton writes, the token, the tool permissions and
// `--resume` of a parked session are all exercised by the real CLI. The teammate it asks is the
// scripted MCP client (examples/teams-talk/scripts/mcp-agent.mjs).

const MARK = { teammate: 'TEAMMATE-4A1', person: 'PERSON-6B2' } as const;
const EXPERT_ANSWER = 'Redis, with a 15-minute TTL';
const PERSON_ANSWER = 'Yes: ship dark mode on by default';

function workspace(): Record<string, string> {
  const expertPlan = JSON.stringify({ answer: EXPERT_ANSWER, tasks: { '*': [{ do: 'work' }] } });
  return {
    '.gitignore': 'node_modules\n',
    '.claude/teams.yaml': [
      'teams:',
      '  crew:',
      '    members: [{ agent: builder, capacity: 2 }, { agent: expert, specialties: [backend] }]',
      'settings:',
      '  max_parallel_agents: 3',
      '  max_retries: 0',
      '  worktrees: { symlink: [node_modules] }',
      `  runners: { claude-code: { executable: "${agentBinary('claude-code')}" } }`,
      '',
    ].join('\n'),
    '.claude/agents/builder.md': '---\nname: builder\ndescription: builder on claude-code\nrunner: claude-code\n---\nYou are builder. Use your team tools.\n',
    '.claude/agents/expert.md': `---\nname: expert\ndescription: scripted MCP teammate\nrunner: command\ncommand: ${JSON.stringify(['node', '{workspace}/scripts/mcp-agent.mjs', expertPlan])}\n---\nYou answer questions.\n`,
    '.claude/sprints/talk.yaml': [
      'sprint:',
      '  id: talk',
      '  teams: [crew]',
      '  tasks:',
      `    - { id: ask-teammate, title: "${MARK.teammate} ask the expert", assignee: builder }`,
      `    - { id: ask-person, title: "${MARK.person} ask a person", assignee: builder }`,
      '    - { id: independent, title: Independent work, assignee: expert }',
      '',
    ].join('\n'),
    'scripts/mcp-agent.mjs': fs.readFileSync(path.join(REPO_ROOT, 'examples', 'teams-talk', 'scripts', 'mcp-agent.mjs'), 'utf8'),
  };
}

describe('real agents: Claude Code on a team that talks (MCP)', function () {
  this.timeout(300_000);
  let world: RealAgentWorld;

  before(async () => {
    world = await RealAgentWorld.start('claude-code');
    world.fake.model.script(
      {
        match: MARK.teammate,
        turns: [
          { call: { kind: 'raw', name: 'mcp__baton__report_status', input: { status: 'asking the expert', progress: 10, remaining_work: ['store choice'] } } },
          { call: { kind: 'raw', name: 'mcp__baton__ask', input: { to: 'backend', question: 'Redis or PostgreSQL for sessions?' } } },
          { call: { kind: 'write', path: 'src/teammate.txt', content: 'the expert answered' } },
          { say: 'Done: the expert answered and I wrote src/teammate.txt.' },
        ],
      },
      {
        match: MARK.person,
        turns: [
          { call: { kind: 'raw', name: 'mcp__baton__ask', input: { to: 'person', question: 'Ship dark mode on by default?', blocking: true } } },
          { say: 'Parked until a person answers.' },
          { call: { kind: 'write', path: 'src/person.txt', content: 'dark mode on' } },
          { say: 'Done after the answer: wrote src/person.txt.' },
        ],
      },
    );
  });
  after(async () => world?.dispose());

  it('asks a teammate over MCP and gets the answer; asks a person, waits, and continues in the same session after `baton answer`', async () => {
    const repo = world.repo(workspace());
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(repo.root, 'node_modules'), 'dir');
    const env = world.env();
    const first = await world.baton(['run', 'talk', repo.root], env);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /waits for your answers: q-\d/);

    let journal = readJournal(repo.root);
    assert.equal(journal.find((e) => e.type === 'run:sandbox')?.mode, 'bwrap', 'agents and answer attempts run in the sandbox');
    const toExpert = journal.find((e) => e.type === 'question:asked' && e.task === 'ask-teammate')!;
    assert.deepEqual(toExpert.to, { kind: 'agent', agent: 'expert' });
    assert.ok(journal.some((e) => e.type === 'question:answered' && e.question === toExpert.question && e.by === 'expert' && e.answer === EXPERT_ANSWER));
    const afterAsk = world.fake.model.requestsOf(MARK.teammate)[2]!;
    assert.match(JSON.stringify(afterAsk.body), new RegExp(`Answer to ${String(toExpert.question)} from expert: ${EXPERT_ANSWER}`), 'the tool result Claude Code got carries the answer');
    assert.ok(journal.some((e) => e.type === 'task:status-reported' && e.task === 'ask-teammate' && e.progress === 10));
    assert.ok(journal.some((e) => e.type === 'task:succeeded' && e.task === 'ask-teammate'));
    assert.ok(journal.some((e) => e.type === 'task:succeeded' && e.task === 'independent'), 'independent work finished while the question waited');
    const parked = journal.find((e) => e.type === 'task:waiting' && e.task === 'ask-person')!;
    assert.ok(parked.sessionId, 'the parked attempt keeps its Claude Code session');

    const toPerson = journal.find((e) => e.type === 'question:asked' && e.task === 'ask-person')!;
    const answer = await world.baton(['answer', String(toPerson.question), PERSON_ANSWER, repo.root], env);
    assert.equal(answer.code, 0, answer.stdout + answer.stderr);
    const second = await world.baton(['resume', repo.root], env);
    assert.equal(second.code, 0, second.stdout + second.stderr);

    journal = readJournal(repo.root);
    assert.ok(journal.some((e) => e.type === 'run:completed'));
    const log = fs.readFileSync(String(journal.filter((e) => e.type === 'task:started' && e.task === 'ask-person').pop()!.logFile), 'utf8');
    assert.match(log, new RegExp(`--resume ${String(parked.sessionId)}`), 'the second attempt resumes the parked session');
    const resumed = world.fake.model.requestsOf(MARK.person).find((r) => r.answered === '2')!;
    assert.ok(userTextOf(resumed.body).includes(PERSON_ANSWER), 'the resumed session is told the answer');
    assert.equal(integrationFile(repo, 'talk', 'src/person.txt'), 'dark mode on');
    assert.equal(integrationFile(repo, 'talk', 'src/teammate.txt'), 'the expert answered');
  });
});
