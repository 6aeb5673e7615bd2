import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { baton, batonEnv, buildCli, makeRepo, readJournal, REPO_ROOT, removeTempRepos } from './engineHarness';

// The cost of "done only with evidence": the checklist commands of the example sprints, timed
// by the engine itself (`task:verified` durationMs), against the whole run — and the same sprint
// run again with its checklists removed. Printed for the closing note; asserted loosely, since
// the machine is shared.

interface Example { label: string; folder: string; sprint: string; env?: Record<string, string> }
const EXAMPLES: Example[] = [
  { label: 'auth', folder: 'examples/auth', sprint: 'auth-feature' },
  { label: 'ecommerce', folder: 'examples/ecommerce', sprint: 'ecommerce-platform' },
  { label: 'sequential-handoff', folder: 'examples/patterns/sequential-handoff', sprint: 'sequential-handoff' },
  { label: 'primary-reviewers', folder: 'examples/patterns/primary-reviewers', sprint: 'primary-reviewers' },
];

interface Measure { makespanMs: number; verifyMs: number; items: number; verifiedTasks: number }

async function measure(ex: Example, stripChecklists: boolean): Promise<Measure> {
  const repo = makeRepo({ from: path.join(REPO_ROOT, ex.folder) });
  if (stripChecklists) {
    const file = path.join(repo.root, '.claude', 'sprints', fs.readdirSync(path.join(repo.root, '.claude', 'sprints')).find((f) => f.endsWith('.yaml'))!);
    const doc = parseDocument(fs.readFileSync(file, 'utf8'));
    const tasks = doc.getIn(['sprint', 'tasks']) as { items: { delete(key: string): void }[] } | undefined;
    for (const t of tasks?.items ?? []) t.delete('checklist');
    fs.writeFileSync(file, doc.toString());
  }
  const run = await baton(['run', ex.sprint, repo.root], { cwd: repo.root, env: batonEnv({ BATON_SCRIPTED_DELAY_MS: '100', BATON_PATTERN_DELAY_MS: '100', ...ex.env }), timeoutMs: 120_000 });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const events = readJournal(repo.root).events;
  const at = (type: string) => Date.parse(String(events.find((e) => e.type === type)!.at));
  const verified = events.filter((e) => e.type === 'task:verified');
  return {
    makespanMs: at('run:completed') - at('run:started'),
    verifyMs: verified.reduce((n, e) => n + Number(e.durationMs), 0),
    items: verified.reduce((n, e) => n + (e.checklist as { verify?: string[] }[]).filter((c) => c.verify).length, 0),
    verifiedTasks: verified.length,
  };
}

describe('coordination: the overhead of verification on the example sprints', function () {
  this.timeout(600_000);
  before(buildCli);
  after(removeTempRepos);

  it('checklist commands cost a small share of each example run', async () => {
    const lines: string[] = [];
    for (const ex of EXAMPLES) {
      const withChecks = await measure(ex, false);
      const without = await measure(ex, true);
      const share = withChecks.verifyMs / withChecks.makespanMs;
      lines.push(`${ex.label.padEnd(20)} ${String(withChecks.items).padStart(2)} commands in ${String(withChecks.verifiedTasks).padStart(2)} tasks: ${String(withChecks.verifyMs).padStart(4)} ms of a ${withChecks.makespanMs} ms run (${(share * 100).toFixed(1)}%, ${(withChecks.verifyMs / Math.max(1, withChecks.items)).toFixed(0)} ms each); same sprint without checklists: ${without.makespanMs} ms (${withChecks.makespanMs - without.makespanMs >= 0 ? '+' : ''}${withChecks.makespanMs - without.makespanMs} ms)`);
      assert.equal(without.items, 0);
      assert.ok(withChecks.items > 0, `${ex.label} has checklist commands`);
      assert.ok(withChecks.verifyMs / withChecks.items < 1000, `${ex.label}: ${withChecks.verifyMs} ms for ${withChecks.items} commands`);
    }
    console.log(`      verification overhead:\n        ${lines.join('\n        ')}`);
  });
});
