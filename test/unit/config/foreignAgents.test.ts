import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import { runnerFor } from '../../../src/engine/runners/runnerRegistry';
import { makeTask } from '../runners/runnerHarness';
import { removeTemp, tempWorkspace } from '../../support/tempWorkspace';

/** VS Code's `.github/agents/*.agent.md` and Codex's `.codex/agents/*.toml`, loaded as Baton agents. */
describe('config: agent files in VS Code and Codex formats', () => {
  const FIXTURE = resolve(__dirname, '../../fixtures/foreign-agents');

  it('loads files shaped like public ones, mapping names, tools, models, sandboxes and instructions', async () => {
    const { workspace, diagnostics } = await loadWorkspace(FIXTURE);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    const agent = (name: string) => workspace.agents.get(name)!;
    // VS Code: the name defaults to the file name; built-in tools become Claude Code's.
    assert.equal(agent('pr-reviewer').runner, 'claude-code');
    assert.deepEqual(agent('pr-reviewer').tools, ['Read', 'Grep', 'Glob']);
    assert.match(agent('pr-reviewer').body, /^You review changes; you never edit files\./);
    assert.deepEqual(agent('Code-Reviewer').tools, ['Read', 'Grep', 'Glob', 'Task'], 'MCP tools dropped, with a warning');
    assert.equal(agent('speckit.plan').description, 'Turn a feature spec into an implementation plan with research, data model and contracts.');
    // Codex: runs on codex; developer_instructions are the body; sandbox_mode is the permission mode.
    assert.equal(agent('code-reviewer').runner, 'codex');
    assert.equal(agent('code-reviewer').model, 'gpt-5.4');
    assert.equal(agent('code-reviewer').frontmatter.permissionMode, 'plan');
    assert.equal(agent('backend-developer').frontmatter.permissionMode, 'acceptEdits');
    assert.match(agent('backend-developer').body, /^Implement only the assigned backend slice\./);
  });

  it('says which keys have no effect in Baton, on the key', async () => {
    const { diagnostics } = await loadWorkspace(FIXTURE);
    const warnings = diagnostics.filter((d) => d.code === 'agent-key-no-effect').map((d) => `${d.file.split('foreign-agents/')[1]}:${d.range.line} ${d.message.split(':')[0]}`);
    assert.deepEqual(warnings.sort(), [
      '.github/agents/pr-reviewer.agent.md:4 `user-invocable` has no effect when Baton runs this agent',
      '.github/agents/quality/Code-Reviewer.agent.md:4 In `tools`, `quality-tools/clean-code-scorer`, `quality-tools/hygiene-analyzer`, `symbols/find_symbol`, `sequentialthinking/*`, `custom-agent` have no effect when Baton runs this agent',
      '.github/agents/speckit.plan.agent.md:3 `handoffs` has no effect when Baton runs this agent',
    ]);
  });

  it("runs them with what they declare: Claude Code restricted to the mapped tools, codex with the file's sandbox and effort", async () => {
    const { workspace } = await loadWorkspace(FIXTURE);
    const input = (name: string) => ({ agent: workspace.agents.get(name)!, task: makeTask(), prompt: 'p', promptFile: '/p', worktree: '/w', workspaceRoot: '/r' });
    const claude = runnerFor('claude-code').prepare(input('pr-reviewer')).args;
    assert.deepEqual(claude.slice(claude.indexOf('--tools'), claude.indexOf('--tools') + 4), ['--tools', 'Read,Grep,Glob', '--allowedTools', 'Read,Grep,Glob']);
    const codex = runnerFor('codex').prepare(input('code-reviewer')).args;
    assert.deepEqual(codex.slice(0, 10), ['exec', '--json', '--sandbox', 'read-only', '-c', 'approval_policy="never"', '-c', 'model_reasoning_effort="high"', '--model', 'gpt-5.4']);
  });

  it('reports broken files with their line: bad TOML, missing required keys, a Baton key of the wrong type', async () => {
    const root = tempWorkspace({
      '.claude/teams.yaml': 'teams:\n  t:\n    members: [ok]\n',
      '.codex/agents/ok.toml': 'name = "ok"\ndescription = "fine"\ndeveloper_instructions = "Do it."\n',
      '.codex/agents/broken.toml': 'name = "broken"\ndescription = \n',
      '.codex/agents/incomplete.toml': 'name = "incomplete"\nsandbox_mode = "everything"\nowns = "src/**"\n',
      '.github/agents/twice.agent.md': '---\nname: ok\ndescription: same name as the codex agent\n---\nbody\n',
      '.github/agents/notes.md': 'not an agent: only *.agent.md files are',
    });
    try {
      const { workspace, diagnostics } = await loadWorkspace(root);
      const at = (file: string) => diagnostics.filter((d) => d.file.endsWith(file)).map((d) => `${d.range.line} ${d.severity} ${d.code}`);
      assert.deepEqual(at('broken.toml'), ['2 error toml-syntax']);
      assert.deepEqual(at('incomplete.toml').sort(), ['1 error missing-key', '1 error missing-key', '2 warning bad-enum', '3 error wrong-type'], 'codex itself refuses a file without description or developer_instructions');
      assert.ok(at('twice.agent.md').includes('2 error duplicate-agent-name'));
      assert.equal([...workspace.agents.keys()].includes('notes'), false);
    } finally {
      removeTemp(root);
    }
  });
});
