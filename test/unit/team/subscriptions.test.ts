import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import { agentMd, removeTemp, tempWorkspace } from '../../support/tempWorkspace';

/** Loads a workspace whose engineering team subscribes with `subs` (YAML under `subscriptions:`). */
async function load(subs: string) {
  const root = tempWorkspace({
    '.claude/teams.yaml': `teams:\n  eng:\n    members: [dev]\n    subscriptions:\n${subs}\n  qa:\n    members: [tester]\n`,
    '.claude/agents/dev.md': agentMd('dev'),
    '.claude/agents/tester.md': agentMd('tester'),
  });
  try {
    const result = await loadWorkspace(root);
    return { team: result.workspace.teams.get('eng')!, diagnostics: result.diagnostics.map((d) => `${path.relative(root, d.file)}:${d.range.line}:${d.range.column} ${d.severity} ${d.code}: ${d.message}`) };
  } finally {
    removeTemp(root);
  }
}

describe('team subscriptions: schema, resolution and diagnostics', () => {
  it('reads bare names as notify, objects with their action inferred, templates with defaults', async () => {
    const { team, diagnostics } = await load([
      '      - qa_testing_completed',
      '      - event: bug_discovered',
      '        task: { title: "Fix: {data.title}", assignee: dev }',
      '      - { event: deployment_completed, command: "npm run smoke", timeout: 30 }',
      '      - event: critical_bug_discovered',
      '        action: task',
      '        critical: true',
      '        pause: true',
      '        task: { title: Hotfix, priority: high }',
    ].join('\n'));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(team.subscriptions.map((s) => [s.event, s.action, s.critical, s.pause]), [
      ['qa_testing_completed', 'notify', false, false], ['bug_discovered', 'task', false, false],
      ['deployment_completed', 'command', false, false], ['critical_bug_discovered', 'task', true, true],
    ]);
    const bug = team.subscriptions[1]!.task!;
    assert.deepEqual([bug.title, bug.type, bug.priority, bug.assignee, bug.blocksSource], ['Fix: {data.title}', 'bug', 'high', 'dev', true]);
    assert.deepEqual(team.subscriptions[2]!.command, ['npm', 'run', 'smoke']);
    assert.equal(team.subscriptions[2]!.timeoutSeconds, 30);
  });

  it('reports an action without what it needs, keys that have no effect, unknown events and assignees outside the team', async () => {
    const { diagnostics } = await load([
      '      - { event: bug_discovered, action: task }',
      '      - { event: deployment_completed, action: command }',
      '      - { event: release_approved, task: { title: x }, action: notify, timeout: 5 }',
      '      - { event: bug_discovered, critical: true }',
      '      - { event: bug_discovered, pause: true, task: { title: y, assignee: tester } }',
      '      - { event: bug_discoverd }',
    ].join('\n'));
    assert.deepEqual(diagnostics.map((d) => d.replace(/: .*/, '')), [
      '.claude/teams.yaml:5:9 error subscription-incomplete',
      '.claude/teams.yaml:6:9 error subscription-incomplete',
      '.claude/teams.yaml:7:36 warning subscription-no-effect',
      '.claude/teams.yaml:7:72 warning subscription-no-effect',
      '.claude/teams.yaml:8:34 warning subscription-no-effect',
      '.claude/teams.yaml:9:34 warning subscription-no-effect',
      '.claude/teams.yaml:9:75 error assignee-not-in-team',
      '.claude/teams.yaml:10:18 error unknown-event',
    ]);
    assert.match(diagnostics[7]!, /Did you mean `bug_discovered`\?/);
    assert.match(diagnostics[2]!, /`task` has no effect here: the action is `notify`/);
    assert.match(diagnostics[4]!, /`critical` has no effect here: an emergency needs a response task/);
  });
});
