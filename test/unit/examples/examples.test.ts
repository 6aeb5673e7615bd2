import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import { analyzeCriticalPath } from '../../../src/engine/graph/criticalPath';
import { TaskGraph } from '../../../src/engine/graph/taskGraph';
import { dependencyLevels, topologicalOrder } from '../../../src/engine/graph/topology';
import type { Diagnostic } from '../../../src/engine/model/diagnostic';
import type { LoadResult, Sprint, Task, Workspace } from '../../../src/engine/model/workspace';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function describeDiagnostics(root: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `  ${path.relative(root, d.file)}:${d.range.line}:${d.range.column} ${d.severity} ${d.code}: ${d.message}`).join('\n');
}

function onlySprint(ws: Workspace): Sprint {
  assert.equal(ws.sprints.size, 1, `expected one sprint, got ${[...ws.sprints.keys()].join(', ')}`);
  return [...ws.sprints.values()][0]!;
}

function taskMap(sprint: Sprint): Map<string, Task> {
  return new Map(sprint.tasks.map((t) => [t.id, t]));
}

/** The scripted agent's task-id → files map, read from its source (it is a script, not a module). */
function scriptedArtifacts(root: string): Map<string, string[]> {
  const text = fs.readFileSync(path.join(root, 'scripts/scripted-agent.mjs'), 'utf8');
  const block = /const ARTIFACTS = \{([\s\S]*?)\n\};/.exec(text);
  assert.ok(block, 'scripted-agent.mjs has an ARTIFACTS map');
  const map = new Map<string, string[]>();
  for (const m of block[1]!.matchAll(/'([^']+)':\s*\[([^\]]*)\]/g)) {
    map.set(m[1]!, [...m[2]!.matchAll(/'([^']+)'/g)].map((f) => f[1]!));
  }
  return map;
}

/** Files the scripted agent writes for a task: its work log plus any mapped artifacts. */
function filesWritten(artifacts: Map<string, string[]>, taskId: string): string[] {
  return [`work/${taskId}.md`, ...(artifacts.get(taskId) ?? [])];
}

/** Copies an example into a fresh git repository, as a user would before `baton run`. */
function gitCopy(example: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `baton-example-${path.basename(example)}-`));
  fs.cpSync(example, dir, { recursive: true, verbatimSymlinks: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Example Test', '-c', 'user.email=example@test.invalid', ...args], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
  git('init', '--quiet');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'example');
  return dir;
}

function runScripted(script: string, cwd: string, env: Record<string, string>): { status: number; stdout: string } {
  try {
    const stdout = execFileSync(process.execPath, [script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe', encoding: 'utf8' });
    return { status: 0, stdout };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { status: e.status, stdout: e.stdout };
  }
}

/**
 * Runs the scripted agent for every task that has a verifiable checklist, then runs each
 * `verify` command in the same tree: the examples' checklists must pass with the stand-in agent.
 */
function checkVerifiableTasks(root: string, sprint: Sprint): void {
  const repo = gitCopy(root);
  try {
    const script = path.join(root, 'scripts/scripted-agent.mjs');
    const withVerify = sprint.tasks.filter((t) => t.checklist.some((c) => c.verify));
    assert.ok(withVerify.length >= 3, 'a few tasks have checklist items with verify commands');
    for (const task of withVerify) {
      const resultFile = path.join(repo, '..', `${path.basename(repo)}-${task.id}.json`);
      const run = runScripted(script, repo, {
        BATON_TASK_ID: task.id,
        BATON_SPRINT_ID: sprint.id,
        BATON_AGENT: task.assignee ?? 'team-member',
        BATON_WORKTREE: repo,
        BATON_RESULT_FILE: resultFile,
        BATON_SCRIPTED_DELAY_MS: '0',
      });
      assert.equal(run.status, 0, run.stdout);
      const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { status: string; artifacts: string[] };
      fs.rmSync(resultFile);
      assert.equal(result.status, 'success');
      for (const item of task.checklist) {
        if (!item.verify) continue;
        const [cmd, ...args] = item.verify;
        assert.doesNotThrow(() => execFileSync(cmd!, args, { cwd: repo, stdio: 'pipe' }), `${task.id}: verify \`${item.verify.join(' ')}\` fails after the scripted agent ran`);
      }
    }
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

/** Every file the scripted agent writes for a task lies inside the `owns` globs of whoever may run it. */
function checkRoleBoundaries(result: LoadResult, root: string): void {
  const { workspace } = result;
  const artifacts = scriptedArtifacts(root);
  for (const sprint of workspace.sprints.values()) {
    for (const task of sprint.tasks) {
      if (task.kind === 'sync') continue;
      const candidates = task.assignee ? [task.assignee] : workspace.teams.get(task.team!)!.members.map((m) => m.agent);
      for (const name of candidates) {
        const agent = workspace.agents.get(name)!;
        if (agent.owns.length === 0) continue;
        const owns = picomatch(agent.owns);
        const forbidden = agent.forbidden.length ? picomatch(agent.forbidden) : () => false;
        for (const file of filesWritten(artifacts, task.id)) {
          assert.ok(owns(file) && !forbidden(file), `${task.id}: ${name} may not write ${file} (owns ${agent.owns.join(', ')})`);
        }
      }
    }
  }
}

function checkAgentsRunScripted(ws: Workspace, root: string): void {
  const script = path.join(root, 'scripts/scripted-agent.mjs');
  assert.ok(fs.statSync(script).mode & 0o111, 'scripted-agent.mjs is executable');
  assert.match(fs.readFileSync(script, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  for (const agent of ws.agents.values()) {
    assert.equal(agent.runner, 'script', agent.name);
    assert.equal(agent.script, script, agent.name);
    assert.ok(agent.description.length > 20, `${agent.name} has a description`);
    assert.ok(agent.body.trim().length > 80, `${agent.name} has instructions`);
    assert.ok(['opus', 'sonnet', 'haiku'].includes(agent.model ?? ''), `${agent.name} model`);
  }
  // Claude Code's formats side by side: comma-string and list `tools`, block-scalar descriptions.
  const frontmatters = [...ws.agents.values()].map((a) => a.frontmatter);
  assert.ok(frontmatters.some((f) => typeof f.tools === 'string'), 'some agent writes tools as a comma string');
  assert.ok(frontmatters.some((f) => Array.isArray(f.tools)), 'some agent writes tools as a YAML list');
  assert.ok(frontmatters.some((f) => typeof f.description === 'string' && f.description.trim().includes('\n')), 'some agent has a multi-line description');
}

describe('examples', () => {
  describe('ecommerce (seed 001)', () => {
    const root = path.join(EXAMPLES, 'ecommerce');
    let result: LoadResult;
    let sprint: Sprint;
    let tasks: Map<string, Task>;

    before(async () => {
      result = await loadWorkspace(root);
      sprint = onlySprint(result.workspace);
      tasks = taskMap(sprint);
    });

    it('loads with no diagnostics at all', () => {
      assert.equal(result.diagnostics.length, 0, `unexpected diagnostics:\n${describeDiagnostics(root, result.diagnostics)}`);
    });

    it('has the four teams of seed 001 with their orchestrators and capacities, plus the master', () => {
      const ws = result.workspace;
      const caps = Object.fromEntries([...ws.teams.values()].map((t) => [t.id, t.maxParallelAgents]));
      assert.deepEqual(caps, { platform: undefined, frontend: 5, backend: 5, devops: 4, testing: 3 });
      for (const id of ['frontend', 'backend', 'devops', 'testing']) {
        const team = ws.teams.get(id)!;
        assert.equal(team.orchestrator?.agent, `${id}-orchestrator`);
        assert.ok(team.members.length >= 2, `${id} has members`);
        assert.ok(team.members.every((m) => m.capacity >= 1 && m.specialties.length > 0), `${id} members have capacity and specialties`);
      }
      assert.equal(ws.teams.get('platform')!.orchestrator?.agent, 'master-orchestrator');
    });

    it('has 19 implementation tasks (5 frontend, 5 backend, 5 devops, 4 testing) and 3 sync barriers', () => {
      const work = sprint.tasks.filter((t) => t.kind === 'task');
      const syncs = sprint.tasks.filter((t) => t.kind === 'sync');
      assert.equal(work.length, 19);
      assert.deepEqual(syncs.map((t) => t.id), ['sync-api-contract', 'sync-infrastructure-ready', 'sync-integration-testing']);
      assert.deepEqual(syncs.map((t) => t.title), ['API Contract Agreement', 'Infrastructure Ready', 'Integration Testing']);
      const perTeam = (team: string) => work.filter((t) => t.team === team);
      assert.deepEqual(['frontend', 'backend', 'devops', 'testing'].map((t) => perTeam(t).length), [5, 5, 5, 4]);
      // Minutes per team add up to seed 001's estimated durations.
      const minutes = (team: string) => perTeam(team).reduce((sum, t) => sum + t.estimate, 0);
      assert.deepEqual(['frontend', 'backend', 'devops', 'testing'].map(minutes), [120, 150, 90, 75]);
      for (const t of work) {
        assert.ok(t.acceptanceCriteria.length > 0, `${t.id} has acceptance criteria`);
        assert.notEqual(t.type, 'task', `${t.id} has a type`);
      }
    });

    it('API Contract Agreement: the API design gates every frontend task', () => {
      const sync = tasks.get('sync-api-contract')!;
      assert.deepEqual(sync.dependencies, ['be-product-api-design']);
      assert.deepEqual(sync.checks, [['test', '-f', 'docs/api-contract.md']]);
      assert.equal(sync.description, 'After backend API design, before frontend implementation');
      const frontend = sprint.tasks.filter((t) => t.id.startsWith('fe-'));
      assert.equal(frontend.length, 5);
      for (const t of frontend) assert.ok(t.dependencies.includes('sync-api-contract'), `${t.id} waits for the API contract`);
      const order = topologicalOrder(TaskGraph.from(sprint.tasks))!;
      for (const t of frontend) assert.ok(order.indexOf('be-product-api-design') < order.indexOf(t.id));
    });

    it('Infrastructure Ready: PostgreSQL and Redis gate the backend services that persist data', () => {
      assert.deepEqual(tasks.get('sync-infrastructure-ready')!.dependencies, ['devops-postgres-setup', 'devops-redis-cache']);
      for (const id of ['be-user-authentication', 'be-order-management', 'be-inventory-management']) {
        assert.ok(tasks.get(id)!.dependencies.includes('sync-infrastructure-ready'), id);
      }
      assert.ok(!tasks.get('be-product-api-design')!.dependencies.length, 'the API design waits for nothing');
      for (const t of sprint.tasks.filter((x) => x.id.startsWith('devops-'))) {
        assert.ok(!t.dependencies.some((d) => d.startsWith('sync-')), `${t.id} is not held by a sync point`);
      }
    });

    it('Integration Testing: all implementations gate all testing', () => {
      const implementations = sprint.tasks.filter((t) => t.kind === 'task' && (t.id.startsWith('fe-') || t.id.startsWith('be-')) && t.id !== 'be-product-api-design');
      assert.deepEqual([...tasks.get('sync-integration-testing')!.dependencies].sort(), implementations.map((t) => t.id).sort());
      const testing = sprint.tasks.filter((t) => t.id.startsWith('test-'));
      assert.equal(testing.length, 4);
      for (const t of testing) assert.ok(t.dependencies.includes('sync-integration-testing'), `${t.id} waits for integration`);
      assert.ok(tasks.get('test-performance')!.dependencies.includes('devops-monitoring-logging'));
    });

    it('parallelises 435 sequential minutes into a 120-minute critical path', () => {
      const cp = analyzeCriticalPath(TaskGraph.from(sprint.tasks))!;
      assert.equal(cp.totalWork, 435);
      assert.equal(cp.length, 120);
      assert.deepEqual(cp.criticalPath.slice(0, 6), ['be-product-api-design', 'sync-api-contract', 'fe-product-catalog-ui', 'fe-shopping-cart', 'fe-checkout-flow', 'sync-integration-testing']);
    });

    it('belongs to its epic, and every agent runs the scripted stand-in', () => {
      assert.equal(sprint.epic, 'full-ecommerce-platform');
      assert.deepEqual(result.workspace.epics.get('full-ecommerce-platform')!.sprints, [sprint.id]);
      checkAgentsRunScripted(result.workspace, root);
    });

    it('keeps every file the scripted agent writes inside the agent\'s `owns` globs', () => {
      checkRoleBoundaries(result, root);
    });

    it('passes every checklist `verify` command after the scripted agent ran', function () {
      this.timeout(60_000);
      checkVerifiableTasks(root, sprint);
    });
  });

  describe('auth (seed 002, example 3)', () => {
    const root = path.join(EXAMPLES, 'auth');
    let result: LoadResult;
    let sprint: Sprint;
    let tasks: Map<string, Task>;

    before(async () => {
      result = await loadWorkspace(root);
      sprint = onlySprint(result.workspace);
      tasks = taskMap(sprint);
    });

    it('loads with no diagnostics at all', () => {
      assert.equal(result.diagnostics.length, 0, `unexpected diagnostics:\n${describeDiagnostics(root, result.diagnostics)}`);
    });

    it('has the eight specialists (plus Kai) in teams', () => {
      const members = new Map([...result.workspace.teams.values()].flatMap((t) => t.members.map((m) => [m.agent, t.id] as const)));
      assert.deepEqual(Object.fromEntries(members), {
        'security-riley': 'engineering',
        'designer-drew': 'engineering',
        'database-taylor': 'engineering',
        'backend-morgan': 'engineering',
        'frontend-sam': 'engineering',
        'resource-verifier-reese': 'qa',
        'qa-quinn': 'qa',
        'devops-casey': 'devops',
      });
      assert.equal(result.workspace.teams.get('engineering')!.orchestrator?.agent, 'orchestrator-kai');
      checkAgentsRunScripted(result.workspace, root);
    });

    it('gates the sprint on level-0 prerequisites that pass on any machine with node', () => {
      const kinds = sprint.prerequisites.map((p) => p.kind);
      assert.deepEqual(kinds, ['file', 'env', 'command', 'npm']);
      for (const p of sprint.prerequisites) {
        switch (p.kind) {
          case 'file':
            assert.ok(fs.existsSync(path.join(root, p.path)), p.name);
            break;
          case 'env':
            assert.ok(process.env[p.variable], p.name);
            break;
          case 'command':
            assert.deepEqual(p.command, ['node', '--version']);
            assert.doesNotThrow(() => execFileSync(p.command[0]!, p.command.slice(1), { cwd: root, stdio: 'pipe' }), p.name);
            break;
          case 'npm': {
            // Installed in the example itself (node_modules/auth-session → packages/auth-session, as `npm install` makes it).
            const manifest = path.join(root, 'node_modules', p.packageName, 'package.json');
            assert.equal(JSON.parse(fs.readFileSync(manifest, 'utf8')).name, p.packageName, p.name);
            const declared = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies as Record<string, string>;
            assert.ok(declared[p.packageName], `${p.packageName} is a dependency in package.json`);
            break;
          }
          default:
            assert.fail(`unexpected prerequisite ${p.kind}`);
        }
      }
    });

    it('has the dependency levels of the seed\'s graph', () => {
      const levels = dependencyLevels(TaskGraph.from(sprint.tasks))!;
      assert.deepEqual(Object.fromEntries(levels), {
        'verify-resources': 0, // seed level 0: Reese, after the prerequisites gate
        'design-auth-strategy': 1, // seed level 1, in parallel: Riley
        'design-login-ui': 1, // Drew
        'design-user-schema': 1, // Taylor
        'create-migrations': 2, // seed level 2: Taylor's migrations …
        'build-login-components': 2, // … while Sam builds static components from Drew's design
        'implement-auth-actions': 3, // Taylor → [handoff] → Morgan, with Riley's strategy
        'integrate-login-ui': 4, // Sam needs Morgan's Server Actions
        'test-auth-flows': 5, // seed level 3: Quinn
        'deploy-auth': 6, // Casey deploys what Quinn confirmed
      });
    });

    it('adds up to the seed\'s 8 sequential hours, with Taylor → Morgan → Sam → Quinn → Casey as the critical path', () => {
      const cp = analyzeCriticalPath(TaskGraph.from(sprint.tasks))!;
      assert.equal(cp.totalWork, 8);
      assert.equal(cp.length, 5.5);
      assert.deepEqual(cp.criticalPath, ['verify-resources', 'design-user-schema', 'create-migrations', 'implement-auth-actions', 'integrate-login-ui', 'test-auth-flows', 'deploy-auth']);
    });

    it('keeps the seed\'s levels as labels, consistent with the dependencies', () => {
      const seedLevel = (t: Task) => Number(/^level-(\d)$/.exec(t.labels.find((l) => l.startsWith('level-')) ?? '')?.[1]);
      const byLevel = (n: number) => sprint.tasks.filter((t) => seedLevel(t) === n).map((t) => `${t.id}@${t.assignee}`);
      assert.deepEqual(byLevel(0), ['verify-resources@resource-verifier-reese']);
      assert.deepEqual(byLevel(1), ['design-auth-strategy@security-riley', 'design-login-ui@designer-drew', 'design-user-schema@database-taylor']);
      assert.deepEqual(byLevel(2), ['create-migrations@database-taylor', 'implement-auth-actions@backend-morgan', 'build-login-components@frontend-sam', 'integrate-login-ui@frontend-sam']);
      assert.deepEqual(byLevel(3), ['test-auth-flows@qa-quinn', 'deploy-auth@devops-casey']);
      for (const t of sprint.tasks) {
        for (const d of t.dependencies) assert.ok(seedLevel(tasks.get(d)!) <= seedLevel(t), `${d} → ${t.id} goes back a level`);
      }
    });

    it('hands off Taylor → Morgan → Sam with the designs they need', () => {
      assert.deepEqual(tasks.get('create-migrations')!.dependencies, ['design-user-schema']);
      assert.deepEqual(tasks.get('implement-auth-actions')!.dependencies, ['create-migrations', 'design-auth-strategy']);
      assert.deepEqual(tasks.get('build-login-components')!.dependencies, ['design-login-ui']);
      assert.deepEqual(tasks.get('integrate-login-ui')!.dependencies, ['build-login-components', 'implement-auth-actions']);
      assert.deepEqual(tasks.get('create-migrations')!.handoffArtifacts, ['db/migrations/0001-users-sessions.md']);
      // Seed 002 example 2: Server Actions are Morgan's, never Sam's.
      const sam = result.workspace.agents.get('frontend-sam')!;
      assert.ok(sam.forbidden.includes('app/actions/**'));
      assert.ok(result.workspace.agents.get('backend-morgan')!.owns.includes('app/actions/**'));
    });

    it('keeps every file the scripted agent writes inside the agent\'s `owns` globs', () => {
      checkRoleBoundaries(result, root);
    });

    it('passes every checklist `verify` command after the scripted agent ran', function () {
      this.timeout(60_000);
      checkVerifiableTasks(root, sprint);
    });
  });

  describe('scripted-agent.mjs', () => {
    const script = path.join(EXAMPLES, 'ecommerce/scripts/scripted-agent.mjs');
    let repo: string;
    let scratch: string;

    beforeEach(() => {
      repo = gitCopy(path.join(EXAMPLES, 'ecommerce'));
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-scripted-'));
    });
    afterEach(() => {
      fs.rmSync(repo, { recursive: true, force: true });
      fs.rmSync(scratch, { recursive: true, force: true });
    });

    it('writes, commits and reports the task\'s files in a git worktree, and logs each invocation', () => {
      const worktree = path.join(scratch, 'wt');
      execFileSync('git', ['worktree', 'add', '--quiet', '-b', 'baton/ecommerce-platform/be-product-api-design', worktree], { cwd: repo, stdio: 'pipe' });
      const prompt = path.join(scratch, 'prompt.md');
      fs.writeFileSync(prompt, 'You are backend-architect.\n\n# Task be-product-api-design\nDesign the product API.\n');
      const env = {
        BATON_TASK_ID: 'be-product-api-design',
        BATON_SPRINT_ID: 'ecommerce-platform',
        BATON_AGENT: 'backend-architect',
        BATON_WORKTREE: worktree,
        BATON_PROMPT_FILE: prompt,
        BATON_RESULT_FILE: path.join(scratch, 'result.json'),
        BATON_SCRIPTED_LOG: path.join(scratch, 'invocations.log'),
        BATON_SCRIPTED_DELAY_MS: '0',
      };
      const run = runScripted(script, worktree, env);
      assert.equal(run.status, 0, run.stdout);
      assert.deepEqual(JSON.parse(fs.readFileSync(env.BATON_RESULT_FILE, 'utf8')), {
        status: 'success',
        summary: 'backend-architect (scripted) wrote work/be-product-api-design.md, docs/api-contract.md for be-product-api-design.',
        artifacts: ['work/be-product-api-design.md', 'docs/api-contract.md'],
      });
      const log = fs.readFileSync(path.join(worktree, 'work/be-product-api-design.md'), 'utf8');
      assert.match(log, /task: be-product-api-design/);
      assert.match(log, /agent: backend-architect \(scripted stand-in, not an AI\)/);
      assert.match(log, /> # Task be-product-api-design/);
      const git = (...args: string[]) => execFileSync('git', args, { cwd: worktree, encoding: 'utf8' });
      assert.equal(git('log', '-1', '--format=%s').trim(), 'be-product-api-design: backend-architect (scripted)');
      assert.deepEqual(git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort(), ['docs/api-contract.md', 'work/be-product-api-design.md']);
      assert.equal(git('status', '--porcelain').trim(), '', 'nothing left uncommitted');
      // A second run (a retry after a crash) finds its content already committed and still succeeds.
      assert.equal(runScripted(script, worktree, env).status, 0);
      assert.equal(git('rev-list', '--count', 'HEAD').trim(), '2');
      const lines = fs.readFileSync(env.BATON_SCRIPTED_LOG, 'utf8').trim().split('\n');
      assert.equal(lines.length, 2);
      for (const line of lines) assert.match(line, /^be-product-api-design \d+$/);
    });

    it('honours BATON_SCRIPTED_DELAY_MS and BATON_SCRIPTED_FAIL', () => {
      const resultFile = path.join(scratch, 'result.json');
      const started = Date.now();
      const run = runScripted(script, repo, { BATON_TASK_ID: 'fe-shopping-cart', BATON_RESULT_FILE: resultFile, BATON_SCRIPTED_DELAY_MS: '400', BATON_SCRIPTED_FAIL: 'x, fe-shopping-cart' });
      assert.ok(Date.now() - started >= 400, 'slept before finishing');
      assert.equal(run.status, 1);
      assert.equal(JSON.parse(fs.readFileSync(resultFile, 'utf8')).status, 'failure');
      assert.ok(!fs.existsSync(path.join(repo, 'work/fe-shopping-cart.md')), 'a failing run writes nothing');
    });

    it('refuses a missing or unsafe task id', () => {
      assert.equal(runScripted(script, repo, { BATON_SCRIPTED_DELAY_MS: '0' }).status, 2);
      assert.equal(runScripted(script, repo, { BATON_TASK_ID: '../escape', BATON_SCRIPTED_DELAY_MS: '0' }).status, 2);
    });

    it('is the same script in every example except for its artifact map', () => {
      const strip = (file: string) => fs.readFileSync(file, 'utf8').replace(/const ARTIFACTS = \{[\s\S]*?\n\};/, '');
      assert.equal(strip(path.join(EXAMPLES, 'auth/scripts/scripted-agent.mjs')), strip(script));
    });
  });
});
