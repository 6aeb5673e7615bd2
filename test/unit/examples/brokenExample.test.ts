import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace } from '../../../src/engine/config/loadWorkspace';
import type { Diagnostic, DiagnosticCode, Severity, SourceRange } from '../../../src/engine/model/diagnostic';

const ROOT = path.resolve(__dirname, '../../../examples/broken');

interface Planted {
  mistake: string;
  file: string;
  code: DiagnosticCode;
  severity: Severity;
  range: SourceRange;
  /** The did-you-mean suggestion the diagnostic must carry. */
  suggestion?: string;
}

const at = (line: number, column: number, endLine: number, endColumn: number): SourceRange => ({ line, column, endLine, endColumn });
const TEAMS = '.claude/teams.yaml';
const CORE = '.claude/sprints/core.yaml';

/** Every planted mistake and the exact diagnostic it must produce (see examples/broken/EXPECTED.md). */
const PLANTED: Planted[] = [
  { mistake: 'YAML syntax error (unquoted colon in a value)', file: '.claude/sprints/syntax-error.yaml', code: 'yaml-syntax', severity: 'error', range: at(3, 9, 3, 10) },
  { mistake: 'team without members', file: TEAMS, code: 'missing-key', severity: 'error', range: at(18, 3, 18, 9) },
  { mistake: 'estimate is a string', file: CORE, code: 'wrong-type', severity: 'error', range: at(9, 17, 9, 22) },
  { mistake: 'misspelt task key', file: CORE, code: 'unknown-key', severity: 'error', range: at(21, 7, 21, 25), suggestion: 'acceptance_criteria' },
  { mistake: 'misspelt priority', file: CORE, code: 'bad-enum', severity: 'error', range: at(12, 17, 12, 20), suggestion: 'high' },
  { mistake: 'capacity 0', file: TEAMS, code: 'capacity-below-one', severity: 'error', range: at(9, 19, 9, 20) },
  { mistake: 'assignee that does not exist', file: CORE, code: 'unknown-agent', severity: 'error', range: at(15, 17, 15, 28), suggestion: 'frontend-dev' },
  { mistake: 'team that does not exist', file: CORE, code: 'unknown-team', severity: 'error', range: at(18, 13, 18, 19), suggestion: 'design' },
  { mistake: 'dependency on a task that does not exist', file: CORE, code: 'unknown-task', severity: 'error', range: at(24, 22, 24, 27), suggestion: 'setup' },
  { mistake: 'epic lists a sprint that does not exist', file: '.claude/epics/platform.yaml', code: 'unknown-sprint', severity: 'error', range: at(4, 28, 4, 34) },
  { mistake: 'sprint names an epic that does not exist', file: CORE, code: 'unknown-epic', severity: 'error', range: at(4, 9, 4, 17), suggestion: 'platform' },
  { mistake: 'cycle loop-a → loop-c (edge 1 of 3)', file: CORE, code: 'dependency-cycle', severity: 'error', range: at(27, 22, 27, 28) },
  { mistake: 'cycle loop-b → loop-a (edge 2 of 3)', file: CORE, code: 'dependency-cycle', severity: 'error', range: at(30, 22, 30, 28) },
  { mistake: 'cycle loop-c → loop-b (edge 3 of 3)', file: CORE, code: 'dependency-cycle', severity: 'error', range: at(33, 22, 33, 28) },
  { mistake: 'task depends on itself', file: CORE, code: 'self-dependency', severity: 'error', range: at(36, 22, 36, 29) },
  { mistake: 'second task with id api', file: CORE, code: 'duplicate-task-id', severity: 'error', range: at(37, 11, 37, 14) },
  { mistake: 'sprint id release, first file', file: '.claude/sprints/release-a.yaml', code: 'duplicate-sprint-id', severity: 'error', range: at(2, 7, 2, 14) },
  { mistake: 'sprint id release, second file', file: '.claude/sprints/release-b.yaml', code: 'duplicate-sprint-id', severity: 'error', range: at(2, 7, 2, 14) },
  { mistake: 'agent name twin, first file', file: '.claude/agents/twin-a.md', code: 'duplicate-agent-name', severity: 'error', range: at(2, 7, 2, 11) },
  { mistake: 'agent name twin, second file', file: '.claude/agents/twin-b.md', code: 'duplicate-agent-name', severity: 'error', range: at(2, 7, 2, 11) },
  { mistake: 'member listed twice', file: TEAMS, code: 'duplicate-member', severity: 'error', range: at(10, 9, 10, 20) },
  { mistake: 'agent file without frontmatter', file: '.claude/agents/no-frontmatter.md', code: 'agent-no-frontmatter', severity: 'error', range: at(1, 1, 1, 31) },
  { mistake: 'agent without name', file: '.claude/agents/no-name.md', code: 'agent-missing-name', severity: 'error', range: at(2, 1, 2, 12) },
  { mistake: 'subscription to an unknown event', file: TEAMS, code: 'unknown-event', severity: 'error', range: at(17, 21, 17, 37), suggestion: 'feature_completed' },
  { mistake: 'agent no team uses', file: '.claude/agents/unused.md', code: 'unused-agent', severity: 'warning', range: at(2, 7, 2, 13) },
  { mistake: 'agent without description', file: '.claude/agents/no-description.md', code: 'agent-missing-description', severity: 'warning', range: at(2, 1, 2, 5) },
  { mistake: 'misspelt frontmatter key', file: '.claude/agents/unknown-key.md', code: 'agent-unknown-key', severity: 'warning', range: at(4, 1, 4, 7), suggestion: 'color' },
  { mistake: 'runner: command without command', file: '.claude/agents/runner-incomplete.md', code: 'agent-runner-incomplete', severity: 'error', range: at(4, 9, 4, 16) },
  { mistake: 'script that does not exist', file: '.claude/agents/script-missing.md', code: 'script-not-found', severity: 'error', range: at(5, 9, 5, 28) },
  { mistake: 'frontmatter that needs the lenient reading', file: '.claude/agents/lenient.md', code: 'agent-frontmatter-lenient', severity: 'warning', range: at(3, 1, 3, 12) },
];

/** The kinds of mistake the examples/broken workspace must cover, one each. */
const REQUIRED_CODES: DiagnosticCode[] = [
  'yaml-syntax', 'missing-key', 'wrong-type', 'unknown-key', 'bad-enum', 'capacity-below-one', 'unknown-agent', 'unknown-team',
  'unknown-task', 'unknown-sprint', 'unknown-epic', 'dependency-cycle', 'self-dependency', 'duplicate-task-id', 'duplicate-sprint-id',
  'duplicate-agent-name', 'duplicate-member', 'agent-no-frontmatter', 'agent-missing-name', 'unknown-event', 'unused-agent',
  'agent-missing-description', 'agent-unknown-key', 'agent-runner-incomplete', 'script-not-found', 'agent-frontmatter-lenient',
];

const rel = (d: Diagnostic) => path.relative(ROOT, d.file).split(path.sep).join('/');
const key = (file: string, range: SourceRange, code: string) => `${file}:${range.line}:${range.column} ${code}`;
const show = (d: Diagnostic) => `${key(rel(d), d.range, d.code)} [${d.severity}] ${d.message}`;

describe('examples/broken', () => {
  let diagnostics: Diagnostic[];

  before(async () => {
    diagnostics = (await loadWorkspace(ROOT)).diagnostics;
  });

  it('reports exactly the planted mistakes and nothing else', () => {
    const actual = diagnostics.map((d) => key(rel(d), d.range, d.code)).sort();
    const expected = PLANTED.map((p) => key(p.file, p.range, p.code)).sort();
    assert.deepEqual(actual, expected, `all diagnostics:\n${diagnostics.map(show).join('\n')}`);
  });

  it('plants one mistake of every required kind', () => {
    assert.deepEqual([...new Set(PLANTED.map((p) => p.code))].sort(), [...REQUIRED_CODES].sort());
  });

  it('matches the table in EXPECTED.md', () => {
    const text = fs.readFileSync(path.join(ROOT, 'EXPECTED.md'), 'utf8');
    const rows = [...text.matchAll(/^\| \d+ \| .* \| `([^`]+)` \| (\d+):(\d+) \| `([a-z-]+)` \| (error|warning) \|$/gm)];
    const documented = rows.map((m) => `${m[1]}:${m[2]}:${m[3]} ${m[4]} ${m[5]}`).sort();
    assert.deepEqual(documented, PLANTED.map((p) => `${key(p.file, p.range, p.code)} ${p.severity}`).sort());
  });

  for (const planted of PLANTED) {
    it(`${planted.code}: ${planted.mistake}`, () => {
      const matches = diagnostics.filter((d) => rel(d) === planted.file && d.code === planted.code && d.range.line === planted.range.line);
      assert.equal(matches.length, 1, `expected one ${planted.code} on ${planted.file}:${planted.range.line}; all diagnostics:\n${diagnostics.map(show).join('\n')}`);
      const d = matches[0]!;
      assert.deepEqual(d.range, planted.range, show(d));
      assert.equal(d.severity, planted.severity, show(d));
      assert.ok(d.message.length > 20, 'the message says what is wrong');
      if (planted.suggestion) {
        assert.equal(d.data?.suggestion, planted.suggestion, show(d));
        assert.ok(d.message.includes(`Did you mean \`${planted.suggestion}\`?`), show(d));
      }
    });
  }
});
