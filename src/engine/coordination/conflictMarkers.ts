import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** A line git writes around a conflict: `<<<<<<< ours`, `=======`, `>>>>>>> theirs`. */
const MARKER = /^(<{7}(?: .*)?|={7}|>{7}(?: .*)?)$/m;

/** The files (repository-relative, in `worktree`) that still hold conflict markers; missing files have none. */
export async function filesWithConflictMarkers(worktree: string, files: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    const text = await fs.readFile(path.join(worktree, file), 'utf8').catch(() => '');
    if (MARKER.test(text)) out.push(file);
  }
  return out;
}
