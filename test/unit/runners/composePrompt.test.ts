import assert from 'node:assert/strict';
import { composePrompt } from '../../../src/engine/prompt/composePrompt';
import { analyzerOutcomes } from '../../../src/engine/prompt/analyzerOutcomes';
import { makeAgent, makeSprint, makeTask } from './runnerHarness';

describe('prompt/composePrompt', () => {
  const task = makeTask({
    id: 'task-api', title: 'Add the login endpoint', description: 'POST /login returning a session.', priority: 'critical', estimate: 5,
    dependencies: ['task-schema'], acceptanceCriteria: ['Returns 401 on a bad password', 'Sets an httpOnly cookie'],
    checklist: [{ item: 'Unit tests pass', verify: ['npm', 'test', '--', 'login'] }, { item: 'Endpoint documented' }],
    handoffArtifacts: ['docs/api/login.md'],
  });
  const agent = makeAgent({ body: 'You are the backend engineer.\n', owns: ['src/api/**'], forbidden: ['migrations/**'] });

  it('includes the instructions, the task, its criteria and checklist with verify commands', () => {
    const prompt = composePrompt({ agent, task, sprint: makeSprint([task]), handoffs: [] });
    assert.ok(prompt.startsWith('You are the backend engineer.\n\n## Your task\n\n**Add the login endpoint** (`task-api`, sprint `sprint-3`)'));
    assert.match(prompt, /- Priority: critical\n- Estimate: 5/);
    assert.match(prompt, /POST \/login returning a session\./);
    assert.match(prompt, /### Acceptance criteria\n\n- \[ \] Returns 401 on a bad password\n- \[ \] Sets an httpOnly cookie/);
    assert.match(prompt, /- \[ \] Unit tests pass — verified by `npm test -- login`\n- \[ \] Endpoint documented/);
    assert.match(prompt, /### Artifacts to hand off\n\n- docs\/api\/login\.md/);
    assert.match(prompt, /- You may change: `src\/api\/\*\*`\n- You must not change: `migrations\/\*\*`/);
    assert.match(prompt, /named by the `BATON_RESULT_FILE` environment variable/);
    assert.ok(!prompt.includes('`outcome`'), 'not an analyzer');
    assert.ok(!prompt.includes('## Handoffs'));
  });

  it('includes each upstream handoff: task, agent, quoted summary, artifacts, changed files, known issues', () => {
    const changedFiles = Array.from({ length: 55 }, (_, i) => `src/db/file${i}.ts`);
    const prompt = composePrompt({
      agent, task, sprint: makeSprint([task]),
      handoffs: [
        { task: 'task-schema', agent: 'db-eng', summary: 'Added the users table.\n## Not a heading', artifacts: ['docs/schema.md'], changedFiles, knownIssues: ['No index on email yet'] },
        { task: 'task-design', summary: '', artifacts: [] },
      ],
    });
    assert.match(prompt, /## Handoffs from upstream tasks/);
    assert.match(prompt, /### From `task-schema` \(db-eng\)\n\n> Added the users table\.\n> ## Not a heading/);
    assert.match(prompt, /\*\*Artifacts:\*\*\n\n- docs\/schema\.md/);
    assert.match(prompt, /- src\/db\/file49\.ts\n- … and 5 more/);
    assert.match(prompt, /\*\*Known issues:\*\*\n\n- No index on email yet/);
    assert.match(prompt, /### From `task-design`\n\n> \(no summary\)/);
  });

  it('adds the previous attempt and the reviewer comment when retrying', () => {
    const prompt = composePrompt({
      agent, task, sprint: makeSprint([task]), handoffs: [],
      previousAttempt: { attempt: 2, summary: 'Tried bcrypt.', reason: 'the process timed out after 600 s' },
      reviewComment: 'Use argon2, not bcrypt.',
    });
    assert.match(prompt, /## Previous attempt \(attempt 2\)\n\nIt did not succeed: the process timed out after 600 s\n\nWhat it reported:\n\n> Tried bcrypt\./);
    assert.match(prompt, /## Reviewer feedback\n\n.*\n\n> Use argon2, not bcrypt\./);
  });

  it('asks an analyzer for one of the outcomes its dependants branch on, and names the result file', () => {
    const analyze = makeTask({ id: 'analyze', kind: 'analysis', acceptanceCriteria: [] });
    const tasks = [
      analyze,
      makeTask({ id: 'fix-fast', condition: { task: 'analyze', outcomes: ['simple'] } }),
      makeTask({ id: 'redesign', condition: { task: 'analyze', outcomes: ['complex', 'simple'] } }),
    ];
    assert.deepEqual(analyzerOutcomes(analyze, makeSprint(tasks)), ['simple', 'complex']);
    const prompt = composePrompt({ agent, task: analyze, sprint: makeSprint(tasks), handoffs: [], resultFile: '/ws/.claude/state/r.json', includeInstructions: false });
    assert.ok(prompt.startsWith('## Your task'), 'instructions left to the runner');
    assert.match(prompt, /`outcome` \(required\): your conclusion, exactly one of `simple`, `complex`/);
    assert.match(prompt, /"outcome": "simple"/);
    assert.match(prompt, /to the file `\/ws\/\.claude\/state\/r\.json` \(also in the `BATON_RESULT_FILE` environment variable\)/);
  });
});
