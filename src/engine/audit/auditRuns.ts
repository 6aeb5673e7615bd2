import * as path from 'node:path';
import { readChainHead } from '../state/chainHead';
import { loadJournalKey } from '../state/journalKey';
import { journalFileOf, listRunIds } from '../state/runDirectory';
import { auditJournal, type AuditFinding } from './journalAudit';
import { readJournalForAudit } from './journalLinesRead';

/** One run's journal, verified. */
export interface RunAudit {
  runId: string;
  /** The journal file, absolute. */
  file: string;
  /** Complete lines in the file. */
  lines: number;
  /** `intact`: every line is Baton's, in order; `tampered`: see `findings`; `unreadable`: the file could not be read. */
  status: 'intact' | 'tampered' | 'unreadable';
  /** Lines at the start written by a Baton that did not chain its journals (verified only as a whole). */
  legacyLines: number;
  /** MACs were checked (the key was there). */
  macChecked: boolean;
  findings: AuditFinding[];
  /** Things worth knowing that are not tampering: a torn last line, legacy lines, no key. */
  notes: string[];
}

/** Every run of a state folder, verified. */
export interface AuditReport {
  stateDir: string;
  runs: RunAudit[];
  /** True when no run has a finding (notes allowed). */
  clean: boolean;
}

/**
 * `baton audit verify`: re-reads every run's journal and reports each line that was edited,
 * deleted, inserted or moved since Baton wrote it (journalAudit.ts), with the key when the
 * state folder has one. Read-only: it never repairs, truncates or rewrites anything.
 */
export async function auditRuns(stateDir: string, options: { runId?: string } = {}): Promise<AuditReport> {
  let key;
  let keyProblem: string | undefined;
  try {
    key = await loadJournalKey(stateDir, { create: false });
    if (!key) keyProblem = `no journal key in ${path.join(stateDir, 'keys')}: MACs were not checked, only the hash chain (an edit of a last line cannot be seen without it)`;
  } catch (error) {
    keyProblem = `${(error as Error).message} MACs were not checked.`;
  }
  const ids = options.runId !== undefined ? [options.runId] : (await listRunIds(stateDir)).sort();
  const runs: RunAudit[] = [];
  for (const runId of ids) runs.push(await auditRun(stateDir, runId, key, keyProblem));
  return { stateDir, runs, clean: runs.every((r) => r.status === 'intact') };
}

async function auditRun(stateDir: string, runId: string, key: Awaited<ReturnType<typeof loadJournalKey>>, keyProblem: string | undefined): Promise<RunAudit> {
  const file = journalFileOf(stateDir, runId);
  const base = { runId, file, legacyLines: 0, macChecked: key !== undefined, findings: [] as AuditFinding[], notes: [] as string[] };
  let read;
  try {
    read = await readJournalForAudit(file, key);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ...base, lines: 0, status: 'intact', notes: ['no journal: the run folder was created but nothing was written'] };
    return { ...base, lines: 0, status: 'unreadable', notes: [`cannot read ${file}: ${(error as Error).message}`] };
  }
  const head = await readChainHead(stateDir, runId);
  const findings = auditJournal(read, { runId, keyed: key !== undefined, ...(head ? { head } : {}) });
  const notes: string[] = [];
  if (keyProblem) notes.push(keyProblem);
  const lastUnreadable = read.lines[read.lines.length - 1]?.unreadable !== undefined;
  if (read.tornBytes > 0 || lastUnreadable) notes.push(`the last line is torn (${read.tornBytes > 0 ? `${read.tornBytes} bytes without a newline` : 'not a complete event'}): a write a crash cut short, not a change; the next writer truncates it`);
  if (read.legacyLines > 0) {
    notes.push(read.legacyLines === read.lines.length - (lastUnreadable ? 1 : 0)
      ? `written by a Baton that did not chain its journals (${read.legacyLines} lines): nothing to verify line by line`
      : `lines 1–${read.legacyLines} were written by a Baton that did not chain its journals: they are verified only as a whole, by the first chained line`);
  }
  if (!head && read.lines.some((l) => l.chained)) notes.push('no recorded head: lines deleted from the very end could not be detected');
  return { ...base, lines: read.lines.length, legacyLines: read.legacyLines, status: findings.length ? 'tampered' : 'intact', findings, notes };
}
