import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { auditRuns } from '../../../src/engine/audit/auditRuns';
import { JournalError, JournalTamperedError } from '../../../src/engine/state/journalErrors';
import { journalFileOf } from '../../../src/engine/state/runDirectory';
import { StateStore } from '../../../src/engine/state/stateStore';
import { seededRandom } from '../../support/seededRandom';
import { runStarted, tempDir } from '../state/helpers';

/** A run of `events` + 1 lines written by the real store (keyed, with a recorded head). */
async function writeRun(stateDir: string, runId = 'r1', events = 6): Promise<string> {
  const store = await StateStore.open(stateDir, { mode: 'writer', owner: 'test', resume: false });
  await store.startNewRun(runId);
  await store.commit([runStarted(events)]);
  for (let i = 0; i < events; i++) await store.commit([{ type: 'task:ready', task: `t${i}` }]);
  await store.close();
  return journalFileOf(stateDir, runId);
}

async function lines(file: string): Promise<string[]> {
  return (await fs.readFile(file, 'utf8')).trimEnd().split('\n');
}

async function rewrite(file: string, edit: (lines: string[]) => string[]): Promise<void> {
  await fs.writeFile(file, `${edit(await lines(file)).join('\n')}\n`);
}

async function findings(stateDir: string): Promise<{ kind: string; line: number; seq?: number; toSeq?: number }[]> {
  const report = await auditRuns(stateDir);
  return report.runs.flatMap((r) => r.findings.map(({ kind, line, seq, toSeq }) => ({ kind, line, ...(seq !== undefined ? { seq } : {}), ...(toSeq !== undefined ? { toSeq } : {}) })));
}

describe('audit/auditRuns (baton audit verify)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir('baton-audit-')));
  afterEach(() => cleanup());

  it('finds an untouched journal intact, with MACs checked and the key private', async () => {
    await writeRun(dir);
    const report = await auditRuns(dir);
    assert.equal(report.clean, true);
    assert.equal(report.runs[0]!.status, 'intact');
    assert.equal(report.runs[0]!.macChecked, true);
    assert.deepEqual(report.runs[0]!.notes, []);
    if (process.platform !== 'win32') {
      assert.equal((await fs.stat(path.join(dir, 'keys', 'journal.key'))).mode & 0o777, 0o600);
      assert.equal((await fs.stat(path.join(dir, 'keys'))).mode & 0o777, 0o700);
    }
    const text = await fs.readFile(journalFileOf(dir, 'r1'), 'utf8');
    assert.match(text.split('\n')[0]!, /"actor":\{"kind":"engine"\},"prev":"[0-9a-f]{64}","mac":"[0-9a-f]{64}"\}$/);
  });

  it('reports an edited line (task:failed → task:succeeded style) at its line', async () => {
    const file = await writeRun(dir);
    await rewrite(file, (l) => l.map((x, i) => (i === 3 ? x.replace('"task":"t2"', '"task":"t9"') : x)));
    assert.deepEqual(await findings(dir), [{ kind: 'edited', line: 4, seq: 4 }]);
  });

  it('reports a deleted line by the seq that is missing', async () => {
    const file = await writeRun(dir);
    await rewrite(file, (l) => l.filter((_, i) => i !== 2));
    assert.deepEqual(await findings(dir), [{ kind: 'deleted', line: 3, seq: 3, toSeq: 3 }]);
  });

  it('reports lines deleted from the end, which only the recorded head can prove', async () => {
    const file = await writeRun(dir);
    await rewrite(file, (l) => l.slice(0, -2));
    assert.deepEqual(await findings(dir), [{ kind: 'deleted', line: 6, seq: 6, toSeq: 7 }]);
  });

  it('reports an inserted line in the middle and one appended at the end (an agent forging task:succeeded)', async () => {
    const file = await writeRun(dir);
    const forged = (seq: number) => JSON.stringify({ seq, at: '2025-01-01T00:00:00.000Z', runId: 'r1', type: 'task:succeeded', task: 't1', attempt: 1 });
    await rewrite(file, (l) => [...l.slice(0, 3), forged(4), ...l.slice(3), forged(8)]);
    assert.deepEqual(await findings(dir), [{ kind: 'inserted', line: 4, seq: 4 }, { kind: 'inserted', line: 9, seq: 8 }]);
  });

  it('reports a copied line as inserted, even with a valid MAC', async () => {
    const file = await writeRun(dir);
    await rewrite(file, (l) => [...l.slice(0, 5), l[1]!, ...l.slice(5)]);
    assert.deepEqual(await findings(dir), [{ kind: 'inserted', line: 6, seq: 2 }]);
  });

  it('reports two swapped lines as one reorder', async () => {
    const file = await writeRun(dir);
    await rewrite(file, (l) => [l[0]!, l[1]!, l[3]!, l[2]!, ...l.slice(4)]);
    const found = await findings(dir);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, 'reordered');
    assert.ok([3, 4].includes(found[0]!.line));
  });

  it('reports a line both edited and moved as one edit, saying where it belongs', async () => {
    const file = await writeRun(dir);
    await rewrite(file, (l) => [l[0]!, l[2]!, l[3]!, l[1]!.replace('"t0"', '"t9"'), ...l.slice(4)]);
    const report = await auditRuns(dir);
    assert.deepEqual(report.runs[0]!.findings.map((f) => [f.kind, f.line]), [['edited', 4]]);
    assert.match(report.runs[0]!.findings[0]!.message, /and moved: Baton wrote it right after seq 1/);
  });

  it('without the key still catches edits through the hash links (except of the last line)', async () => {
    const file = await writeRun(dir);
    await fs.rm(path.join(dir, 'keys', 'journal.key'));
    await rewrite(file, (l) => l.map((x, i) => (i === 2 ? x.replace('"task":"t1"', '"task":"tX"') : x)));
    const report = await auditRuns(dir);
    assert.equal(report.runs[0]!.macChecked, false);
    assert.match(report.runs[0]!.notes.join('\n'), /no journal key/);
    assert.deepEqual(report.runs[0]!.findings.map((f) => [f.kind, f.line]), [['edited', 3]]);
  });

  it('tolerates a torn last line as a crash, not a change', async () => {
    const file = await writeRun(dir);
    await fs.appendFile(file, '{"seq":8,"at":"2025');
    const report = await auditRuns(dir);
    assert.equal(report.runs[0]!.status, 'intact');
    assert.match(report.runs[0]!.notes.join('\n'), /torn/);
  });

  it('refuses to resume a broken chain, naming file:line and what is wrong', async () => {
    const file = await writeRun(dir);
    await rewrite(file, (l) => l.map((x, i) => (i === 4 ? x.replace('"task":"t3"', '"task":"t0"') : x)));
    await assert.rejects(StateStore.open(dir, { mode: 'writer', runId: 'r1' }), (error: unknown) => {
      assert.ok(JournalTamperedError.is(error));
      assert.equal(error.line, 5);
      assert.ok(error.message.startsWith(`${file}:5: line 5 does not match its MAC`), error.message);
      assert.match(error.message, /baton audit verify/);
      return true;
    });
    // A forged line appended after a crash is not a torn tail: it is refused too.
    await writeRun(dir, 'r2');
    const r2 = journalFileOf(dir, 'r2');
    await fs.appendFile(r2, `${JSON.stringify({ seq: 8, at: '2025-01-01T00:00:00.000Z', runId: 'r2', type: 'task:succeeded', task: 't1', attempt: 1 })}\n`);
    await assert.rejects(StateStore.open(dir, { mode: 'writer', runId: 'r2' }), (e: unknown) => JournalTamperedError.is(e) && e.line === 8 && /carries no hash chain/.test(e.message));
    // Lines cut off the end are refused by the recorded head.
    await writeRun(dir, 'r3');
    await rewrite(journalFileOf(dir, 'r3'), (l) => l.slice(0, -1));
    await assert.rejects(StateStore.open(dir, { mode: 'writer', runId: 'r3' }), (e: unknown) => JournalTamperedError.is(e) && /written up to seq 7/.test(e.message));
  });

  it('catches every random edit, deletion, insertion and move, and the writer refuses each (50 seeded cases)', async () => {
    const random = seededRandom(20250113);
    const pick = (n: number) => Math.floor(random() * n);
    const file = await writeRun(dir, 'r1', 12);
    const original = await lines(file);
    const head = await fs.readFile(path.join(dir, 'keys', 'heads', 'r1.json'), 'utf8');
    for (let round = 0; round < 50; round++) {
      const l = [...original];
      const kind = (['edited', 'deleted', 'inserted', 'reordered'] as const)[round % 4]!;
      const i = 1 + pick(l.length - 2);
      if (kind === 'edited') l[i] = l[i]!.replace(/"task":"t(\d+)"/, (_m, n: string) => `"task":"t${Number(n) + 1}"`);
      if (kind === 'deleted') l.splice(i, 1);
      if (kind === 'inserted') l.splice(i, 0, JSON.stringify({ seq: i + 1, at: '2025-01-01T00:00:00.000Z', runId: 'r1', type: 'task:succeeded', task: 't0', attempt: 1 }));
      if (kind === 'reordered') [l[i], l[i + 1]] = [l[i + 1]!, l[i]!];
      await fs.writeFile(file, `${l.join('\n')}\n`);
      await fs.writeFile(path.join(dir, 'keys', 'heads', 'r1.json'), head);
      const found = await findings(dir);
      assert.deepEqual(found.map((f) => f.kind), [kind], `round ${round}: ${kind} at index ${i}`);
      await assert.rejects(StateStore.open(dir, { mode: 'writer', runId: 'r1' }), JournalTamperedError, `round ${round}`);
    }
  });

  it('says the key is wrong, not that every line is forged, when keys/ was replaced', async () => {
    await writeRun(dir);
    await fs.rm(path.join(dir, 'keys'), { recursive: true });
    await assert.rejects(StateStore.open(dir, { mode: 'writer', runId: 'r1' }), (e: unknown) => JournalError.is(e, 'key-mismatch'));
  });

  describe('journals of an earlier Baton (no chain)', () => {
    async function legacyRun(): Promise<string> {
      const file = await writeRun(dir);
      await fs.rm(path.join(dir, 'keys'), { recursive: true });
      await rewrite(file, (l) => l.map((x) => x.replace(/,"actor":\{[^}]*\},"prev":"[0-9a-f]{64}","mac":"[0-9a-f]{64}"\}$/, '}')));
      return file;
    }

    it('reads them as legacy, says so, and finds nothing to report', async () => {
      await legacyRun();
      const report = await auditRuns(dir);
      assert.equal(report.clean, true);
      assert.match(report.runs[0]!.notes.join('\n'), /did not chain its journals \(7 lines\)/);
      const problems: string[] = [];
      const store = await StateStore.open(dir, { mode: 'observer', runId: 'r1', onProblem: (p) => problems.push(p.kind) });
      assert.equal(store.state.lastSeq, 7);
      assert.deepEqual(problems, ['legacy-journal']);
      await store.close();
    });

    it('continues them chained, sealing the legacy part: a later edit of it is found', async () => {
      const file = await legacyRun();
      const store = await StateStore.open(dir, { mode: 'writer', runId: 'r1' });
      await store.commit([{ type: 'task:ready', task: 't0' }]);
      await store.close();
      assert.equal((await auditRuns(dir)).clean, true);
      const all = await lines(file);
      assert.ok(!all[6]!.includes('"prev"') && all[7]!.includes('"mac"'));
      await rewrite(file, (l) => l.map((x, i) => (i === 1 ? x.replace('"task":"t0"', '"task":"tZ"') : x)));
      assert.deepEqual((await findings(dir)).map((f) => f.kind), ['edited']);
      await assert.rejects(StateStore.open(dir, { mode: 'writer', runId: 'r1' }), (e: unknown) => JournalTamperedError.is(e) && e.line === 8 && /unchained line/.test(e.message));
    });
  });
});
