import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import type { Diagnostic } from '../../../src/engine/model/diagnostic';
import { agentMd, removeTemp, tempWorkspace } from '../../support/tempWorkspace';

const TEAMS = `teams:
  eng:
    members:
      - agent: dev
        capacity: 2
        specialties: [backend]
      - lead
`;

function base(extra: Record<string, string> = {}): Record<string, string> {
  return { '.claude/teams.yaml': TEAMS, '.claude/agents/dev.md': agentMd('dev'), '.claude/agents/lead.md': agentMd('lead'), ...extra };
}

async function diagnose(files: Record<string, string>): Promise<{ list: Diagnostic[]; rel: (d: Diagnostic) => string }> {
  const root = tempWorkspace(files);
  try {
    const result = await loadWorkspace(root);
    return { list: result.diagnostics, rel: (d) => `${path.relative(root, d.file)}:${d.range.line}:${d.range.column}-${d.range.endLine}:${d.range.endColumn} ${d.code}` };
  } finally {
    removeTemp(root);
  }
}

async function expectOnly(files: Record<string, string>, expected: string[]): Promise<Diagnostic[]> {
  const { list, rel } = await diagnose(files);
  assert.deepEqual(list.map(rel), expected, list.map((d) => `${rel(d)} ${d.message}`).join('\n'));
  return list;
}

const sprint = (tasks: string, header = '') => `sprint:\n  id: s1\n${header}  tasks:\n${tasks}`;

describe('loader diagnostics: codes and exact ranges', () => {
  it('accepts a clean workspace with no diagnostics', async () => {
    await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - id: a\n      assignee: dev\n    - id: b\n      assignee: lead\n      dependencies: [a]\n') }), []);
  });

  it('yaml-syntax at the line of the error', async () => {
    const [d] = await expectOnly(base({ '.claude/sprints/s1.yaml': 'sprint:\n  id: s1\n  tasks: [a\n' }), ['.claude/sprints/s1.yaml:3:10-3:11 yaml-syntax']);
    assert.match(d!.message, /YAML syntax error/);
  });

  it('missing-key points at the object that lacks it', async () => {
    const [d] = await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - title: no id\n      assignee: dev\n') }), ['.claude/sprints/s1.yaml:4:7-4:12 missing-key']);
    assert.match(d!.message, /missing the required key `id`/);
  });

  it('wrong-type points at the value', async () => {
    const [d] = await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - id: a\n      assignee: dev\n      estimate: lots\n') }), ['.claude/sprints/s1.yaml:6:17-6:21 wrong-type']);
    assert.match(d!.message, /must be a number/);
  });

  it('unknown-key with did-you-mean and a rename fix', async () => {
    const [d] = await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - id: a\n      assignee: dev\n      prority: high\n') }), ['.claude/sprints/s1.yaml:6:7-6:14 unknown-key']);
    assert.match(d!.message, /Did you mean `priority`\?/);
    assert.equal(d!.fix?.edits[0]?.newText, 'priority');
  });

  it('bad-enum with did-you-mean', async () => {
    const [d] = await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - id: a\n      assignee: dev\n      priority: hgh\n') }), ['.claude/sprints/s1.yaml:6:17-6:20 bad-enum']);
    assert.match(d!.message, /critical, high, medium, low; got `hgh`. Did you mean `high`\?/);
  });

  it('capacity-below-one for capacity and max_parallel_agents', async () => {
    await expectOnly(base({ '.claude/teams.yaml': 'teams:\n  eng:\n    max_parallel_agents: 0\n    members:\n      - agent: dev\n        capacity: 0\n      - lead\n' }), [
      '.claude/teams.yaml:3:26-3:27 capacity-below-one',
      '.claude/teams.yaml:6:19-6:20 capacity-below-one',
    ]);
  });

  it('unknown-agent, unknown-team and unknown-task with suggestions', async () => {
    const list = await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - id: alpha\n      assignee: dve\n    - id: b\n      team: egn\n      dependencies: [alpah]\n') }), [
      '.claude/sprints/s1.yaml:5:17-5:20 unknown-agent',
      '.claude/sprints/s1.yaml:7:13-7:16 unknown-team',
      '.claude/sprints/s1.yaml:8:22-8:27 unknown-task',
    ]);
    assert.deepEqual(list.map((d) => d.data?.suggestion), ['dev', 'eng', 'alpha']);
  });

  it('dependency-cycle on each edge of the cycle, with the path', async () => {
    const list = await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - id: a\n      assignee: dev\n      dependencies: [c]\n    - id: b\n      assignee: dev\n      dependencies: [a]\n    - id: c\n      assignee: dev\n      dependencies: [b]\n') }), [
      '.claude/sprints/s1.yaml:6:22-6:23 dependency-cycle',
      '.claude/sprints/s1.yaml:9:22-9:23 dependency-cycle',
      '.claude/sprints/s1.yaml:12:22-12:23 dependency-cycle',
    ]);
    for (const d of list) assert.match(d.message, /a → c → b → a/);
  });

  it('self-dependency', async () => {
    await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - id: a\n      assignee: dev\n      dependencies: [a]\n') }), ['.claude/sprints/s1.yaml:6:22-6:23 self-dependency']);
  });

  it('duplicate-task-id points at the second id', async () => {
    await expectOnly(base({ '.claude/sprints/s1.yaml': sprint('    - id: a\n      assignee: dev\n    - id: a\n      assignee: dev\n') }), ['.claude/sprints/s1.yaml:6:11-6:12 duplicate-task-id']);
  });

  it('duplicate-sprint-id in both files', async () => {
    await expectOnly(base({
      '.claude/sprints/one.yaml': sprint('    - id: a\n      assignee: dev\n'),
      '.claude/sprints/two.yaml': sprint('    - id: b\n      assignee: lead\n'),
    }), ['.claude/sprints/one.yaml:2:7-2:9 duplicate-sprint-id', '.claude/sprints/two.yaml:2:7-2:9 duplicate-sprint-id']);
  });

  it('duplicate-agent-name in both files', async () => {
    await expectOnly(base({ '.claude/agents/dev-copy.md': agentMd('dev') }), ['.claude/agents/dev-copy.md:2:7-2:10 duplicate-agent-name', '.claude/agents/dev.md:2:7-2:10 duplicate-agent-name']);
  });

  it('agent-no-frontmatter and agent-missing-name', async () => {
    await expectOnly(base({ '.claude/agents/plain.md': '# Just notes\n', '.claude/agents/noname.md': '---\ndescription: x\n---\nbody\n' }), [
      '.claude/agents/noname.md:2:1-2:15 agent-missing-name',
      '.claude/agents/plain.md:1:1-1:13 agent-no-frontmatter',
    ]);
  });

  it('duplicate-member and unknown-event', async () => {
    await expectOnly(base({ '.claude/teams.yaml': 'teams:\n  eng:\n    members: [dev, lead, dev]\n    subscriptions: [qa_testing_complete]\n' }), [
      '.claude/teams.yaml:3:26-3:29 duplicate-member',
      '.claude/teams.yaml:4:21-4:40 unknown-event',
    ]);
  });

  it('unused-agent, agent-missing-description and agent-unknown-key are warnings', async () => {
    const list = await expectOnly(base({ '.claude/agents/idle.md': '---\nname: idle\ncolour: red\n---\nx\n' }), [
      '.claude/agents/idle.md:2:7-2:11 unused-agent',
      '.claude/agents/idle.md:2:1-2:5 agent-missing-description',
      '.claude/agents/idle.md:3:1-3:7 agent-unknown-key',
    ].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    assert.ok(list.every((d) => d.severity === 'warning'));
  });

  it('reads frontmatter that strict YAML rejects, with a warning', async () => {
    const root = tempWorkspace(base({ '.claude/agents/lib.md': '---\nname: lib\ndescription: Use this agent when: reviewing code\nContext: user: "hi"\ntools: Read, Grep\n---\nbody\n', '.claude/teams.yaml': TEAMS.replace('      - lead\n', '      - lead\n      - lib\n') }));
    try {
      const result = await loadWorkspace(root);
      assert.deepEqual(result.diagnostics.map((d) => `${d.range.line} ${d.code} ${d.severity}`), ['3 agent-frontmatter-lenient warning']);
      const agent = result.workspace.agents.get('lib')!;
      assert.equal(agent.description, 'Use this agent when: reviewing code\nContext: user: "hi"');
      assert.deepEqual(agent.tools, ['Read', 'Grep']);
    } finally {
      removeTemp(root);
    }
  });

  it('agent-runner-incomplete, script-not-found and path-outside-workspace', async () => {
    await expectOnly(base({
      '.claude/teams.yaml': 'teams:\n  eng:\n    members: [dev, lead, a1, a2, a3]\n',
      '.claude/agents/a1.md': agentMd('a1', 'runner: command\n'),
      '.claude/agents/a2.md': agentMd('a2', 'runner: script\nscript: scripts/missing.sh\n'),
      '.claude/agents/a3.md': agentMd('a3', 'runner: script\nscript: ../../etc/passwd\n'),
    }), [
      '.claude/agents/a1.md:4:9-4:16 agent-runner-incomplete',
      '.claude/agents/a2.md:5:9-5:27 script-not-found',
      '.claude/agents/a3.md:5:9-5:25 path-outside-workspace',
    ]);
  });

  it('unknown-sprint and unknown-epic between epics and sprints', async () => {
    await expectOnly(base({
      '.claude/sprints/s1.yaml': sprint('    - id: a\n      assignee: dev\n', '  epic: paymnts\n'),
      '.claude/epics/payments.yaml': 'epic:\n  id: payments\n  sprints: [s1, s9]\n',
    }), ['.claude/epics/payments.yaml:3:17-3:19 unknown-sprint', '.claude/sprints/s1.yaml:3:9-3:16 unknown-epic']);
  });

  it('a missing config folder throws WorkspaceNotFoundError, nothing else does', async () => {
    const root = tempWorkspace({ 'README.md': 'x' });
    try {
      await assert.rejects(loadWorkspace(root), { name: 'WorkspaceNotFoundError' });
    } finally {
      removeTemp(root);
    }
  });
});
