import type { KeyObject } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { lineHash, PrefixHash, readSeal } from '../state/journalChain';
import { parseEventLine, readLines } from '../state/journalLines';
import { READ_LINE_CAP } from '../state/journalScan';

/** One complete line of a journal as the audit sees it: what it claims, and whether it proves it. */
export interface AuditLine {
  /** 1-based line number. */
  line: number;
  hash: string;
  /** Why it is not an event at all (not JSON, no seq, …). */
  unreadable?: string;
  seq?: number;
  runId?: string;
  type?: string;
  prev?: string;
  chained: boolean;
  hasMac: boolean;
  macValid?: boolean;
}

/** Every complete line of a journal, with what the bytes after the last newline were. */
export interface ReadJournal {
  lines: AuditLine[];
  /** Bytes after the last newline (a write a crash cut short), and whether the last complete line was unreadable too. */
  tornBytes: number;
  /** Hash of the lines before the first chained one, as the first chained line must carry in `prev`. */
  prefixHash: string;
  /** Lines before the first chained line. */
  legacyLines: number;
}

/**
 * Reads a journal for {@link auditJournal}: one pass, keeping a hash and the claims of every line
 * (never its text), so a journal of a million events costs tens of megabytes, not its size.
 */
export async function readJournalForAudit(file: string, key: KeyObject | undefined): Promise<ReadJournal> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const lines: AuditLine[] = [];
    const prefix = new PrefixHash();
    let prefixHash: string | undefined;
    let end = 0;
    for await (const chunk of readLines(fh, 0, size, READ_LINE_CAP)) {
      for (const raw of chunk) {
        end = raw.offset + raw.bytes;
        const entry: AuditLine = { line: lines.length + 1, hash: lineHash(raw.text), chained: false, hasMac: false };
        const parsed = parseEventLine(raw);
        if (parsed.event) {
          const e = parsed.event;
          Object.assign(entry, { seq: e.seq, runId: e.runId, type: e.type });
          if (parsed.sealed) {
            const seal = readSeal(raw.text, parsed.sealed, key);
            Object.assign(entry, { chained: seal.chained, hasMac: seal.hasMac, ...(seal.prev ? { prev: seal.prev } : {}), ...(seal.macValid !== undefined ? { macValid: seal.macValid } : {}) });
          }
        } else {
          entry.unreadable = parsed.reason;
        }
        if (prefixHash === undefined && entry.chained) prefixHash = prefix.digest();
        if (prefixHash === undefined) prefix.add(raw.text);
        lines.push(entry);
      }
    }
    const legacyLines = prefixHash === undefined ? lines.length : lines.findIndex((l) => l.chained);
    return { lines, tornBytes: size - end, prefixHash: prefixHash ?? prefix.digest(), legacyLines };
  } finally {
    await fh.close();
  }
}
