import * as path from 'node:path';

/** True when `candidate` (absolute) is `root` or inside it — paths from config never escape the workspace. */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
