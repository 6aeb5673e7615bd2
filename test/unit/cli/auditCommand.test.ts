import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { journalFileOf } from '../../../src/engine/state/runDirectory';
import { StateStore } from '../../../src/engine/state/stateStore';
import { runStarted } from '../state/helpers';
import { BASE_FILES, makeWorkspace, removeWorkspaces, runCli } from './cliHarness';

async function writeRun(dir: string, runId: string): Promise<string> {
  const stateDir = path.join(dir, '.claude', 'state');
  const store = await StateStore.open(stateDir, { mode: 'writer', owner: 'test', resume: false });
  await store.startNewRun(runId);
  await store.commit([runStarted(3)]);
  for (let i = 0; i < 3; i++) await store.commit([{ type: 'task:ready', task: `t${i}` }]);
  await store.close();
  return journalFileOf(stateDir, runId);
}

describe('baton audit verify', () => {
  after(removeWorkspaces);

  it('exits 0 on intact journals and 1 naming file:line and kind for each change', async () => {
    const dir = makeWorkspace(BASE_FILES);
    await writeRun(dir, 'a-run');
    const file = await writeRun(dir, 'b-run');
    const clean = await runCli(['audit', 'verify', dir]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /✔ a-run: 4 lines intact \(hash chain and MACs\)/);
    assert.match(clean.stdout, /2 runs verified: every journal is as Baton wrote it/);

    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(file, `${[lines[0], lines[1], lines[2]!.replace('"t1"', '"t7"'), lines[3]].join('\n')}\n`);
    const broken = await runCli(['audit', 'verify', dir]);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /✖ b-run: /);
    assert.match(broken.stdout, /\.claude\/state\/runs\/b-run\/journal\.jsonl:3: edited: line 3 was changed after Baton wrote it \(its MAC does not match\)/);

    const json = await runCli(['audit', 'verify', dir, '--json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { clean: boolean; stateDir: string; runs: { runId: string; file: string; status: string; macChecked: boolean; findings: { kind: string; line: number; seq: number | null; toSeq: number | null; message: string }[]; notes: string[] }[] };
    assert.equal(report.clean, false);
    assert.equal(report.stateDir, '.claude/state');
    assert.deepEqual(report.runs.map((r) => [r.runId, r.status]), [['a-run', 'intact'], ['b-run', 'tampered']]);
    assert.equal(report.runs[1]!.file, '.claude/state/runs/b-run/journal.jsonl');
    assert.deepEqual(report.runs[1]!.findings.map((f) => [f.kind, f.line]), [['edited', 3]]);
  });

  it('is a usage error for an unknown action or a folder without Baton config; no runs is clean', async () => {
    const dir = makeWorkspace(BASE_FILES);
    const typo = await runCli(['audit', 'verfy', dir]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Unknown audit action `verfy`\. Did you mean `verify`\?/);
    const none = await runCli(['audit', 'verify', makeWorkspace({ 'README.md': 'x' })]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No Baton config folder/);
    assert.doesNotMatch(none.stderr, /\n\s+at /, 'no stack trace');
    const empty = await runCli(['audit', 'verify', dir]);
    assert.equal(empty.code, 0);
    assert.match(empty.stdout, /No runs to verify/);
  });
});
