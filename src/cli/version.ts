import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Baton's version from its package.json, read at run time so the bundle never goes stale.
 * The bundle sits in `dist/` (package.json one level up); run from source with tsx it sits in
 * `src/cli/` (two levels up). The name check keeps us from reporting some other package's
 * version when the layout is unexpected; then the answer is `unknown`, never a crash.
 */
export function readVersion(from: string | undefined = typeof __dirname === 'string' ? __dirname : undefined): string {
  if (from === undefined) return 'unknown';
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const manifest: unknown = JSON.parse(fs.readFileSync(path.resolve(from, candidate), 'utf8'));
      if (isBatonManifest(manifest)) return manifest.version;
    } catch {
      // Missing or unreadable: try the next candidate.
    }
  }
  return 'unknown';
}

function isBatonManifest(value: unknown): value is { name: string; version: string } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.name === 'baton' && typeof record.version === 'string';
}
