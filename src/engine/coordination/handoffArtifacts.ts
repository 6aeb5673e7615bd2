import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** Artifact paths an agent reported, kept when they lie inside its worktree. */
export interface ConfinedArtifacts {
  /** Repository-relative, forward slashes, in the order reported, without duplicates. */
  kept: string[];
  /** Reported paths that point outside the worktree, dropped. */
  dropped: string[];
}

/**
 * Confines reported artifacts to the worktree: relative paths resolve from the worktree root,
 * absolute ones must lie inside it; anything else (`../x`, `/etc/passwd`) is dropped, so a
 * handoff can never point the next agent or a reviewer outside the task's own files.
 */
export function confineArtifacts(reported: readonly string[], worktree: string): ConfinedArtifacts {
  const root = path.resolve(worktree);
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const raw of reported) {
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const rel = path.relative(root, path.resolve(root, trimmed));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      dropped.push(raw);
      continue;
    }
    const normal = rel.split(path.sep).join('/');
    if (!kept.includes(normal)) kept.push(normal);
  }
  return { kept, dropped };
}

/**
 * Declared `handoff_artifacts` the task did not deliver (seed 004 pattern 2: the next step
 * needs them). One that looks like a path (has a `/` or a `.`) must exist in the worktree, in
 * the workspace folder; a bare name such as `migration_script` must be named by one of the
 * artifacts the agent reported.
 */
export async function missingHandoffArtifacts(declared: readonly string[], workspaceDir: string, reported: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of declared) {
    if (/[/.]/.test(name)) {
      const full = path.resolve(workspaceDir, name);
      const rel = path.relative(workspaceDir, full);
      const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
      if (!inside || !(await fs.access(full).then(() => true, () => false))) missing.push(name);
    } else if (!reported.some((a) => a === name || a.toLowerCase().includes(name.toLowerCase()))) {
      missing.push(name);
    }
  }
  return missing;
}
