import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { confineArtifacts, missingHandoffArtifacts } from '../../../src/engine/coordination/handoffArtifacts';
import { buildHandoff, handoffMessages, teamOfTask } from '../../../src/engine/coordination/handoffPackage';
import { agent, task, team, workspaceWith } from './fixtures';

describe('coordination/handoffPackage', () => {
  const design = task('design', 1, [], { type: 'ui design', assignee: 'drew', acceptanceCriteria: ['Every field has a label'], checklist: [{ item: 'spec written', verify: ['test', '-f', 'docs/spec.md'] }, { item: 'PM agreed' }] });
  const diffStat = { files: [{ path: 'docs/spec.md', status: 'A' as const, insertions: 10, deletions: 0 }], insertions: 10, deletions: 0 };

  it('builds the package the review panel reads, in its exact field names', () => {
    const pkg = buildHandoff({
      task: design, agent: 'drew', attempt: 2, result: { summary: 'Spec done.', knownIssues: ['no dark mode'] }, artifacts: ['docs/spec.md'],
      checklist: [{ item: 'spec written', verify: ['test', '-f', 'docs/spec.md'], passed: true }, { item: 'PM agreed' }], diffStat, notes: [], commit: 'c2', base: 'b0',
    });
    assert.deepEqual(pkg, {
      task: 'design', agent: 'drew', attempt: 2, summary: 'Spec done.', notes: [], knownIssues: ['no dark mode'], artifacts: ['docs/spec.md'],
      acceptanceCriteria: ['Every field has a label'],
      checklist: [{ item: 'spec written', verify: ['test', '-f', 'docs/spec.md'], passed: true }, { item: 'PM agreed' }],
      diffStat, commit: 'c2', base: 'b0',
    });
    const unverified = buildHandoff({ task: design, agent: 'drew', attempt: 1, result: { summary: '' }, artifacts: [], checklist: [], diffStat, notes: [] });
    assert.deepEqual(unverified.checklist, [{ item: 'spec written', verify: ['test', '-f', 'docs/spec.md'] }, { item: 'PM agreed' }]);
  });

  it('keeps a huge diff journal-sized: totals kept, files listed up to a bound, with a note', () => {
    const files = Array.from({ length: 2000 }, (_, i) => ({ path: `gen/f${i}.ts`, status: 'A' as const, insertions: 1, deletions: 0 }));
    const pkg = buildHandoff({ task: design, agent: 'drew', attempt: 1, result: { summary: 'x'.repeat(50_000) }, artifacts: [], checklist: [], diffStat: { files, insertions: 2000, deletions: 0 }, notes: [] });
    assert.equal(pkg.diffStat.files.length, 500);
    assert.equal(pkg.diffStat.insertions, 2000);
    assert.deepEqual(pkg.notes, ['the diff touches 2000 files; the first 500 are listed']);
    assert.ok(JSON.stringify(pkg).length < 100_000);
  });

  it('addresses seed 000 messages: cross_team_handoff per other team, status_update to its own', () => {
    const ws = workspaceWith([
      team('design', ['drew'], { orchestrator: { agent: 'design-lead', location: design.location } }),
      team('eng', ['morgan']), team('qa', ['quinn']),
    ], ['drew', 'morgan', 'quinn'].map((n) => agent(n)));
    const tasks = [design, task('api', 1, ['design'], { assignee: 'morgan' }), task('tests', 1, ['design'], { team: 'qa' }), task('copy', 1, ['design'], { assignee: 'drew' }), task('other', 1)];
    assert.equal(teamOfTask(ws, ['design', 'eng', 'qa'], design, 'drew'), 'design');
    const pkg = buildHandoff({ task: design, agent: 'drew', attempt: 1, result: { summary: 'Spec done.\nDetails.', knownIssues: ['no dark mode'] }, artifacts: ['docs/spec.md', 'src/x.ts'], checklist: [{ item: 'spec written', passed: true }, { item: 'PM agreed' }], diffStat, notes: [] });
    const messages = handoffMessages(ws, tasks, ['design', 'eng', 'qa'], pkg, design, 'completed', '2025-01-13T09:00:00.000Z');
    assert.deepEqual(messages.map((m) => [m.message_type, m.target_orchestrator, m.targets]), [
      ['cross_team_handoff', 'eng', ['api']], ['cross_team_handoff', 'qa', ['tests']], ['status_update', 'design-lead', ['copy']],
    ]);
    const cross = messages[0]!;
    assert.ok(cross.message_type === 'cross_team_handoff');
    assert.deepEqual([cross.source_orchestrator, cross.handoff_type, cross.deliverable], ['design-lead', 'ui_design_ready', {
      id: 'design', artifacts: ['docs/spec.md', 'src/x.ts'], features: ['design'], documentation: ['docs/spec.md'], test_requirements: ['Every field has a label'],
    }]);
    assert.deepEqual(cross.handoff_checklist, { 'spec written': true, 'PM agreed': null });
    const update = messages[2]!;
    assert.ok(update.message_type === 'status_update');
    assert.deepEqual([update.source_agent, update.status, update.progress_percentage, update.completed_work, update.blockers], ['drew', 'completed', 100, ['Spec done.'], ['no dark mode']]);
  });
});

describe('coordination/handoffArtifacts', () => {
  it('confines reported artifacts to the worktree', () => {
    const wt = path.join(os.tmpdir(), 'wt');
    assert.deepEqual(confineArtifacts(['docs/a.md', './docs/a.md', `${wt}/src/b.ts`, '../escape.txt', '/etc/passwd', '', 'docs/../../x'], wt), {
      kept: ['docs/a.md', 'src/b.ts'], dropped: ['../escape.txt', '/etc/passwd', 'docs/../../x'],
    });
  });

  it('names declared handoff artifacts that were not delivered: paths must exist, names must be reported', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-artifacts-'));
    try {
      fs.mkdirSync(path.join(dir, 'db'));
      fs.writeFileSync(path.join(dir, 'db', 'schema.sql'), '');
      const missing = await missingHandoffArtifacts(['db/schema.sql', 'db/seed.sql', 'migration_script', 'api_contract', '../outside.md'], dir, ['db/migration_script.sql']);
      assert.deepEqual(missing, ['db/seed.sql', 'api_contract', '../outside.md']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
