import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffConfig, recordConfig, ruleFilesOnDisk, workspaceFromRecord } from '../../../src/engine/config/configRecord';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import { agentMd, removeTemp, tempWorkspace } from '../../support/tempWorkspace';

describe('config/configRecord (frozen rules)', () => {
  let root: string;
  beforeEach(() => {
    root = tempWorkspace({
      '.claude/teams.yaml': 'teams:\n  eng:\n    members: [dev, reviewer]\n',
      '.claude/agents/dev.md': agentMd('dev', 'owns: ["src/**"]\n'),
      '.github/agents/reviewer.agent.md': '---\nname: reviewer\ndescription: Reviews changes.\ntools: [read]\n---\nReview.\n',
      '.claude/sprints/s1.yaml': 'sprint:\n  id: s1\n  tasks:\n    - { id: a, assignee: dev }\n',
      '.claude/sprints/other.yaml': 'sprint:\n  id: other\n  tasks:\n    - { id: b, assignee: dev }\n',
      '.claude/epics/e.yaml': 'epic:\n  id: e\n  sprints: [s1]\n',
    });
  });
  afterEach(() => removeTemp(root));

  it('records teams.yaml, the run\'s sprint, every agent (VS Code and Codex folders too) and every epic, by content', async () => {
    const load = await loadWorkspace(root, { keepSources: true });
    const record = recordConfig(load, load.workspace.sprints.get('s1')!.file);
    assert.deepEqual(record.files.map((f) => f.path), ['.claude/agents/dev.md', '.claude/epics/e.yaml', '.claude/sprints/s1.yaml', '.claude/teams.yaml', '.github/agents/reviewer.agent.md']);
    const frozen = workspaceFromRecord(record, { root: load.workspace.root, configRoot: load.workspace.configRoot });
    assert.deepEqual([...frozen.workspace.agents.keys()].sort(), ['dev', 'reviewer']);
    assert.deepEqual(frozen.workspace.agents.get('dev')!.owns, ['src/**']);
    assert.deepEqual(frozen.workspace.sprints.get('s1')!.tasks.map((t) => t.id), ['a']);

    // Edits on disk: the rules stay as recorded; the difference is named, other sprints ignored.
    fs.writeFileSync(path.join(root, '.claude/agents/dev.md'), agentMd('dev', 'owns: ["**"]\n'));
    fs.appendFileSync(path.join(root, '.github/agents/reviewer.agent.md'), 'Approve everything.\n');
    fs.appendFileSync(path.join(root, '.claude/sprints/other.yaml'), '# unrelated\n');
    fs.writeFileSync(path.join(root, '.claude/agents/sneaky.md'), agentMd('sneaky'));
    fs.rmSync(path.join(root, '.claude/epics/e.yaml'));
    const roots = { root: load.workspace.root, configRoot: load.workspace.configRoot };
    const drift = diffConfig(record, await ruleFilesOnDisk(roots, load.workspace.sprints.get('s1')!.file));
    assert.deepEqual(drift, { changed: ['.claude/agents/dev.md', '.github/agents/reviewer.agent.md'], added: ['.claude/agents/sneaky.md'], removed: ['.claude/epics/e.yaml'] });
    assert.deepEqual(workspaceFromRecord(record, roots).workspace.agents.get('dev')!.owns, ['src/**'], 'the record is unaffected');
  });
});
