import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import type { Diagnostic, DiagnosticCode } from '../../../src/engine/model/diagnostic';
import type { LoadResult } from '../../../src/engine/model/workspace';

/**
 * The seed documents' own YAML, copied here verbatim, must load as written: no schema errors.
 * The seeds ship no agent files (and §9.2 names a `qa` team that §9.1 does not define), so
 * references to agents and teams that do not exist are expected and filtered out.
 */
const REFERENCE_CODES = new Set<DiagnosticCode>(['unknown-agent', 'unknown-team']);

async function loadFiles(files: Record<string, string>): Promise<{ result: LoadResult; schemaProblems: Diagnostic[]; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-seed-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      const full = path.join(dir, '.claude', file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
    }
    const result = await loadWorkspace(dir);
    return { result, schemaProblems: result.diagnostics.filter((d) => !REFERENCE_CODES.has(d.code)), dir };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Accepted = no errors and no warnings; info notes (e.g. a sync point that orders nothing) are fine. */
function assertAccepted(schemaProblems: Diagnostic[], dir: string): void {
  assert.deepEqual(
    schemaProblems.filter((d) => d.severity !== 'info').map((d) => `${path.relative(dir, d.file)}:${d.range.line}:${d.range.column} ${d.severity} ${d.code}: ${d.message}`),
    [],
  );
}

// Seed 003 §3.1 — bare agent names for orchestrators and members.
const SEED_003_3_1_TEAMS = `teams:
  product:
    orchestrator: product-director
    members:
      - product-manager
      - business-analyst
      - data-scientist
      - market-researcher
    capabilities:
      - requirements_gathering
      - market_analysis
      - user_story_creation
      - acceptance_criteria
      
  engineering:
    orchestrator: engineering-director
    members:
      - tech-lead
      - fullstack-eng
      - ux-eng
      - api-engineer
      - test-engineer
      - doc-writer
    capabilities:
      - technical_design
      - implementation
      - code_review
      - testing
      
  qa:
    orchestrator: qa-director
    members:
      - qa-engineer
      - qa-analyst
      - performance-tester
    capabilities:
      - test_planning
      - test_execution
      - bug_reporting
      - regression_testing
      
  devops:
    orchestrator: devops-manager
    members:
      - ci-cd-engineer
      - infra-engineer
      - release-manager
    capabilities:
      - deployment
      - infrastructure
      - monitoring
      - release_management
`;

// Seed 003 §9.1.
const SEED_003_9_1_TEAMS = `# .claude/teams.yaml
teams:
  engineering:
    orchestrator:
      agent: engineering-orchestrator
      model: opus
      max_parallel_agents: 5
    members:
      - agent: tech-lead
        capacity: 1
        specialties: [architecture, review]
      - agent: fullstack-eng
        capacity: 3
        specialties: [frontend, backend]
      - agent: ux-eng
        capacity: 2
        specialties: [ui, responsive]
    settings:
      auto_assign: true
      require_review: true
      worktree_strategy: sprint_level
`;

// Seed 003 §9.2.
const SEED_003_9_2_SPRINT = `# .claude/sprints/sprint-3.yaml
sprint:
  id: sprint-3
  epic: authentication-system
  duration: 14
  teams: [engineering, qa]
  goals:
    - Complete OAuth implementation
    - Add 2FA support
    - Achieve 90% test coverage
  tasks:
    - id: task-oauth
      type: feature
      priority: high
      estimate: 5
      dependencies: []
    - id: task-2fa
      type: feature
      priority: medium
      estimate: 3
      dependencies: [task-oauth]
  success_criteria:
    - All tests passing
    - Security review complete
    - Documentation updated
`;

// Seed 003 §3.2 — an orchestrator agent's frontmatter, with Claude Code's tool patterns.
const SEED_003_3_2_AGENT = `---
name: engineering-orchestrator
description: Engineering team orchestrator responsible for sprint management, task delegation, and team coordination. MUST BE USED when starting engineering sprints or managing engineering team.
tools: Task, Read, Write, Bash(git:*), TodoWrite, mcp__state__*
model: opus
---

# Purpose

You are the Engineering Director orchestrator, responsible for managing the engineering team's sprint execution, task delegation, and cross-team coordination.
`;

/** Seed 004's configuration blocks, verbatim, each wrapped into a sprint (with tasks where the block needs some). */
const SEED_004_BLOCKS: Record<string, string> = {
  'pattern 1: parallel independent': `sprint:
  id: pattern-1
  tasks:
    - { id: backend-api, assignee: fastapi-backend-expert }
    - { id: frontend-components, assignee: react-frontend-architect }
  parallel_execution: true
  max_concurrent: 2
`,
  'pattern 2: sequential handoff': `sprint:
  id: pattern-2
  tasks:
    - { id: migration, assignee: fastapi-backend-expert }
    - { id: api-update, assignee: fastapi-backend-expert, dependencies: [migration] }
    - { id: frontend-integration, assignee: react-frontend-architect, dependencies: [api-update] }
  parallel_execution: false
  handoff_artifacts:
    - "migration_script"
    - "updated_schema"
    - "api_contract"
`,
  'pattern 3: parallel with sync points': `sprint:
  id: pattern-3
  tasks:
    - { id: websocket-endpoint, assignee: fastapi-backend-expert }
    - { id: websocket-client, assignee: react-frontend-architect }
  parallel_execution: true
  sync_points:
    - "API contract definition"
    - "Type synchronization"
    - "Integration testing"
`,
  'pattern 4: primary with reviewers': `sprint:
  id: pattern-4
  tasks:
    - { id: payment-processing, title: Implement payment processing }
  primary_agent: "fastapi-backend-expert"
  reviewer_agents:
    - "architecture-guardian"
    - "pytest-test-master"
  parallel_execution: true  # Reviews happen in parallel
`,
  'pattern 5: incremental with validation': `sprint:
  id: pattern-5
  phases:
    - name: "users_module"
      agent: "fastapi-backend-expert"
      validator: "pytest-test-master"
    - name: "tasks_module"
      agent: "fastapi-backend-expert"
      validator: "pytest-test-master"
  sequential: true  # Only proceed if validation passes
`,
  'pattern 6: fan-out / fan-in': `sprint:
  id: pattern-6
  fan_out:
    agent: "fastapi-backend-expert"
    tasks:
      - "api_gateway"
      - "user_service"
      - "task_service"
    parallel: true
  fan_in:
    agent: "pytest-test-master"
    task: "integration_testing"
`,
  'pattern 7: conditional branching': `sprint:
  id: pattern-7
  conditional_logic:
    analyzer: "architecture-guardian"
    branches:
      - condition: "high_complexity"
        agent: "codebase-cleaner"
      - condition: "simple_cleanup"
        agent: "comment-cleaner"
`,
};

/** What each seed-004 block compiles to: task id ← dependencies. */
const SEED_004_TASKS: Record<string, string[]> = {
  'pattern 1: parallel independent': ['backend-api <- ', 'frontend-components <- '],
  'pattern 2: sequential handoff': ['migration <- ', 'api-update <- migration', 'frontend-integration <- api-update'],
  'pattern 3: parallel with sync points': ['websocket-endpoint <- ', 'websocket-client <- '],
  'pattern 4: primary with reviewers': [
    'payment-processing <- ',
    'payment-processing--review-architecture-guardian <- payment-processing',
    'payment-processing--review-pytest-test-master <- payment-processing',
  ],
  'pattern 5: incremental with validation': ['users_module <- ', 'users_module--validate <- users_module', 'tasks_module <- users_module--validate', 'tasks_module--validate <- tasks_module'],
  'pattern 6: fan-out / fan-in': ['api_gateway <- ', 'user_service <- ', 'task_service <- ', 'integration_testing <- api_gateway,user_service,task_service'],
  'pattern 7: conditional branching': ['analysis <- ', 'high_complexity <- analysis', 'simple_cleanup <- analysis'],
};

describe('seed documents\' YAML, as written', () => {
  it('seed 003 §3.1 teams (bare agent names)', async () => {
    const { result, schemaProblems, dir } = await loadFiles({ 'teams.yaml': SEED_003_3_1_TEAMS });
    assertAccepted(schemaProblems, dir);
    const teams = result.workspace.teams;
    assert.deepEqual([...teams.keys()], ['product', 'engineering', 'qa', 'devops']);
    assert.equal(teams.get('engineering')!.orchestrator?.agent, 'engineering-director');
    assert.deepEqual(teams.get('qa')!.members.map((m) => [m.agent, m.capacity]), [['qa-engineer', 1], ['qa-analyst', 1], ['performance-tester', 1]]);
    assert.deepEqual(teams.get('devops')!.capabilities, ['deployment', 'infrastructure', 'monitoring', 'release_management']);
  });

  it('seed 003 §9.1 teams and §9.2 sprint', async () => {
    const { result, schemaProblems, dir } = await loadFiles({ 'teams.yaml': SEED_003_9_1_TEAMS, 'sprints/sprint-3.yaml': SEED_003_9_2_SPRINT });
    assertAccepted(schemaProblems, dir);
    const team = result.workspace.teams.get('engineering')!;
    assert.equal(team.maxParallelAgents, 5);
    assert.equal(team.orchestrator?.model, 'opus');
    assert.equal(team.worktreeStrategy, 'sprint_level');
    assert.equal(team.requireReview, true);
    assert.deepEqual(team.members.map((m) => `${m.agent}×${m.capacity}[${m.specialties.join(',')}]`), ['tech-lead×1[architecture,review]', 'fullstack-eng×3[frontend,backend]', 'ux-eng×2[ui,responsive]']);
    const sprint = result.workspace.sprints.get('sprint-3')!;
    assert.equal(sprint.epic, 'authentication-system');
    assert.equal(sprint.durationDays, 14);
    assert.deepEqual(sprint.tasks.map((t) => `${t.id}:${t.priority}:${t.estimate}<-${t.dependencies.join(',')}`), ['task-oauth:high:5<-', 'task-2fa:medium:3<-task-oauth']);
    assert.deepEqual(sprint.successCriteria.map((c) => c.name), ['All tests passing', 'Security review complete', 'Documentation updated']);
    // The only reference problem: §9.2 names team `qa`, which §9.1 does not define.
    assert.deepEqual(result.diagnostics.filter((d) => d.code === 'unknown-team').map((d) => d.data?.name), ['qa']);
  });

  it('seed 003 §3.2 orchestrator agent', async () => {
    const { result, dir } = await loadFiles({ 'agents/engineering-orchestrator.md': SEED_003_3_2_AGENT });
    assertAccepted(result.diagnostics, dir);
    const agent = result.workspace.agents.get('engineering-orchestrator')!;
    assert.deepEqual(agent.tools, ['Task', 'Read', 'Write', 'Bash(git:*)', 'TodoWrite', 'mcp__state__*']);
    assert.equal(agent.model, 'opus');
  });

  for (const [name, yaml] of Object.entries(SEED_004_BLOCKS)) {
    it(`seed 004 ${name}`, async () => {
      const { result, schemaProblems, dir } = await loadFiles({ [`sprints/${name.split(':')[0]!.replace(' ', '-')}.yaml`]: yaml });
      assertAccepted(schemaProblems, dir);
      const sprint = [...result.workspace.sprints.values()][0]!;
      assert.deepEqual(sprint.tasks.map((t) => `${t.id} <- ${t.dependencies.join(',')}`), SEED_004_TASKS[name]);
    });
  }

  it('seed 004 pattern 1/2: parallel_execution and max_concurrent cap the sprint', async () => {
    const one = (await loadFiles({ 'sprints/p.yaml': SEED_004_BLOCKS['pattern 1: parallel independent']! })).result;
    const two = (await loadFiles({ 'sprints/p.yaml': SEED_004_BLOCKS['pattern 2: sequential handoff']! })).result;
    assert.equal(one.workspace.sprints.get('pattern-1')!.maxParallel, 2);
    assert.equal(two.workspace.sprints.get('pattern-2')!.maxParallel, 1);
  });

  // A misspelt primary agent must be reported, or tasks would be assigned to nobody.
  it('reports an unknown `primary_agent` (seed 004 pattern 4)', async () => {
    const { result } = await loadFiles({ 'sprints/p4.yaml': SEED_004_BLOCKS['pattern 4: primary with reviewers']! });
    const unknown = result.diagnostics.filter((d) => d.code === 'unknown-agent').map((d) => `${d.range.line}:${d.range.column} ${String(d.data?.name)}`);
    assert.ok(unknown.includes('5:18 fastapi-backend-expert'), unknown.join('\n'));
  });
});
