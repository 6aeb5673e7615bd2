import * as assert from 'node:assert/strict';
import { BASE_FILES, lines, makeWorkspace, removeWorkspaces, runCli } from './cliHarness';

// The diamond, by hand: a(2) → b(3), c(1) → d(2). Critical path a → b → d = 7; total work 8.
// Earliest starts: a 0, b 2, c 2, d 5. c may start as late as 7 - (1 + 2) = 4: slack 2.
// Lower bound: 1 worker max(7, 8) = 8; 2 workers max(7, 4) = 7. The critical-path-first
// schedule on 2 workers runs b and c side by side after a, then d: makespan 7.
const DIAMOND = `sprint:
  id: diamond
  name: Diamond
  teams: [eng]
  tasks:
    - { id: a, title: Design, estimate: 2, assignee: dev }
    - { id: b, title: Backend, estimate: 3, dependencies: [a], assignee: dev }
    - { id: c, title: Frontend, estimate: 1, dependencies: [a], team: eng }
    - { id: d, title: Ship, estimate: 2, dependencies: [b, c], assignee: qa }
`;

// Three independent tasks of 2 on 2 workers: bound max(2, 6 / 2) = 3, but any schedule needs 4.
const TRIO = `sprint:
  id: trio
  max_concurrent: 2
  tasks:
    - { id: x, estimate: 2, assignee: dev }
    - { id: y, estimate: 2, assignee: dev }
    - { id: z, estimate: 2, assignee: dev }
`;

const CYCLE = `sprint:
  id: loop
  tasks:
    - { id: p, dependencies: [r], assignee: dev }
    - { id: q, dependencies: [p], assignee: dev }
    - { id: r, dependencies: [q], assignee: dev }
`;

// A reviewer compiles into a generated review task gating the dependants (seed 004 pattern 4).
const REVIEWED = `sprint:
  id: reviewed
  tasks:
    - { id: api, estimate: 3, assignee: dev, reviewers: [qa] }
    - { id: docs, estimate: 1, dependencies: [api], assignee: dev }
`;

interface PlanJson {
  sprint: string;
  workers: number;
  criticalPath: string[];
  criticalPathLength: number;
  lowerBound: number;
  makespan: number;
  ratio: number;
  totalWork: number;
  levels: string[][];
  tasks: Record<string, unknown>[];
}

describe('baton plan', () => {
  let dir: string;
  before(() => {
    dir = makeWorkspace({
      ...BASE_FILES,
      '.claude/sprints/diamond.yaml': DIAMOND,
      '.claude/sprints/trio.yaml': TRIO,
      '.claude/sprints/loop.yaml': CYCLE,
      '.claude/sprints/reviewed.yaml': REVIEWED,
    });
  });
  after(removeWorkspaces);

  const plan = (...argv: string[]) => runCli(['plan', ...argv], { cwd: dir });

  it('prints levels, the task table, the critical path and the bounds', async () => {
    const run = await plan('diamond', '--workers', '2');
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.deepEqual(lines(run.stdout), [
      'Sprint diamond — Diamond',
      '4 tasks · 3 levels · 2 workers (--workers)',
      '',
      'Levels',
      '  0  a',
      '  1  b  c',
      '  2  d',
      '',
      '  TASK  LEVEL  EST (pts)  START  FINISH  SLACK  ASSIGNEE  UNBLOCKS',
      '  a         0          2      0       2      0  dev       b, c',
      '  b         1          3      2       5      0  dev       d',
      '  c         1          1      2       3      2  team eng  d',
      '  d         2          2      5       7      0  qa        —',
      '',
      'Critical path  a → b → d  (length 7 pts)',
      'Lower bound    7 pts on 2 workers  (max of critical path 7 pts and total work 8 pts / 2)',
      'Makespan       7 pts critical-path-first on 2 workers  (1.00× the lower bound)',
    ]);
  });

  it('--json gives the plan as one object with earliest and scheduled times', async () => {
    const run = await plan('diamond', '--workers', '1', '--json');
    assert.equal(run.code, 0);
    const json = JSON.parse(run.stdout) as PlanJson;
    assert.equal(json.sprint, 'diamond');
    assert.equal(json.workers, 1);
    assert.deepEqual(json.criticalPath, ['a', 'b', 'd']);
    assert.equal(json.criticalPathLength, 7);
    assert.equal(json.totalWork, 8);
    assert.equal(json.lowerBound, 8);
    assert.equal(json.makespan, 8);
    assert.deepEqual(json.levels, [['a'], ['b', 'c'], ['d']]);
    const c = json.tasks.find((t) => t.id === 'c')!;
    for (const key of ['id', 'title', 'kind', 'level', 'estimate', 'start', 'finish', 'slack', 'assignee', 'team', 'dependencies', 'unblocks', 'scheduledStart', 'scheduledFinish']) {
      assert.ok(key in c, `task has ${key}`);
    }
    assert.deepEqual(
      { title: c.title, kind: c.kind, level: c.level, start: c.start, finish: c.finish, slack: c.slack, assignee: c.assignee, team: c.team, dependencies: c.dependencies, unblocks: c.unblocks },
      { title: 'Frontend', kind: 'task', level: 1, start: 2, finish: 3, slack: 2, assignee: null, team: 'eng', dependencies: ['a'], unblocks: ['d'] },
    );
    // One worker: a, then b (longer tail) before c.
    assert.deepEqual([c.scheduledStart, c.scheduledFinish], [5, 6]);
  });

  it('reports the ratio of makespan to lower bound, with workers from the sprint', async () => {
    const json = JSON.parse((await plan('trio', '--json')).stdout) as PlanJson;
    assert.equal(json.workers, 2);
    assert.equal(json.lowerBound, 3);
    assert.equal(json.makespan, 4);
    assert.equal(json.ratio, 4 / 3);
    const text = lines((await plan('trio')).stdout);
    assert.equal(text[1], "3 tasks · 1 level · 2 workers (the sprint's max_concurrent)");
    assert.equal(text.at(-1), 'Makespan       4 pts critical-path-first on 2 workers  (1.33× the lower bound)');
  });

  it('defaults to settings.max_parallel_agents, then to 4 workers', async () => {
    assert.equal((JSON.parse((await plan('diamond', '--json')).stdout) as PlanJson).workers, 4);
    const withSettings = makeWorkspace({
      ...BASE_FILES,
      '.claude/teams.yaml': `${BASE_FILES['.claude/teams.yaml']!}settings:\n  max_parallel_agents: 3\n`,
      '.claude/sprints/diamond.yaml': DIAMOND,
    });
    const run = await runCli(['plan', 'diamond', withSettings, '--json']);
    assert.equal((JSON.parse(run.stdout) as PlanJson).workers, 3);
  });

  it('shows generated tasks with their kind', async () => {
    const run = await plan('reviewed');
    assert.equal(run.code, 0);
    const out = lines(run.stdout);
    assert.ok(out.includes('  TASK            KIND    LEVEL  EST (pts)  START  FINISH  SLACK  ASSIGNEE  UNBLOCKS'), out.join('\n'));
    assert.ok(out.some((l) => /^ {2}api--review-qa {2}review +1 +1 +3 +4 +0 {2}qa {8}docs$/.test(l)), out.join('\n'));
    assert.equal(out.at(-3), 'Critical path  api → api--review-qa → docs  (length 5 pts)');
  });

  it('prints a Mermaid flowchart with every edge and the critical path styled', async () => {
    const run = await plan('diamond', '--format', 'mermaid');
    assert.equal(run.code, 0);
    const out = lines(run.stdout);
    assert.equal(out[0], 'flowchart LR');
    for (const edge of ['t_a --> t_b', 't_a --> t_c', 't_b --> t_d', 't_c --> t_d']) assert.ok(out.includes(`  ${edge}`), edge);
    assert.ok(out.includes('  t_c("c<br/>Frontend · 1 pt")'));
    assert.ok(out.includes('  class t_a,t_b,t_d critical'));
    assert.ok(out.includes('  linkStyle 0,2 stroke:#d9480f,stroke-width:3px'));
  });

  it('prints a Graphviz digraph with every edge', async () => {
    const run = await plan('diamond', '--format', 'dot');
    assert.equal(run.code, 0);
    const out = lines(run.stdout);
    assert.equal(out[0], 'digraph "diamond" {');
    assert.equal(out.at(-1), '}');
    assert.ok(out.includes('  "a" -> "b" [color="#d9480f", penwidth=2];'));
    assert.ok(out.includes('  "a" -> "c";'));
    assert.ok(out.includes('  "c" -> "d";'));
    assert.ok(out.includes('  "c" [label="c\\nFrontend\\nest 1 pt"];'));
  });

  it('prints every estimate in the one unit teams.yaml declares (settings.estimate_unit)', async () => {
    const inMinutes = makeWorkspace({
      ...BASE_FILES,
      '.claude/teams.yaml': `${BASE_FILES['.claude/teams.yaml']!}settings:\n  estimate_unit: minutes\n`,
      '.claude/sprints/diamond.yaml': DIAMOND,
    });
    const text = lines((await runCli(['plan', 'diamond', inMinutes, '--workers', '2'])).stdout);
    assert.ok(text.includes('  TASK  LEVEL  EST (min)  START  FINISH  SLACK  ASSIGNEE  UNBLOCKS'), text.join('\n'));
    assert.equal(text.at(-3), 'Critical path  a → b → d  (length 7 min)');
    const json = JSON.parse((await runCli(['plan', 'diamond', inMinutes, '--json'])).stdout) as { estimateUnit: string };
    assert.equal(json.estimateUnit, 'minutes');
    const bad = makeWorkspace({
      ...BASE_FILES,
      '.claude/teams.yaml': `${BASE_FILES['.claude/teams.yaml']!}settings:\n  estimate_unit: fortnights\n`,
      '.claude/sprints/diamond.yaml': DIAMOND,
    });
    const refused = await runCli(['validate', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout + refused.stderr, /estimate_unit/);
  });

  it('refuses a sprint with a cycle: diagnostics as validate prints them, exit 1', async () => {
    const run = await plan('loop');
    assert.equal(run.code, 1);
    const out = lines(run.stdout);
    assert.equal(out.length, 4);
    for (const line of out.slice(0, 3)) assert.match(line, /^\.claude\/sprints\/loop\.yaml:\d+:\d+: error dependency-cycle Dependency cycle: /);
    assert.equal(out[3], 'Plan refused: sprint loop has 3 errors in its files (the sprint, teams.yaml or its agents). Fix them and run again.');

    const json = await plan('loop', '--json');
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.stdout) as { sprint: string; refused: boolean; diagnostics: { code: string }[] };
    assert.equal(parsed.refused, true);
    assert.deepEqual(parsed.diagnostics.map((d) => d.code), ['dependency-cycle', 'dependency-cycle', 'dependency-cycle']);

    const dot = await plan('loop', '--format', 'dot');
    assert.equal(dot.code, 1);
    assert.equal(dot.stdout, '');
    assert.match(dot.stderr, /Plan refused/);
  });

  it('plans a sprint even when another sprint is broken, but not when teams.yaml is', async () => {
    assert.equal((await plan('diamond')).code, 0);
    const brokenTeams = makeWorkspace({
      ...BASE_FILES,
      '.claude/teams.yaml': `${BASE_FILES['.claude/teams.yaml']!}    capacity: lots\n`,
      '.claude/sprints/diamond.yaml': DIAMOND,
    });
    const run = await runCli(['plan', 'diamond', brokenTeams]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^\.claude\/teams\.yaml:\d+:\d+: error /);
  });

  it('refuses when an agent file the sprint uses is broken, even one too broken to load', async () => {
    const ws = makeWorkspace({
      ...BASE_FILES,
      '.claude/teams.yaml': 'teams:\n  eng:\n    members: [dev]\n',
      '.claude/agents/qa.md': 'No frontmatter at all.\n',
      '.claude/sprints/diamond.yaml': DIAMOND,
      '.claude/sprints/trio.yaml': TRIO,
    });
    const run = await runCli(['plan', 'diamond', ws]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^\.claude\/agents\/qa\.md:1:1: error agent-no-frontmatter /m);
    // trio uses only dev: qa's file does not concern it.
    assert.equal((await runCli(['plan', 'trio', ws])).code, 0);
  });

  it('rejects --workers that is not an integer >= 1 with exit 2', async () => {
    for (const bad of ['0', '-1', '1.5', 'many']) {
      const run = await plan('diamond', '--workers', bad);
      assert.equal(run.code, 2, bad);
      assert.equal(run.stdout, '');
      assert.equal(lines(run.stderr)[0], `baton plan: Expected \`--workers\` to be an integer >= 1, got \`${bad}\``);
    }
  });

  it('exits 2 on an unknown sprint, naming the known ones and the closest', async () => {
    const run = await plan('diamnd');
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(lines(run.stderr)[0], 'baton plan: unknown sprint diamnd; known: diamond, loop, reviewed, trio. Did you mean `diamond`?');
  });

  it('says when a sprint file could not be read, since the sprint may be in it', async () => {
    const ws = makeWorkspace({ ...BASE_FILES, '.claude/sprints/s2.yaml': 'sprint:\n  id: s2\n  tasks: [\n' });
    const run = await runCli(['plan', 's2', ws]);
    assert.equal(run.code, 2);
    assert.equal(lines(run.stderr)[0], 'baton plan: unknown sprint s2; known: none. 1 sprint file could not be read; run `baton validate`.');
  });

  it('exits 2 on a bad or conflicting --format and on a missing sprint id', async () => {
    assert.match((await plan('diamond', '--format', 'svg')).stderr, /Expected `--format` to be one of `text`, `mermaid`, `dot`, got `svg`/);
    assert.equal((await plan('diamond', '--format', 'dot', '--json')).code, 2);
    const missing = await plan();
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^baton plan: Missing <sprint-id>/);
  });
});
